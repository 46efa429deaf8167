// execve: the static / static-pie ELF loader, the initial stack with argv, envp and auxv.
#include "arch/riscv/csr.hpp"
#include "fs/vfs.hpp"
#include "mm/kmalloc.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
constexpr u64 kPieBase = 0x2aaaaab000ull;  // where Linux puts ET_DYN without an interpreter (Sv39)
constexpr u64 kArgMax = 128 * 1024;
constexpr int kMaxArgs = 4096;

struct Ehdr {
  u8 ident[16];
  u16 type, machine;
  u32 version;
  u64 entry, phoff, shoff;
  u32 flags;
  u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct Phdr {
  u32 type, flags;
  u64 offset, vaddr, paddr, filesz, memsz, align;
};
enum { kPtLoad = 1, kPtInterp = 3, kPtPhdr = 6 };

// Argument strings gathered in kernel memory before the old image is torn down.
struct ArgBlock {
  char* buf;
  u64 used;
  int argc, envc;
  char* ptrs[kMaxArgs];
};

u64 g_rand_state = 0x9e3779b97f4a7c15ull;

long add_string(ArgBlock* b, const char* s, size_t len, bool is_env) {
  if (b->argc + b->envc >= kMaxArgs || b->used + len + 1 > kArgMax) return -kE2BIG;
  memcpy(b->buf + b->used, s, len);
  b->buf[b->used + len] = 0;
  b->ptrs[b->argc + b->envc] = b->buf + b->used;
  b->used += len + 1;
  (is_env ? b->envc : b->argc)++;
  return 0;
}

long copy_strings(ArgBlock* b, u64 uvec, bool is_env) {
  if (!uvec) return 0;
  for (int i = 0;; i++) {
    u64 p;
    if (!get_user(&p, uvec + 8 * i)) return -kEFAULT;
    if (!p) return 0;
    if (b->argc + b->envc >= kMaxArgs) return -kE2BIG;
    long n = strncpy_from_user(b->buf + b->used, p, kArgMax - b->used);
    if (n == -kENAMETOOLONG) return -kE2BIG;
    if (n < 0) return -kEFAULT;
    b->ptrs[b->argc + b->envc] = b->buf + b->used;
    b->used += n + 1;
    (is_env ? b->envc : b->argc)++;
  }
}

u32 prot_of(u32 pflags) {
  return ((pflags & 4) ? u32{kProtRead} : 0u) | ((pflags & 2) ? u32{kProtWrite} : 0u) |
         ((pflags & 1) ? u32{kProtExec} : 0u);
}

// Builds the new address space; nothing of the caller changes until it succeeds.
long load_elf(Inode* in, Mm** out_mm, u64* entry, u64* phdr_addr, u16* phnum) {
  if (in->size < sizeof(Ehdr)) return -kENOEXEC;
  Ehdr eh;
  memcpy(&eh, in->data, sizeof eh);
  if (memcmp(eh.ident, "\177ELF", 4) || eh.ident[4] != 2 || eh.ident[5] != 1 ||
      (eh.type != 2 && eh.type != 3) || eh.machine != 243 || eh.phentsize != sizeof(Phdr) ||
      eh.phnum == 0 || eh.phnum > 64 || eh.phoff > in->size ||
      eh.phoff + u64{eh.phnum} * sizeof(Phdr) > in->size) {
    return -kENOEXEC;
  }
  Phdr ph[64];
  memcpy(ph, in->data + eh.phoff, eh.phnum * sizeof(Phdr));
  u64 base = eh.type == 3 ? kPieBase : 0;
  *phdr_addr = 0;
  for (int i = 0; i < eh.phnum; i++) {
    if (ph[i].type == kPtInterp) return -kENOEXEC;  // no dynamic loader in starlet
    if (ph[i].type == kPtLoad &&
        (ph[i].filesz > ph[i].memsz || ph[i].offset + ph[i].filesz > in->size ||
         ph[i].offset + ph[i].filesz < ph[i].offset ||
         !user_range_ok(base + ph[i].vaddr, ph[i].memsz))) {
      return -kENOEXEC;
    }
    if (ph[i].type == kPtPhdr) *phdr_addr = base + ph[i].vaddr;
  }
  Mm* mm = mm_create();
  if (!mm) return -kENOMEM;
  u64 brk = 0;
  bool any = false;
  for (int i = 0; i < eh.phnum; i++) {
    if (ph[i].type != kPtLoad || ph[i].memsz == 0) continue;
    any = true;
    u64 start = page_down(base + ph[i].vaddr), end = page_up(base + ph[i].vaddr + ph[i].memsz);
    // Map what no earlier segment mapped (segments may share a page).
    if (mm_map_holes(mm, start, end - start, kProtRead | kProtWrite, kVmaImage) < 0) {
      mm_put(mm);
      return -kENOMEM;
    }
    if (!copy_in_mm(mm, base + ph[i].vaddr, in->data + ph[i].offset, ph[i].filesz)) {
      mm_put(mm);
      return -kENOMEM;
    }
    if (!*phdr_addr && eh.phoff >= ph[i].offset && eh.phoff < ph[i].offset + ph[i].filesz) {
      *phdr_addr = base + ph[i].vaddr + (eh.phoff - ph[i].offset);
    }
    brk = max(brk, end);
    u64 seg_start = base + ph[i].vaddr, seg_end = seg_start + ph[i].filesz;
    if (ph[i].flags & 1) {  // PF_X: the text (Linux keeps the lowest start, highest end)
      mm->start_code = mm->start_code ? min(mm->start_code, seg_start) : seg_start;
      mm->end_code = max(mm->end_code, seg_end);
    } else {
      mm->start_data = mm->start_data ? min(mm->start_data, seg_start) : seg_start;
      mm->end_data = max(mm->end_data, seg_end);
    }
  }
  if (!any) {
    mm_put(mm);
    return -kENOEXEC;
  }
  for (int i = 0; i < eh.phnum; i++) {
    if (ph[i].type != kPtLoad || ph[i].memsz == 0) continue;
    u64 start = page_down(base + ph[i].vaddr), end = page_up(base + ph[i].vaddr + ph[i].memsz);
    u32 prot = prot_of(ph[i].flags);
    // A page shared with an earlier segment keeps the union of both permissions.
    for (int j = 0; j < i; j++) {
      if (ph[j].type != kPtLoad) continue;
      u64 s2 = page_down(base + ph[j].vaddr), e2 = page_up(base + ph[j].vaddr + ph[j].memsz);
      if (s2 < end && start < e2) prot |= prot_of(ph[j].flags);
    }
    mm_protect(mm, start, end - start, prot);
  }
  if (mm_map(mm, kStackTop - kStackSize, kStackSize, kProtRead | kProtWrite, kVmaStack) < 0) {
    mm_put(mm);
    return -kENOMEM;
  }
  mm->brk_start = mm->brk = brk;
  *out_mm = mm;
  *entry = base + eh.entry;
  *phnum = eh.phnum;
  return 0;
}

// Lays out strings, AT_RANDOM bytes, auxv, envp, argv and argc; returns the initial sp.
u64 build_stack(Mm* mm, ArgBlock* b, const char* execfn, u64 entry, u64 phdr, u16 phnum) {
  u64 sp = kStackTop;
  auto push_bytes = [&](const void* p, u64 n) -> u64 {
    sp -= n;
    return copy_in_mm(mm, sp, p, n) ? sp : 0;
  };
  u64 fn_addr = push_bytes(execfn, kstrlen(execfn) + 1);
  // Lives in the heap: kMaxArgs addresses would overflow the 16 KiB kernel stack.
  auto* str_addr = static_cast<u64*>(kmalloc(sizeof(u64) * kMaxArgs));
  if (!str_addr) return 0;
  u64 strings_end = sp;
  for (int i = b->argc + b->envc - 1; i >= 0; i--)
    str_addr[i] = push_bytes(b->ptrs[i], kstrlen(b->ptrs[i]) + 1);
  // argv's strings lie below envp's, both contiguous: /proc/PID/cmdline reads them back.
  mm->arg_start = sp;
  mm->arg_end = b->envc ? str_addr[b->argc] : strings_end;
  mm->env_start = mm->arg_end;
  mm->env_end = strings_end;
  u8 rnd[16];
  for (auto& r : rnd) {
    g_rand_state ^= g_rand_state << 13, g_rand_state ^= g_rand_state >> 7,
        g_rand_state ^= g_rand_state << 17;
    r = static_cast<u8>(g_rand_state);
  }
  u64 rnd_addr = push_bytes(rnd, sizeof rnd);
  sp &= ~15ull;
  u64 auxv[] = {3,  phdr,     4,  sizeof(Phdr),
                5,  phnum,    6,  kPageSize,
                7,  0,        8,  0,
                9,  entry,    11, 0,
                12, 0,        13, 0,
                14, 0,        16, 0x112d /* IMAFDC */,
                17, 100,      23, 0,
                25, rnd_addr, 31, fn_addr,
                0,  0};
  u64 words = 1 + b->argc + 1 + b->envc + 1 + sizeof(auxv) / 8;
  sp -= words * 8;
  sp &= ~15ull;
  mm->start_stack = sp;
  u64 w = sp;
  auto put = [&](u64 v) {
    copy_in_mm(mm, w, &v, 8);
    w += 8;
  };
  put(static_cast<u64>(b->argc));
  for (int i = 0; i < b->argc; i++) put(str_addr[i]);
  put(0);
  for (int i = 0; i < b->envc; i++) put(str_addr[b->argc + i]);
  put(0);
  for (u64 v : auxv) put(v);
  kfree(str_addr);
  return sp;
}

long do_exec(const char* path, ArgBlock* b) {
  Task* t = current();
  Inode* in;
  long r = path_lookup(t->fs->cwd, path, &in);
  if (r < 0) return r;
  if (!in->is_reg()) return -kEACCES;
  if (!(in->mode & 0111)) return -kEACCES;
  Mm* mm;
  u64 entry, phdr;
  u16 phnum;
  if ((r = load_elf(in, &mm, &entry, &phdr, &phnum)) < 0) return r;
  u64 sp = build_stack(mm, b, path, entry, phdr, phnum);
  if (!sp) {
    mm_put(mm);
    return -kENOMEM;
  }
  // Point of no return: the old image goes away.
  for (Task* o = task_list(); o; o = o->next_all) {
    if (o != t && o->tg == t->tg && o->state != TaskState::kDead) {
      o->kill_thread = true;
      wake_task(o);
    }
  }
  if (t->clear_child_tid && t->mm) {
    u32 zero = 0;
    if (copy_to_user(t->clear_child_tid, &zero, 4)) futex_wake(t->mm, t->clear_child_tid, 1, ~0u);
  }
  t->clear_child_tid = 0;
  t->robust_list = 0;
  Mm* old = t->mm;
  t->mm = mm;
  mm_activate(mm);
  if (old) mm_put(old);
  if (t->vfork_parent) {
    t->vfork_parent->vfork_done = true;
    wake_all(&t->vfork_parent->vfork_done);
    t->vfork_parent = nullptr;
  }
  files_close_on_exec(t->files);
  flush_signal_handlers(t);
  caps_on_exec(t);
  t->altstack_sp = t->altstack_size = 0;
  t->altstack_flags = 2;
  if (path[0] == '/') {
    ksnprintf(t->tg->exe, sizeof t->tg->exe, "%s", path);
  } else {
    char cwd[256];
    inode_path(t->fs->cwd, cwd, sizeof cwd);
    ksnprintf(t->tg->exe, sizeof t->tg->exe, "%s/%s", kstrcmp(cwd, "/") ? cwd : "", path);
  }
  TrapFrame* f = t->frame();
  memset(f->regs, 0, sizeof f->regs);
  f->sp() = sp;
  f->sepc = entry;
  f->sstatus = (STARLET_CSR_READ(sstatus) & ~(kSstatusSpp | kSstatusSie | kSstatusFsMask)) |
               kSstatusSpie | kSstatusFsInitial;
  f->scause = ~0ull;
  u64 zero_fp[33] = {};
  fp_restore(zero_fp);
  return 0;
}

ArgBlock* new_argblock() {
  auto* b = static_cast<ArgBlock*>(kmalloc(sizeof(ArgBlock)));
  if (!b) return nullptr;
  b->buf = static_cast<char*>(kmalloc(kArgMax));
  if (!b->buf) {
    kfree(b);
    return nullptr;
  }
  return b;
}
void free_argblock(ArgBlock* b) {
  kfree(b->buf);
  kfree(b);
}
}  // namespace

