// Sv39 page tables, VMA bookkeeping, demand paging, copy-on-write fork and the
// software-walked user copies.
#include "mm/vm.hpp"

#include "arch/riscv/csr.hpp"
#include "mm/kmalloc.hpp"
#include "mm/page.hpp"
#include "proc/cpu.hpp"

namespace starlet {
namespace {
enum Pte : u64 {
  kV = 1,
  kR = 2,
  kW = 4,
  kX = 8,
  kU = 16,
  kG = 32,
  kA = 64,
  kD = 128,
  kSoft = 256,  // RSW bit: a page kept while its PTE is invalid (PROT_NONE)
};
u64 g_kernel_root;
u64 g_kernel_window_end;
u64 g_trampoline_page;

u64 pte_pa(u64 pte) { return (pte >> 10) << 12; }
u64 make_pte(u64 pa, u64 bits) { return ((pa >> 12) << 10) | bits; }
u64* table(u64 pa) { return reinterpret_cast<u64*>(pa); }
bool leaf_present(u64 pte) { return (pte & kV) || (pte & kSoft); }

// After PTEs of a live space changed: this hart's TLB and every other hart running `mm`.
// Frames unmapped before the flush are freed, but nothing can allocate them before it: this
// hart holds the kernel lock and allocates nothing in between.
void flush_mm(Mm* mm) {
  sfence_vma();
  tlb_flush_others(mm);
}

u64 prot_bits(u32 prot) {
  if (!(prot & (kProtRead | kProtWrite | kProtExec))) return kSoft;
  u64 b = kV | kU | kA | kD;
  if (prot & (kProtRead | kProtWrite)) b |= kR;
  if (prot & kProtWrite) b |= kW;
  if (prot & kProtExec) b |= kX;
  return b;
}

// Returns the level-0 PTE for va; with alloc, creates missing tables (nullptr if out of memory).
u64* walk(u64 root, u64 va, bool alloc) {
  u64* t = table(root);
  for (int level = 2; level > 0; level--) {
    u64& e = t[(va >> (12 + 9 * level)) & 511];
    if (!(e & kV)) {
      if (!alloc) return nullptr;
      u64 pa = page_alloc();
      if (!pa) return nullptr;
      e = make_pte(pa, kV);
    }
    t = table(pte_pa(e));
  }
  return &t[(va >> 12) & 511];
}

// Calls fn(va, pte&) for every level-0 PTE slot with a page in [start, end).
template <typename Fn>
void for_each_page(u64 root, u64 start, u64 end, Fn fn) {
  for (u64 va = start; va < end;) {
    u64* pte = walk(root, va, false);
    if (!pte) {
      va = (va | ((1ull << 21) - 1)) + 1;  // no level-0 table here: skip 2 MiB
      continue;
    }
    if (leaf_present(*pte)) fn(va, *pte);
    va += kPageSize;
  }
}

void free_tables(u64 pa, int level) {
  if (level > 0) {
    u64* t = table(pa);
    for (int i = 0; i < (level == 2 ? 256 : 512); i++) {  // the root's upper half is shared
      if ((t[i] & kV) && !(t[i] & (kR | kW | kX))) free_tables(pte_pa(t[i]), level - 1);
    }
  }
  page_put(pa);
}

Vma* new_vma(u64 start, u64 end, u32 prot, u32 flags) {
  Vma* v = knew<Vma>();
  if (v) *v = Vma{start, end, prot, flags, nullptr};
  return v;
}

void insert_vma(Mm* mm, Vma* v) {
  Vma** pp = &mm->vmas;
  while (*pp && (*pp)->start < v->start) pp = &(*pp)->next;
  v->next = *pp;
  *pp = v;
}

// Splits VMAs so that none straddles addr; false when out of memory.
bool split_at(Mm* mm, u64 addr) {
  for (Vma* v = mm->vmas; v; v = v->next) {
    if (v->start < addr && addr < v->end) {
      Vma* tail = new_vma(addr, v->end, v->prot, v->flags);
      if (!tail) return false;
      v->end = addr;
      tail->next = v->next;
      v->next = tail;
      return true;
    }
  }
  return true;
}

// A write to a private page that fork left shared (read-only in every space that has it):
// the last holder takes the frame back writable, any other gets its own copy. The other
// harts running this space drop the read-only entry, which still names the shared frame.
bool break_cow(Mm* mm, u64* pte) {
  u64 pa = pte_pa(*pte);
  if (page_refs(pa) > 1) {
    u64 copy = page_alloc();
    if (!copy) return false;
    memcpy(reinterpret_cast<void*>(copy), reinterpret_cast<void*>(pa), kPageSize);
    page_put(pa);
    pa = copy;
  }
  *pte = make_pte(pa, (*pte & 0x3ff) | kW);
  flush_mm(mm);
  return true;
}
}  // namespace

void vm_init(u64 ram_base, u64 ram_end) {
  g_kernel_root = page_alloc();
  u64* root = table(g_kernel_root);
  // Identity gigapages over RAM (kernel text, heap, page tables, kernel stacks).
  u64 gb = 1ull << 30;
  u64 first = ram_base & ~(gb - 1);
  g_kernel_window_end = (ram_end + gb - 1) & ~(gb - 1);
  for (u64 a = first; a < g_kernel_window_end; a += gb) {
    root[(a >> 30) & 511] = make_pte(a, kV | kR | kW | kX | kA | kD | kG);
  }
  // MMIO (physical 0..1 GiB) aliased in the high half so user space keeps the low addresses.
  root[(kMmioBase >> 30) & 511] = make_pte(0, kV | kR | kW | kA | kD | kG);
  mm_activate(nullptr);
  // The rt_sigreturn trampoline every address space maps: li a7, 139; ecall.
  g_trampoline_page = page_alloc();
  auto* code = reinterpret_cast<u32*>(g_trampoline_page);
  code[0] = 0x08b00893;
  code[1] = 0x00000073;
}

void mm_activate(Mm* mm) {
  u64 root = mm ? mm->root : g_kernel_root;
  STARLET_CSR_WRITE(satp, (8ull << 60) | (root >> 12));
  sfence_vma();
}

Mm* mm_create() {
  Mm* mm = knew<Mm>();
  if (!mm) return nullptr;
  mm->root = page_alloc();
  if (!mm->root) {
    kdelete(mm);
    return nullptr;
  }
  for (int i = 256; i < 512; i++) table(mm->root)[i] = table(g_kernel_root)[i];
  for (int i = 0; i < 256; i++) {
    if (table(g_kernel_root)[i] & kG) table(mm->root)[i] = table(g_kernel_root)[i];
  }
  Vma* tramp =
      new_vma(kSigTrampoline, kSigTrampoline + kPageSize, kProtRead | kProtExec, kVmaShared);
  u64* pte = tramp ? walk(mm->root, kSigTrampoline, true) : nullptr;
  if (!pte) {
    kdelete(tramp);
    mm_put(mm);
    return nullptr;
  }
  insert_vma(mm, tramp);
  page_get(g_trampoline_page);
  *pte = make_pte(g_trampoline_page, prot_bits(kProtRead | kProtExec));
  return mm;
}

void mm_put(Mm* mm) {
  if (!mm || --mm->refs > 0) return;
  while (mm->vmas) {
    Vma* v = mm->vmas;
    mm_unmap(mm, v->start, v->end - v->start);
  }
  if (mm->root) free_tables(mm->root, 2);
  kdelete(mm);
}

bool user_range_ok(u64 start, u64 len) {
  u64 end = start + len;
  if (end < start || end > kUserTop) return false;
  return end <= kKernelWindow || start >= g_kernel_window_end;
}

Vma* mm_find_vma(Mm* mm, u64 va) {
  for (Vma* v = mm->vmas; v; v = v->next) {
    if (va >= v->start && va < v->end) return v;
  }
  return nullptr;
}

int mm_move(Mm* mm, u64 from, u64 len, u64 to) {
  if (!user_range_ok(to, len)) return -kENOMEM;
  u64 end = from + len;
  // Each VMA piece keeps its rights at the new place; the frames change address, not owner.
  bool ok = true;
  for (Vma* v = mm->vmas; v && ok; v = v->next) {
    u64 lo = max(v->start, from), hi = min(v->end, end);
    if (lo >= hi) continue;  // outside (the pieces already moved lie outside too)
    Vma* moved = new_vma(to + (lo - from), to + (hi - from), v->prot, v->flags & ~kVmaStack);
    if (!moved) return -kENOMEM;
    for_each_page(mm->root, lo, hi, [&](u64 va, u64& pte) {
      u64* dst = ok ? walk(mm->root, to + (va - from), true) : nullptr;
      if (!dst) {
        ok = false;
        return;
      }
      *dst = pte;
      pte = 0;
    });
    insert_vma(mm, moved);
  }
  mm_unmap(mm, from, len);
  return ok ? 0 : -kENOMEM;
}

bool mm_covered(Mm* mm, u64 start, u64 len) {
  for (u64 a = start; a < start + len;) {
    Vma* v = mm_find_vma(mm, a);
    if (!v) return false;
    a = v->end;
  }
  return true;
}

u64 mm_resident_pages(Mm* mm, u64 start, u64 end) {
  u64 n = 0;
  for_each_page(mm->root, start, end, [&](u64, u64&) { n++; });
  return n;
}

int mm_map(Mm* mm, u64 start, u64 len, u32 prot, u32 flags) {
  if (!len || !user_range_ok(start, len)) return -kENOMEM;
  Vma* v = new_vma(start, start + len, prot, flags);
  if (!v) return -kENOMEM;
  insert_vma(mm, v);
  if (flags & kVmaShared) {
    // Shared pages exist from the start so that fork shares them, not copies of them.
    for (u64 va = start; va < start + len; va += kPageSize) {
      u64* pte = walk(mm->root, va, true);
      u64 pa = pte ? page_alloc() : 0;
      if (!pa) {
        mm_unmap(mm, start, len);
        return -kENOMEM;
      }
      *pte = make_pte(pa, prot_bits(prot));
    }
  }
  // New entries only (the range was free): other harts fault at worst, spuriously (mm_fault).
  sfence_vma();
  return 0;
}

int mm_map_holes(Mm* mm, u64 start, u64 len, u32 prot, u32 flags) {
  u64 end = start + len;
  // One pass over the sorted list, one VMA per hole: the cost follows the VMA count, not the
  // page count (a 1 GiB bss is a single VMA).
  for (Vma* v = mm->vmas; v && start < end; v = v->next) {
    if (v->end <= start) continue;
    if (v->start >= end) break;
    if (v->start > start) {
      int r = mm_map(mm, start, v->start - start, prot, flags);
      if (r < 0) return r;
    }
    start = v->end;
  }
  return start < end ? mm_map(mm, start, end - start, prot, flags) : 0;
}

int mm_unmap(Mm* mm, u64 start, u64 len) {
  u64 end = start + len;
  if (!split_at(mm, start) || !split_at(mm, end)) return -kENOMEM;
  for_each_page(mm->root, start, end, [](u64, u64& pte) {
    page_put(pte_pa(pte));
    pte = 0;
  });
  for (Vma** pp = &mm->vmas; *pp;) {
    Vma* v = *pp;
    if (v->start >= start && v->end <= end) {
      *pp = v->next;
      kdelete(v);
    } else {
      pp = &v->next;
    }
  }
  flush_mm(mm);
  return 0;
}

int mm_protect(Mm* mm, u64 start, u64 len, u32 prot) {
  u64 end = start + len;
  for (u64 a = start; a < end;) {  // Linux: ENOMEM when part of the range is unmapped
    Vma* v = mm_find_vma(mm, a);
    if (!v) return -kENOMEM;
    a = v->end;
  }
  if (!split_at(mm, start) || !split_at(mm, end)) return -kENOMEM;
  for (Vma* v = mm->vmas; v; v = v->next) {
    if (v->start < start || v->end > end) continue;
    v->prot = prot;
    u64 bits = prot_bits(prot);
    bool is_private = !(v->flags & kVmaShared);
    for_each_page(mm->root, v->start, v->end, [&](u64, u64& pte) {
      u64 pa = pte_pa(pte);
      // A private page another space shares stays read-only: the first write copies it.
      pte = make_pte(pa, is_private && page_refs(pa) > 1 ? bits & ~u64{kW} : bits);
    });
  }
  flush_mm(mm);
  return 0;
}

void mm_discard(Mm* mm, u64 start, u64 len) {
  for_each_page(mm->root, start, start + len, [mm](u64 va, u64& pte) {
    Vma* v = mm_find_vma(mm, va);
    if (v && (v->flags & kVmaShared)) return;  // shared memory keeps its contents
    page_put(pte_pa(pte));
    pte = 0;
  });
  flush_mm(mm);
}

u64 mm_find_free(Mm* mm, u64 len) {
  u64 top = kMmapTop;
  for (;;) {
    if (top < len + kPageSize * 16) return 0;
    u64 cand = top - len;
    Vma* hit = nullptr;
    for (Vma* v = mm->vmas; v; v = v->next) {
      if (v->start < cand + len && cand < v->end) hit = v;  // keep the lowest overlapping
      if (hit) break;
    }
    if (!hit && user_range_ok(cand, len)) return cand;
    if (hit)
      top = hit->start;
    else
      top = kKernelWindow;
  }
}

bool mm_fault(Mm* mm, u64 va, Access access) {
  if (!mm) return false;
  Vma* v = mm_find_vma(mm, va);
  if (!v) return false;
  u32 need = access == Access::kWrite  ? kProtWrite
             : access == Access::kExec ? kProtExec
                                       : kProtRead;
  if (access == Access::kRead && (v->prot & kProtWrite)) need = kProtWrite;
  if (!(v->prot & need)) return false;
  u64* pte = walk(mm->root, page_down(va), true);
  if (!pte) return false;
  if ((*pte & kV) && access == Access::kWrite && !(*pte & kW) && !(v->flags & kVmaShared))
    return break_cow(mm, pte);
  if (*pte & kV) {
    // Another hart mapped it between this hart's fault and its turn for the kernel lock:
    // a spurious fault when the rights allow the access (this hart's TLB may be stale).
    bool allowed = access == Access::kWrite  ? (*pte & kW)
                   : access == Access::kExec ? (*pte & kX)
                                             : (*pte & kR);
    if (allowed) sfence_vma();
    return allowed;
  }
  if (leaf_present(*pte)) return false;  // PROT_NONE: not ours to fix
  u64 pa = page_alloc();
  if (!pa) return false;
  *pte = make_pte(pa, prot_bits(v->prot));
  sfence_vma();
  return true;
}

Mm* mm_fork(Mm* src) {
  Mm* mm = knew<Mm>();
  if (!mm) return nullptr;
  mm->root = page_alloc();
  if (!mm->root) {
    kdelete(mm);
    return nullptr;
  }
  for (int i = 0; i < 512; i++) {
    if (table(g_kernel_root)[i] & kG) table(mm->root)[i] = table(g_kernel_root)[i];
  }
  mm->brk_start = src->brk_start;
  mm->brk = src->brk;
  // The image's layout too: a forked child's /proc/PID/cmdline, environ and stat read the
  // parent's argv and environment until it execs, as on Linux.
  mm->start_code = src->start_code, mm->end_code = src->end_code;
  mm->start_data = src->start_data, mm->end_data = src->end_data;
  mm->start_stack = src->start_stack;
  mm->arg_start = src->arg_start, mm->arg_end = src->arg_end;
  mm->env_start = src->env_start, mm->env_end = src->env_end;
  for (Vma* v = src->vmas; v; v = v->next) {
    Vma* c = new_vma(v->start, v->end, v->prot, v->flags);
    if (!c) {
      mm_put(mm);
      return nullptr;
    }
    insert_vma(mm, c);
    bool ok = true;
    u64 dst_root = mm->root;
    // Copy on write: both spaces share every frame; a private page loses W in both, and the
    // first write in either copies it (break_cow). Shared mappings keep W.
    bool is_private = !(v->flags & kVmaShared);
    for_each_page(src->root, v->start, v->end, [&](u64 va, u64& pte) {
      if (!ok) return;
      u64* d = walk(dst_root, va, true);
      if (!d) {
        ok = false;
        return;
      }
      page_get(pte_pa(pte));
      if (is_private) pte &= ~u64{kW};
      *d = pte;
    });
    if (!ok) {
      flush_mm(src);
      mm_put(mm);
      return nullptr;
    }
  }
  flush_mm(src);  // the parent's threads on other harts must not keep writable entries
  return mm;
}

u8* user_translate(Mm* mm, u64 va, Access access) {
  if (!mm || !user_range_ok(va, 1)) return nullptr;
  for (int attempt = 0; attempt < 2; attempt++) {
    u64* pte = walk(mm->root, va, false);
    if (pte && (*pte & kV) && (*pte & kU)) {
      bool ok = access == Access::kWrite ? (*pte & kW) : (*pte & kR);
      if (ok) return reinterpret_cast<u8*>(pte_pa(*pte) + (va & (kPageSize - 1)));
      // A write to a read-only PTE may be a copy-on-write page: mm_fault decides.
      if (access != Access::kWrite) return nullptr;
    }
    if (attempt == 0 && !mm_fault(mm, va, access)) return nullptr;
  }
  return nullptr;
}

bool copy_from_user(void* dst, u64 uva, size_t n) {
  Mm* mm = current_mm();
  auto* d = static_cast<u8*>(dst);
  while (n) {
    u8* k = user_translate(mm, uva, Access::kRead);
    if (!k) return false;
    size_t chunk = min<size_t>(n, kPageSize - (uva & (kPageSize - 1)));
    memcpy(d, k, chunk);
    d += chunk, uva += chunk, n -= chunk;
  }
  return true;
}

bool copy_in_mm(Mm* mm, u64 uva, const void* src, size_t n) {
  auto* s = static_cast<const u8*>(src);
  while (n) {
    u8* k = user_translate(mm, uva, Access::kWrite);
    if (!k) return false;
    size_t chunk = min<size_t>(n, kPageSize - (uva & (kPageSize - 1)));
    memcpy(k, s, chunk);
    s += chunk, uva += chunk, n -= chunk;
  }
  return true;
}

bool copy_to_user(u64 uva, const void* src, size_t n) {
  return copy_in_mm(current_mm(), uva, src, n);
}

long strncpy_from_user(char* dst, u64 uva, size_t cap) {
  Mm* mm = current_mm();
  for (size_t i = 0; i < cap; i++) {
    u8* k = user_translate(mm, uva + i, Access::kRead);
    if (!k) return -kEFAULT;
    dst[i] = static_cast<char>(*k);
    if (!dst[i]) return static_cast<long>(i);
  }
  return -kENAMETOOLONG;
}

}  // namespace starlet
