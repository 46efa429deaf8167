// Memory syscalls: brk, mmap, munmap, mprotect, madvise, with Linux's argument checks.
#include "fs/vfs.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
enum MapFlags : u64 {
  kMapShared = 1,
  kMapPrivate = 2,
  kMapSharedValidate = 3,
  kMapType = 0xf,
  kMapFixed = 0x10,
  kMapAnonymous = 0x20,
  kMapGrowsdown = 0x100,
  kMapDenywrite = 0x800,
  kMapExecutable = 0x1000,
  kMapLocked = 0x2000,
  kMapNoreserve = 0x4000,
  kMapPopulate = 0x8000,
  kMapNonblock = 0x10000,
  kMapStack = 0x20000,
  kMapHugetlb = 0x40000,
  kMapSync = 0x80000,
  kMapFixedNoreplace = 0x100000,
};
constexpr u64 kKnownMapFlags = kMapType | kMapFixed | kMapAnonymous | kMapGrowsdown |
                               kMapDenywrite | kMapExecutable | kMapLocked | kMapNoreserve |
                               kMapPopulate | kMapNonblock | kMapStack | kMapHugetlb | kMapSync |
                               kMapFixedNoreplace;

bool range_mapped_any(Mm* mm, u64 start, u64 end) {
  for (Vma* v = mm->vmas; v; v = v->next) {
    if (v->start < end && start < v->end) return true;
  }
  return false;
}
}  // namespace

SYSCALL_DEFINE(brk) {
  Mm* mm = current_mm();
  u64 want = a0;
  if (want < mm->brk_start) return static_cast<long>(mm->brk);
  u64 old_top = page_up(mm->brk), new_top = page_up(want);
  if (new_top > old_top) {
    if (new_top - mm->brk_start > (1ull << 30) || range_mapped_any(mm, old_top, new_top) ||
        mm_map(mm, old_top, new_top - old_top, kProtRead | kProtWrite, 0) < 0) {
      return static_cast<long>(mm->brk);
    }
  } else if (new_top < old_top) {
    mm_unmap(mm, new_top, old_top - new_top);
  }
  mm->brk = want;
  return static_cast<long>(want);
}

SYSCALL_DEFINE(mmap) {
  u64 addr = a0, len = a1, flags = a3, off = a5;
  u32 prot = static_cast<u32>(a2);
  int fd = static_cast<int>(a4);
  if (off & (kPageSize - 1)) return -kEINVAL;
  File* file = nullptr;
  if (!(flags & kMapAnonymous)) {
    file = fd_get(fd);
    if (!file) return -kEBADF;
  }
  if (!len) return -kEINVAL;
  u64 plen = page_up(len);
  if (!plen || plen > kUserTop) return -kENOMEM;
  if (prot & ~7u) return -kEINVAL;
  switch (flags & kMapType) {
    case kMapShared:
    case kMapPrivate:
      break;
    case kMapSharedValidate:
      if (flags & ~kKnownMapFlags) return -kEOPNOTSUPP;
      break;
    default:
      return -kEINVAL;
  }
  bool shared = (flags & kMapType) != kMapPrivate;
  if (file) {
    if (file->kind != FileKind::kInode || !file->inode->is_reg()) return -kENODEV;
    if ((file->flags & kOAccmode) == kOWronly) return -kEACCES;
    if (shared && (prot & kProtWrite) && (file->flags & kOAccmode) != kORdwr) return -kEACCES;
  }
  Mm* mm = current_mm();
  bool fixed = flags & (kMapFixed | kMapFixedNoreplace);
  if (fixed) {
    if (addr & (kPageSize - 1)) return -kEINVAL;
    if (!user_range_ok(addr, plen)) return -kENOMEM;
    if (range_mapped_any(mm, addr, addr + plen)) {
      if (flags & kMapFixedNoreplace) return -kEEXIST;
      mm_unmap(mm, addr, plen);
    }
  } else {
    addr = page_down(addr);
    if (!addr || !user_range_ok(addr, plen) || range_mapped_any(mm, addr, addr + plen)) {
      addr = mm_find_free(mm, plen);
      if (!addr) return -kENOMEM;
    }
  }
  // File mappings are copies of the file (a shared file mapping is not written back).
  long r = mm_map(mm, addr, plen, file ? (prot | kProtWrite) : prot,
                  shared && !file ? u32{kVmaShared} : 0u);
  if (r < 0) return r;
  if (file) {
    Inode* in = file->inode;
    if (off < in->size) copy_in_mm(mm, addr, in->data + off, min(len, in->size - off));
    mm_protect(mm, addr, plen, prot);
  }
  return static_cast<long>(addr);
}