SYSCALL_DEFINE(execve) {
  char path[512];
  long n = strncpy_from_user(path, a0, sizeof path);
  if (n < 0) return n == -kENAMETOOLONG ? n : -kEFAULT;
  if (n == 0) return -kENOENT;
  ArgBlock* b = new_argblock();
  if (!b) return -kENOMEM;
  long r = copy_strings(b, a1, false);
  if (!r) {
    // envp strings follow argv in ptrs[]; copy_strings appends in that order.
    r = copy_strings(b, a2, true);
  }
  if (!r) r = do_exec(path, b);
  free_argblock(b);
  return r;
}

void start_init(const char* bootargs) {
  Task* t = task_alloc();
  ThreadGroup* g = group_alloc(t->tid);
  KASSERT(t && g && t->tid == 1);
  g->leader = t;
  g->nr_threads = 1;
  g->pgid = g->sid = 1;
  t->tg = g;
  t->files = files_new();
  t->sighand = knew<SigHand>();
  t->fs = knew<FsCtx>();
  t->fs->cwd = g_root;
  for (int fd = 0; fd < 3; fd++) {
    File* f = file_new(FileKind::kConsole);
    f->flags = kORdwr;
    fd_install(t->files, f, fd, false);
  }
  ArgBlock* b = new_argblock();
  add_string(b, "/init", 5, false);
  for (const char* p = bootargs; *p;) {
    while (*p == ' ') p++;
    const char* e = p;
    while (*e && *e != ' ') e++;
    if (e > p) add_string(b, p, e - p, false);
    p = e;
  }
  add_string(b, "HOME=/", 6, true);
  add_string(b, "PATH=/bin", 9, true);
  add_string(b, "TERM=dumb", 9, true);
  Task* boot = current();
  set_current(t);  // exec works on the current task
  long r = do_exec("/init", b);
  set_current(boot);
  free_argblock(b);
  if (r < 0) panic("cannot run /init: error %ld (is the initramfs missing?)", r);
  t->ctx.ra = reinterpret_cast<u64>(&ret_from_fork);
  t->ctx.sp = reinterpret_cast<u64>(t->frame());
}

}  // namespace starlet
