// /proc: every lookup below /proc builds a fresh node (file text, directory listing or
// symlink) from the kernel's state, so a file shows the moment it was opened. Nodes are
// freed once nobody holds them open and a few newer lookups have happened.
#include "fs/procfs.hpp"

#include "mm/kmalloc.hpp"

namespace starlet {
namespace {
constexpr u64 kKeepGenerations = 8;  // a syscall looks up at most a few paths
constexpr int kMaxDepth = 8;

struct Node {  // a generated top-level node and when it was made
  Inode* inode;
  u64 generation;
  Node* next;
};
Node* g_nodes;
u64 g_generation;

Inode* node_new(u32 mode) {
  Inode* in = inode_new(mode);
  if (in) in->procfs = true;
  return in;
}

void node_free(Inode* in) {
  for (Dirent* d = in->children; d;) {
    Dirent* next = d->next;
    if (d->inode->procfs) node_free(d->inode);
    kfree(d->name);
    kdelete(d);
    d = next;
  }
  if (in->data_owned) kfree(in->data);
  kdelete(in);
}

bool node_busy(Inode* in) {
  if (in->open_count > 0) return true;
  for (Task* t = task_list(); t; t = t->next_all) {
    if (t->state != TaskState::kDead && t->fs && t->fs->cwd == in) return true;
  }
  for (Dirent* d = in->children; d; d = d->next) {
    if (d->inode->procfs && node_busy(d->inode)) return true;
  }
  return false;
}

void collect() {
  for (Node** pp = &g_nodes; *pp;) {
    Node* n = *pp;
    if (n->generation + kKeepGenerations <= g_generation && !node_busy(n->inode)) {
      *pp = n->next;
      node_free(n->inode);
      kdelete(n);
    } else {
      pp = &n->next;
    }
  }
}

// Registers a new top-level node (the caller's result) for later collection.
Inode* track(Inode* in) {
  if (!in) return nullptr;
  Node* n = knew<Node>();
  if (!n) {
    node_free(in);
    return nullptr;
  }
  *n = Node{in, g_generation, g_nodes};
  g_nodes = n;
  return in;
}

bool set_text(Inode* in, ProcText& t) {
  if (t.oom) {
    kfree(t.buf);
    return false;
  }
  in->data = reinterpret_cast<u8*>(t.buf);
  in->size = t.len;
  in->cap = t.cap;
  in->data_owned = t.buf != nullptr;
  return true;
}

Inode* text_file(ProcText& t) {
  Inode* in = node_new(kSIfreg | 0444);
  if (!in || !set_text(in, t)) {
    if (in) node_free(in);
    return nullptr;
  }
  return in;
}

Inode* symlink(const char* target) {
  ProcText t;
  t.put(target, kstrlen(target));
  Inode* in = node_new(kSIflnk | 0777);
  if (!in || !set_text(in, t)) {
    if (in) node_free(in);
    return nullptr;
  }
  return in;
}

// A directory whose path is kept in `data`, so that lookups relative to it come back here.
Inode* directory(const char* path, u32 perm) {
  Inode* in = node_new(kSIfdir | perm);
  ProcText t;
  t.put(path, kstrlen(path));
  if (!in || !set_text(in, t)) {
    if (in) node_free(in);
    return nullptr;
  }
  in->size = 0;
  in->parent = in;
  return in;
}

// A listing entry (dir_add refuses /proc's directories: nothing may be created in them).
bool add_entry(Inode* dir, const char* name, u32 mode) {
  Inode* child = node_new(mode);
  Dirent* d = child ? knew<Dirent>() : nullptr;
  char* copy = d ? kstrdup(name) : nullptr;
  if (!copy) {
    kdelete(d);
    if (child) node_free(child);
    return false;
  }
  *d = Dirent{copy, child, nullptr};
  Dirent** pp = &dir->children;
  while (*pp) pp = &(*pp)->next;
  *pp = d;
  if (child->is_dir()) dir->nlink++;
  return true;
}

int parse_int(const char* s) {
  if (!*s) return -1;
  int v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9' || v > 100000000) return -1;
    v = v * 10 + (*s - '0');
  }
  return v;
}

Inode* root_dir() {
  Inode* dir = directory("/proc", 0555);
  if (!dir) return nullptr;
  bool ok = true;
  for (const char* const* f = kProcTopFiles; *f; f++) ok = ok && add_entry(dir, *f, kSIfreg | 0444);
  ok = ok && add_entry(dir, "self", kSIflnk | 0777) && add_entry(dir, "sys", kSIfdir | 0555);
  // Processes in pid order, as Linux lists them after the fixed entries.
  for (int last = 0; ok;) {
    int next = 0;
    for (ThreadGroup* g = group_list(); g; g = g->next_all) {
      if (g->tgid > last && (!next || g->tgid < next)) next = g->tgid;
    }
    if (!next) break;
    char name[12];
    ksnprintf(name, sizeof name, "%d", next);
    ok = add_entry(dir, name, kSIfdir | 0555);
    last = next;
  }
  if (!ok) {
    node_free(dir);
    return nullptr;
  }
  return dir;
}

Inode* pid_dir(ThreadGroup* g) {
  char path[24];
  ksnprintf(path, sizeof path, "/proc/%d", g->tgid);
  Inode* dir = directory(path, 0555);
  if (!dir) return nullptr;
  static const struct {
    const char* name;
    u32 mode;
  } kEntries[] = {
      {"fd", kSIfdir | 0500},      {"status", kSIfreg | 0444}, {"comm", kSIfreg | 0644},
      {"cmdline", kSIfreg | 0444}, {"stat", kSIfreg | 0444},   {"statm", kSIfreg | 0444},
      {"maps", kSIfreg | 0444},    {"cwd", kSIflnk | 0777},    {"exe", kSIflnk | 0777}};
  for (const auto& e : kEntries) {
    if (!add_entry(dir, e.name, e.mode)) {
      node_free(dir);
      return nullptr;
    }
  }
  return dir;
}

Task* live_leader(ThreadGroup* g) {
  for (Task* t = task_list(); t; t = t->next_all) {
    if (t->tg == g && t->state != TaskState::kDead) return t;
  }
  return nullptr;
}

Inode* fd_dir(ThreadGroup* g) {
  char path[32];
  ksnprintf(path, sizeof path, "/proc/%d/fd", g->tgid);
  Inode* dir = directory(path, 0500);
  Task* t = live_leader(g);
  if (!dir || !t || !t->files) return dir;
  for (int fd = 0; fd < kMaxFds; fd++) {
    if (!t->files->fd[fd]) continue;
    char name[8];
    ksnprintf(name, sizeof name, "%d", fd);
    if (!add_entry(dir, name, kSIflnk | 0700)) {
      node_free(dir);
      return nullptr;
    }
  }
  return dir;
}

// Resolves a symlink found in the middle of a path (or at its end when following): the
// rest of the walk continues from its target.
int follow_link(const char* target, char* const* rest, int nrest, Inode** out) {
  char path[512];
  int n = ksnprintf(path, sizeof path, "%s", target);
  for (int i = 0; i < nrest && n < static_cast<int>(sizeof path); i++) {
    n += ksnprintf(path + n, sizeof path - n, "/%s", rest[i]);
  }
  if (n >= static_cast<int>(sizeof path)) return -kENAMETOOLONG;
  if (target[0] != '/') {  // /proc/self -> "PID": relative to /proc
    char abs[512];
    if (ksnprintf(abs, sizeof abs, "/proc/%s", path) >= static_cast<int>(sizeof abs)) {
      return -kENAMETOOLONG;
    }
    return path_lookup(g_root, abs, out, true);
  }
  return path_lookup(g_root, path, out, true);
}

// The node for /proc/<comp[0]>/...; comps are already free of "." and "..".
int lookup(char** comp, int n, bool follow, Inode** out) {
  auto done = [&](Inode* in) {
    *out = track(in);
    return *out ? 0 : -kENOMEM;
  };
  if (n == 0) return done(root_dir());
  ThreadGroup* g = nullptr;
  if (!kstrcmp(comp[0], "self")) {
    char pid[12];
    ksnprintf(pid, sizeof pid, "%d", current()->tg->tgid);
    if (n == 1 && !follow) return done(symlink(pid));
    g = current()->tg;
  } else if (int pid = parse_int(comp[0]); pid > 0) {
    Task* t = find_task(pid);
    g = t ? t->tg : find_group(pid);
    if (!g) return -kENOENT;
  }
  if (!g) {  // a file of /proc itself or of /proc/sys
    if (!kstrcmp(comp[0], "sys")) {
      if (n == 1 || (n == 2 && !kstrcmp(comp[1], "kernel"))) {
        Inode* dir = directory(n == 1 ? "/proc/sys" : "/proc/sys/kernel", 0555);
        if (dir && !add_entry(dir, n == 1 ? "kernel" : "pid_max",
                              n == 1 ? (kSIfdir | 0555) : (kSIfreg | 0644))) {
          node_free(dir);
          dir = nullptr;
        }
        return done(dir);
      }
      if (n != 3 || kstrcmp(comp[1], "kernel")) return -kENOENT;
      ProcText t;
      if (!proc_global_file(t, "sys/kernel/pid_max")) return -kENOENT;
      return done(text_file(t));
    }
    if (n > 1) return -kENOTDIR;
    ProcText t;
    if (!proc_global_file(t, comp[0])) return -kENOENT;
    return done(text_file(t));
  }
  if (n == 1) return done(pid_dir(g));
  const char* name = comp[1];
  Task* t = live_leader(g);
  if (!kstrcmp(name, "exe") || !kstrcmp(name, "cwd")) {
    if (!t) return -kENOENT;  // a zombie's links are gone
    char target[512];
    if (!kstrcmp(name, "exe")) {
      ksnprintf(target, sizeof target, "%s", g->exe);
    } else {
      inode_path(t->fs->cwd, target, sizeof target);
    }
    if (n == 2 && !follow) return done(symlink(target));
    return follow_link(target, comp + 2, n - 2, out);
  }
  if (!kstrcmp(name, "fd")) {
    if (n == 2) return done(fd_dir(g));
    int fd = parse_int(comp[2]);
    if (!t || !t->files || fd < 0 || fd >= kMaxFds || !t->files->fd[fd]) return -kENOENT;
    File* f = t->files->fd[fd];
    char target[512];
    proc_fd_target(f, target, sizeof target);
    if (n == 3 && !follow) return done(symlink(target));
    if (n > 3) return -kENOTDIR;
    if (f->kind != FileKind::kInode) return -kENXIO;  // a pipe or pidfd is not reopened here
    *out = f->inode;
    return 0;
  }
  if (n > 2) return -kENOTDIR;
  ProcText text;
  if (!proc_pid_file(text, g, name)) {
    kfree(text.buf);
    return -kENOENT;
  }
  return done(text_file(text));
}
}  // namespace

int procfs_lookup(const char* path, bool follow, Inode** out) {
  g_generation++;
  collect();
  // Split what follows "/proc" into components, resolving "." and ".." as we go.
  char buf[512];
  ksnprintf(buf, sizeof buf, "%s", path);
  char* comp[kMaxDepth];
  int n = 0;
  for (char* p = buf; *p;) {
    while (*p == '/') *p++ = 0;
    if (!*p) break;
    char* start = p;
    while (*p && *p != '/') p++;
    if (*p) *p++ = 0;
    if (!kstrcmp(start, ".")) continue;
    if (!kstrcmp(start, "..")) {
      if (n == 0) {  // above /proc: the rest of the walk is the ordinary tree's
        char rest[512];
        ksnprintf(rest, sizeof rest, "/%s", p);
        return path_lookup(g_root, rest, out, follow);
      }
      n--;
      continue;
    }
    if (n == kMaxDepth) return -kENOENT;
    comp[n++] = start;
  }
  return lookup(comp, n, follow, out);
}

}  // namespace starlet
