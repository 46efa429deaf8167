// The text of the /proc files, in Linux 6.1's formats (fs/proc/array.c, base.c, meminfo.c,
// arch/riscv/kernel/cpu.c): what ps, top, free, df and mount parse.
#include <stdarg.h>

#include "arch/riscv/csr.hpp"
#include "arch/riscv/sbi.hpp"
#include "fs/procfs.hpp"
#include "kernel/time.hpp"
#include "mm/kmalloc.hpp"
#include "mm/page.hpp"
#include "proc/cpu.hpp"

namespace starlet {

void ProcText::put(const void* bytes, u64 n) {
  if (oom) return;
  if (len + n + 1 > cap) {
    u64 want = max<u64>(cap * 2, len + n + 256);
    auto* grown = static_cast<char*>(kmalloc(want));
    if (!grown) {
      oom = true;
      return;
    }
    if (buf) memcpy(grown, buf, len);
    kfree(buf);
    buf = grown, cap = want;
  }
  memcpy(buf + len, bytes, n);
  len += n;
  buf[len] = 0;
}

void ProcText::add(const char* fmt, ...) {
  char line[256];
  va_list ap;
  va_start(ap, fmt);
  int n = kvsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  put(line, min<u64>(n, sizeof line - 1));
}

const char* const kProcTopFiles[] = {"cpuinfo", "loadavg", "meminfo", "mounts",
                                     "uptime",  "version", nullptr};

namespace {
constexpr u64 kHz = 100;  // USER_HZ: the unit of stat's times

// comm: the executable's base name, at most 15 bytes (TASK_COMM_LEN - 1).
void comm_of(ThreadGroup* g, char out[16]) {
  const char* base = g->exe;
  for (const char* p = g->exe; *p; p++) {
    if (*p == '/') base = p + 1;
  }
  size_t n = min<size_t>(kstrlen(base), 15);
  memcpy(out, base, n);
  out[n] = 0;
}

Task* leader_of(ThreadGroup* g) {
  if (g->leader && g->leader->state != TaskState::kDead) return g->leader;
  for (Task* t = task_list(); t; t = t->next_all) {
    if (t->tg == g && t->state != TaskState::kDead) return t;
  }
  return nullptr;
}

// State letter and its name as status shows it: running, sleeping or zombie.
char state_of(ThreadGroup* g, const char** name) {
  Task* t = leader_of(g);
  if (g->zombie || !t) {
    *name = "Z (zombie)";
    return 'Z';
  }
  for (Task* o = task_list(); o; o = o->next_all) {
    if (o->tg == g && o->state == TaskState::kRunnable) {
      *name = "R (running)";
      return 'R';
    }
  }
  *name = "S (sleeping)";
  return 'S';
}

struct MemUse {
  u64 vm, rss, stack, exe, data;  // pages
};
MemUse mem_use(Mm* mm) {
  MemUse u{};
  if (!mm) return u;
  for (Vma* v = mm->vmas; v; v = v->next) {
    u64 pages = (v->end - v->start) / kPageSize;
    u.vm += pages;
    u.rss += mm_resident_pages(mm, v->start, v->end);
    if (v->flags & kVmaStack) {
      u.stack += pages;
    } else if ((v->flags & kVmaImage) && (v->prot & kProtExec)) {
      u.exe += pages;
    } else if ((v->prot & kProtWrite) && !(v->flags & kVmaShared)) {
      u.data += pages;
    }
  }
  u.vm += (mm->brk - mm->brk_start) / kPageSize;
  u.data += (mm->brk - mm->brk_start) / kPageSize;
  return u;
}

u64 ignored_signals(Task* t) {
  u64 mask = 0;
  for (int s = 1; s <= kNsig; s++) {
    if (t->sighand->act[s].handler == kSigIgn) mask |= sigbit(s);
  }
  return mask;
}
u64 caught_signals(Task* t) {
  u64 mask = 0;
  for (int s = 1; s <= kNsig; s++) {
    if (t->sighand->act[s].handler > kSigIgn) mask |= sigbit(s);
  }
  return mask;
}

void status(ProcText& t, ThreadGroup* g) {
  char comm[16];
  comm_of(g, comm);
  const char* state;
  state_of(g, &state);
  Task* lt = leader_of(g);
  int ppid = g->parent ? g->parent->tgid : 0;
  t.add("Name:\t%s\n", comm);
  if (lt) {
    u32 m = lt->fs->umask;
    t.add("Umask:\t0%u%u%u\n", (m >> 6) & 7, (m >> 3) & 7, m & 7);
  }
  t.add("State:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", state, g->tgid,
        g->tgid, ppid);
  t.add("Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t%d\nGroups:\t \n", lt ? kMaxFds : 0);
  t.add("NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", g->tgid, g->tgid, g->pgid, g->sid);
  if (lt && lt->mm) {
    MemUse u = mem_use(lt->mm);
    constexpr u64 kKb = kPageSize / 1024;
    t.add("VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmLck:\t%8lu kB\nVmPin:\t%8lu kB\n", u.vm * kKb,
          u.vm * kKb, 0ul, 0ul);
    t.add("VmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\nRssAnon:\t%8lu kB\nRssFile:\t%8lu kB\n", u.rss * kKb,
          u.rss * kKb, u.rss * kKb, 0ul);
    t.add("RssShmem:\t%8lu kB\nVmData:\t%8lu kB\nVmStk:\t%8lu kB\nVmExe:\t%8lu kB\n", 0ul,
          u.data * kKb, u.stack * kKb, u.exe * kKb);
    t.add("VmLib:\t%8lu kB\nVmPTE:\t%8lu kB\nVmSwap:\t%8lu kB\n", 0ul, 0ul, 0ul);
    t.add("HugetlbPages:\t%8lu kB\n", 0ul);
  }
  // SigQ: signals queued (starlet queues none beyond the pending masks) / RLIMIT_SIGPENDING.
  constexpr int kRlimitSigpending = 11;
  t.add("CoreDumping:\t0\nTHP_enabled:\t0\nThreads:\t%d\nSigQ:\t0/%lu\n", g->nr_threads,
        rlimit_cur(kRlimitSigpending));
  if (lt) {
    t.add("SigPnd:\t%016lx\nShdPnd:\t%016lx\nSigBlk:\t%016lx\n", lt->pending, g->shared_pending,
          lt->blocked);
    t.add("SigIgn:\t%016lx\nSigCgt:\t%016lx\n", ignored_signals(lt), caught_signals(lt));
    t.add("CapInh:\t%016lx\nCapPrm:\t%016lx\nCapEff:\t%016lx\nCapBnd:\t%016lx\nCapAmb:\t%016lx\n",
          lt->cap_inheritable, lt->cap_permitted, lt->cap_effective, kCapFullSet, 0ul);
  }
  t.add("NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n");
  t.add("Speculation_Store_Bypass:\tunknown\nSpeculationIndirectBranch:\tunsupported\n");
  t.add("Cpus_allowed:\t1\nCpus_allowed_list:\t0\nMems_allowed:\t1\nMems_allowed_list:\t0\n");
  t.add("voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
}

void stat(ProcText& t, ThreadGroup* g) {
  char comm[16];
  comm_of(g, comm);
  const char* name;
  char state = state_of(g, &name);
  Task* lt = leader_of(g);
  Mm* mm = lt ? lt->mm : nullptr;
  MemUse u = mem_use(mm);
  u64 start_ticks = ticks_to_ns(g->start_time) / (1000000000 / kHz);
  // No controlling tty (tty_nr 0, tpgid -1), no PF_* flags.
  t.add("%d (%s) %c %d %d %d 0 -1 0 ", g->tgid, comm, state, g->parent ? g->parent->tgid : 0,
        g->pgid, g->sid);
  int nice = lt ? lt->nice : 0;
  t.add("0 0 0 0 0 0 0 0 %d %d %d 0 %lu %lu %lu 18446744073709551615 ", 20 + nice, nice,
        g->nr_threads, start_ticks, u.vm * kPageSize, u.rss);
  t.add("%lu %lu %lu 0 0 ", mm ? mm->start_code : 0, mm ? mm->end_code : 0,
        mm ? mm->start_stack : 0);
  t.add("%lu %lu %lu %lu ", lt ? lt->pending | g->shared_pending : 0, lt ? lt->blocked : 0,
        lt ? ignored_signals(lt) : 0, lt ? caught_signals(lt) : 0);
  t.add("%d 0 0 %d 0 0 0 0 0 0 ", state == 'S' ? 1 : 0, g->exit_signal);
  t.add("%lu %lu %lu %lu %lu %lu %lu %d\n", mm ? mm->start_data : 0, mm ? mm->end_data : 0,
        mm ? mm->brk_start : 0, mm ? mm->arg_start : 0, mm ? mm->arg_end : 0,
        mm ? mm->env_start : 0, mm ? mm->env_end : 0, g->zombie ? g->exit_status : 0);
}

void statm(ProcText& t, ThreadGroup* g) {
  Task* lt = leader_of(g);
  MemUse u = mem_use(lt ? lt->mm : nullptr);
  // size resident shared text lib data dt, in pages.
  t.add("%lu %lu 0 %lu 0 %lu 0\n", u.vm, u.rss, u.exe, u.data + u.stack);
}

// cmdline: the argument strings as they are now in the process's memory (empty for zombies).
void cmdline(ProcText& t, ThreadGroup* g) {
  Task* lt = leader_of(g);
  Mm* mm = lt ? lt->mm : nullptr;
  if (!mm || g->zombie) return;
  for (u64 va = mm->arg_start; va < mm->arg_end;) {
    u8* k = user_translate(mm, va, Access::kRead);
    if (!k) break;
    u64 chunk = min<u64>(mm->arg_end - va, kPageSize - (va & (kPageSize - 1)));
    t.put(k, chunk);
    va += chunk;
  }
}

void perms(char out[5], Vma* v) {
  out[0] = (v->prot & kProtRead) ? 'r' : '-';
  out[1] = (v->prot & kProtWrite) ? 'w' : '-';
  out[2] = (v->prot & kProtExec) ? 'x' : '-';
  out[3] = (v->flags & kVmaShared) ? 's' : 'p';
  out[4] = 0;
}

// One maps line: "start-end perms offset dev inode", padded to column 73 before a name.
void maps_line(ProcText& t, u64 start, u64 end, const char* perm, const char* name) {
  char line[128];
  int n = ksnprintf(line, sizeof line, "%08lx-%08lx %s 00000000 00:00 0", start, end, perm);
  t.put(line, n);
  if (name[0]) {
    for (int i = n; i < 73; i++) t.put(" ", 1);
    t.put(name, kstrlen(name));
  }
  t.put("\n", 1);
}

void maps(ProcText& t, ThreadGroup* g) {
  Task* lt = leader_of(g);
  Mm* mm = lt ? lt->mm : nullptr;
  if (!mm) return;
  bool heap_done = mm->brk == mm->brk_start;
  for (Vma* v = mm->vmas; v; v = v->next) {
    if (!heap_done && v->start >= mm->brk) {
      maps_line(t, mm->brk_start, mm->brk, "rw-p", "[heap]");
      heap_done = true;
    }
    char p[5];
    perms(p, v);
    const char* name = (v->flags & kVmaStack)       ? "[stack]"
                       : (v->flags & kVmaImage)     ? g->exe
                       : v->start == kSigTrampoline ? "[sigpage]"
                                                    : "";
    maps_line(t, v->start, v->end, p, name);
  }
  if (!heap_done) maps_line(t, mm->brk_start, mm->brk, "rw-p", "[heap]");
}

// cpuinfo: Linux 6.1's riscv c_show, one stanza per hart. The machine ids come from the SBI base
// extension (get_mvendorid, get_marchid, get_mimpid: functions 4, 5, 6), as Linux reads them;
// the harts of one machine are alike, so the calling hart answers for every one.
void cpuinfo(ProcText& t) {
  constexpr u64 kSbiExtBase = 0x10;
  u64 ids[3];
  for (u64 i = 0; i < 3; i++) {
    SbiRet r = sbi_call(kSbiExtBase, 4 + i);
    ids[i] = r.error ? 0 : static_cast<u64>(r.value);
  }
  for (int id = 0; id < kMaxCpus; id++) {
    if (Cpu* c = cpu_by_id(id))
      t.add(
          "processor\t: %d\nhart\t\t: %lu\nisa\t\t: rv64imafdc\nmmu\t\t: sv39\n"
          "mvendorid\t: 0x%lx\nmarchid\t\t: 0x%lx\nmimpid\t\t: 0x%lx\n\n",
          id, c->hartid, ids[0], ids[1], ids[2]);
  }
}

void meminfo(ProcText& t) {
  u64 total = (ram_end() - kKernelWindow) / 1024, free = page_free_count() * kPageSize / 1024;
  static const char* const kZeroes[] = {
      "Buffers:",      "Cached:",         "SwapCached:",   "Active:",         "Inactive:",
      "Active(anon):", "Inactive(anon):", "Active(file):", "Inactive(file):", "Unevictable:",
      "Mlocked:",      "SwapTotal:",      "SwapFree:",     "Dirty:",          "Writeback:",
      "AnonPages:",    "Mapped:",         "Shmem:",        "KReclaimable:",   "Slab:",
      "SReclaimable:", "SUnreclaim:",     "KernelStack:",  "PageTables:",     "NFS_Unstable:",
      "Bounce:",       "WritebackTmp:",   nullptr};
  auto line = [&](const char* key, u64 kb) {
    t.put(key, kstrlen(key));
    for (u64 i = kstrlen(key); i < 16; i++) t.put(" ", 1);
    t.add("%8lu kB\n", kb);
  };
  line("MemTotal:", total);
  line("MemFree:", free);
  line("MemAvailable:", free);
  for (const char* const* k = kZeroes; *k; k++) line(*k, 0);
  line("CommitLimit:", total / 2);
  line("Committed_AS:", total - free);
}

void loadavg(ProcText& t) {
  int running = 0, threads = 0;
  for (Task* o = task_list(); o; o = o->next_all) {
    if (o->state == TaskState::kDead) continue;
    threads++;
    running += o->state == TaskState::kRunnable;
  }
  t.add("0.00 0.00 0.00 %d/%d %d\n", running, threads, last_tid());
}

void uptime(ProcText& t) {
  u64 cs = monotonic_ns() / 10000000;  // centiseconds
  t.add("%lu.%02lu 0.00\n", cs / 100, cs % 100);
}
}  // namespace

bool proc_pid_file(ProcText& t, ThreadGroup* g, const char* name) {
  if (!kstrcmp(name, "status")) {
    status(t, g);
  } else if (!kstrcmp(name, "stat")) {
    stat(t, g);
  } else if (!kstrcmp(name, "statm")) {
    statm(t, g);
  } else if (!kstrcmp(name, "cmdline")) {
    cmdline(t, g);
  } else if (!kstrcmp(name, "comm")) {
    char comm[16];
    comm_of(g, comm);
    t.add("%s\n", comm);
  } else if (!kstrcmp(name, "maps")) {
    maps(t, g);
  } else {
    return false;
  }
  return true;
}

bool proc_global_file(ProcText& t, const char* path) {
  if (!kstrcmp(path, "cpuinfo")) {
    cpuinfo(t);
  } else if (!kstrcmp(path, "meminfo")) {
    meminfo(t);
  } else if (!kstrcmp(path, "version")) {
    t.add("Linux version 6.1.0-starlet (starlet@rvscope) (riscv64-linux-gnu-g++) #1 starlet\n");
  } else if (!kstrcmp(path, "uptime")) {
    uptime(t);
  } else if (!kstrcmp(path, "loadavg")) {
    loadavg(t);
  } else if (!kstrcmp(path, "mounts")) {
    t.add("rootfs / rootfs rw 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n");
  } else if (!kstrcmp(path, "sys/kernel/pid_max")) {
    t.add("%d\n", kPidMax);
  } else {
    return false;
  }
  return true;
}

void proc_fd_target(File* f, char* buf, size_t cap) {
  switch (f->kind) {
    case FileKind::kConsole:
      ksnprintf(buf, cap, "/dev/console");
      break;
    case FileKind::kPipeRead:
    case FileKind::kPipeWrite:
      if (f->inode) {
        inode_path(f->inode, buf, cap);  // a FIFO: its path
      } else {
        ksnprintf(buf, cap, "pipe:[%lu]", reinterpret_cast<u64>(f->pipe) >> 4);
      }
      break;
    case FileKind::kPidfd:
      ksnprintf(buf, cap, "anon_inode:[pidfd]");
      break;
    case FileKind::kEventfd:
      ksnprintf(buf, cap, "anon_inode:[eventfd]");
      break;
    case FileKind::kSocket:
      socket_fd_target(f, buf, cap);
      break;
    default:
      inode_path(f->inode, buf, cap);
      break;
  }
}

}  // namespace starlet