SYSCALL_DEFINE(munmap) {
  if ((a0 & (kPageSize - 1)) || !a1) return -kEINVAL;
  u64 len = page_up(a1);
  if (!len || !user_range_ok(a0, len)) return -kEINVAL;
  return mm_unmap(current_mm(), a0, len);
}

SYSCALL_DEFINE(mprotect) {
  if (a0 & (kPageSize - 1)) return -kEINVAL;
  if (a2 & ~(7ull | 0x8 | 0x01000000 | 0x02000000)) return -kEINVAL;
  u64 len = page_up(a1);
  if (a1 && !len) return -kENOMEM;
  if (!len) return 0;
  if (a0 + len < a0) return -kENOMEM;
  if (!user_range_ok(a0, len)) return -kENOMEM;
  return mm_protect(current_mm(), a0, len, static_cast<u32>(a2 & 7));
}

SYSCALL_DEFINE(madvise) {
  if (a0 & (kPageSize - 1)) return -kEINVAL;
  int advice = static_cast<int>(a2);
  bool known = (advice >= 0 && advice <= 4) || (advice >= 8 && advice <= 25) || advice == 100 ||
               advice == 101;
  if (!known) return -kEINVAL;
  u64 len = page_up(a1);
  if (a1 && !len) return -kEINVAL;
  if (!len) return 0;
  Mm* mm = current_mm();
  for (u64 a = a0; a < a0 + len;) {
    Vma* v = mm_find_vma(mm, a);
    if (!v) return -kENOMEM;
    a = v->end;
  }
  if (advice == 4) mm_discard(mm, a0, len);  // MADV_DONTNEED
  return 0;
}

// mremap on private and shared anonymous mappings: shrink in place, grow in place when the
// pages above are free, otherwise move with MREMAP_MAYMOVE (or to MREMAP_FIXED's address).
SYSCALL_DEFINE(mremap) {
  constexpr u64 kMaymove = 1, kFixed = 2, kDontunmap = 4;
  u64 old_addr = a0, old_len = page_up(a1), new_len = page_up(a2), flags = a3, new_addr = a4;
  if (flags & ~(kMaymove | kFixed | kDontunmap)) return -kEINVAL;
  if ((flags & kFixed) && !(flags & kMaymove)) return -kEINVAL;
  if (flags & kDontunmap) return -kEINVAL;  // not kept: such a request fails cleanly
  if ((old_addr & (kPageSize - 1)) || new_len == 0 || new_len < a2) return -kEINVAL;
  if (old_len == 0) return -kEINVAL;  // duplicating a shared mapping: not supported
  Mm* mm = current_mm();
  Vma* v = mm_find_vma(mm, old_addr);
  if (!v || !mm_covered(mm, old_addr, old_len)) return -kEFAULT;
  if (flags & kFixed) {
    if ((new_addr & (kPageSize - 1)) || !user_range_ok(new_addr, new_len)) return -kEINVAL;
    if (new_addr < old_addr + old_len && old_addr < new_addr + new_len) return -kEINVAL;
    mm_unmap(mm, new_addr, new_len);
  } else if (new_len <= old_len) {
    if (new_len < old_len) mm_unmap(mm, old_addr + new_len, old_len - new_len);
    return static_cast<long>(old_addr);
  } else {
    u64 tail = old_addr + old_len, grow = new_len - old_len;
    bool free_above = user_range_ok(tail, grow);
    for (Vma* o = mm->vmas; o && free_above; o = o->next) {
      free_above = !(o->start < tail + grow && tail < o->end);
    }
    if (free_above) {
      Vma* top = mm_find_vma(mm, tail - 1);
      if (top->end == tail && !(top->flags & (kVmaShared | kVmaStack))) {
        top->end += grow;  // demand paging fills it; one VMA, as Linux's merge would leave
      } else if (mm_map(mm, tail, grow, top->prot, top->flags & ~kVmaStack) < 0) {
        return -kENOMEM;
      }
      return static_cast<long>(old_addr);
    }
    if (!(flags & kMaymove)) return -kENOMEM;
    new_addr = mm_find_free(mm, new_len);
    if (!new_addr) return -kENOMEM;
  }
  u64 keep = min(old_len, new_len);
  if (old_len > keep) mm_unmap(mm, old_addr + keep, old_len - keep);
  Vma* top = mm_find_vma(mm, old_addr + keep - 1);
  u32 prot = top->prot, vflags = top->flags & ~(kVmaStack | kVmaShared);
  if (mm_move(mm, old_addr, keep, new_addr) < 0) return -kENOMEM;
  if (new_len > keep && mm_map(mm, new_addr + keep, new_len - keep, prot, vflags) < 0) {
    return -kENOMEM;
  }
  return static_cast<long>(new_addr);
}

}  // namespace starlet
