// The in-memory tree: inodes, directories, path lookup, and unpacking the cpio newc initrd.
#include "fs/vfs.hpp"
#include "mm/kmalloc.hpp"
#include "proc/task.hpp"

namespace starlet {

Inode* g_root;
Inode* g_proc_dir;
int g_console_chan;

namespace {
u64 g_next_ino = 1;

u64 hex8(const u8* p) {
  u64 v = 0;
  for (int i = 0; i < 8; i++) {
    u8 c = p[i];
    v = v * 16 + (c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
  }
  return v;
}

// Creates every missing directory of path (absolute, no trailing slash) and returns the last.
Inode* mkdir_p(const char* path, size_t len) {
  Inode* dir = g_root;
  size_t i = 0;
  while (i < len) {
    while (i < len && path[i] == '/') i++;
    size_t j = i;
    while (j < len && path[j] != '/') j++;
    if (j == i) break;
    Dirent* d = dir_find(dir, path + i, j - i);
    if (!d) {
      char name[256];
      size_t n = min<size_t>(j - i, 255);
      memcpy(name, path + i, n);
      name[n] = 0;
      Inode* child = inode_new(kSIfdir | 0755);
      if (!child || dir_add(dir, name, child) < 0) return nullptr;
      dir = child;
    } else {
      dir = d->inode;
    }
    i = j;
  }
  return dir;
}
}  // namespace

Inode* inode_new(u32 mode) {
  Inode* in = knew<Inode>();
  if (!in) return nullptr;
  in->ino = g_next_ino++;
  in->mode = mode;
  in->nlink = (mode & kSIfmt) == kSIfdir ? 2 : 1;
  return in;
}

void vfs_init() {
  g_root = inode_new(kSIfdir | 0755);
  g_root->parent = g_root;
  mkdir_p("/dev", 4);
  mkdir_p("/tmp", 4);
  g_proc_dir = mkdir_p("/proc", 5);
  Inode* dev = mkdir_p("/dev", 4);
  Inode* console = inode_new(kSIfchr | 0620);
  console->rdev = (5 << 8) | 1;  // /dev/console is char 5:1
  dir_add(dev, "console", console);
  Inode* tty = inode_new(kSIfchr | 0666);
  tty->rdev = (5 << 8) | 0;
  dir_add(dev, "tty", tty);
  memdev_init(dev);
}

Dirent* dir_find(Inode* dir, const char* name, size_t len) {
  for (Dirent* d = dir->children; d; d = d->next) {
    if (kstrlen(d->name) == len && !kstrncmp(d->name, name, len)) return d;
  }
  return nullptr;
}

int dir_add(Inode* dir, const char* name, Inode* child) {
  if (dir->procfs) return -kENOENT;  // /proc's directories hold only what the kernel shows
  Dirent* d = knew<Dirent>();
  if (!d) return -kENOMEM;
  d->name = kstrdup(name);
  if (!d->name) {
    kdelete(d);
    return -kENOMEM;
  }
  d->inode = child;
  Dirent** pp = &dir->children;
  while (*pp) pp = &(*pp)->next;  // keep creation order for getdents64
  *pp = d;
  child->parent = dir;  // files too: /proc/PID/fd/N names an open file by its path
  if (child->is_dir()) dir->nlink++;
  return 0;
}

namespace {
constexpr int kMaxSymlinks = 40;  // Linux's MAXSYMLINKS: more is ELOOP

// Iterative, one path buffer: a chain of links must not grow the 16 KiB kernel stack.
int walk(Inode* dir, const char* path_in, Inode** out, bool follow) {
  char path[512];
  if (kstrlen(path_in) >= sizeof path) return -kENAMETOOLONG;
  memcpy(path, path_in, kstrlen(path_in) + 1);
  for (int links = 0;; links++) {
    if (!path[0]) return -kENOENT;
    if (path[0] != '/' && dir->procfs && dir->is_dir()) {  // relative to a /proc directory
      char abs[512];
      const char* base = reinterpret_cast<const char*>(dir->data);
      if (ksnprintf(abs, sizeof abs, "%s/%s", base, path) >= static_cast<int>(sizeof abs)) {
        return -kENAMETOOLONG;
      }
      return procfs_lookup(abs + 5, follow, out);
    }
    Inode* root = fs_root();
    Inode* cur = path[0] == '/' ? root : dir;
    const char* p = path;
    Inode* link = nullptr;
    while (*p && !link) {
      while (*p == '/') p++;
      if (!*p) break;
      const char* e = p;
      while (*e && *e != '/') e++;
      size_t len = e - p;
      if (!cur->is_dir()) return -kENOTDIR;
      if (len > 255) return -kENAMETOOLONG;
      if (len == 1 && p[0] == '.') {
      } else if (len == 2 && p[0] == '.' && p[1] == '.') {
        if (cur != root && cur->parent) cur = cur->parent;  // ".." of the root is the root
      } else {
        Dirent* d = dir_find(cur, p, len);
        if (!d) return -kENOENT;
        Inode* next = d->inode;
        if (next == g_proc_dir) return procfs_lookup(e, follow, out);
        // A symlink is followed inside the path, before a '/', and at the end when asked.
        if ((next->mode & kSIfmt) == kSIflnk && (*e || follow)) {
          link = next;
        } else {
          cur = next;
        }
      }
      p = e;
    }
    if (!link) {
      size_t n = kstrlen(path);
      if (n && path[n - 1] == '/' && !cur->is_dir()) return -kENOTDIR;
      *out = cur;
      return 0;
    }
    if (links >= kMaxSymlinks) return -kELOOP;
    // Continue from the link's directory with its target followed by the rest of the path.
    char next_path[512];
    size_t rest = kstrlen(p);
    if (link->size + rest >= sizeof next_path) return -kENAMETOOLONG;
    memcpy(next_path, link->data, link->size);
    memcpy(next_path + link->size, p, rest + 1);
    memcpy(path, next_path, link->size + rest + 1);
    dir = cur;
  }
}
}  // namespace

int path_lookup(Inode* dir, const char* path, Inode** out, bool follow) {
  return walk(dir, path, out, follow);
}

int path_parent(Inode* dir, const char* path, Inode** parent, const char** last) {
  size_t n = kstrlen(path);
  if (!n) return -kENOENT;
  while (n > 1 && path[n - 1] == '/') n--;
  size_t s = n;
  while (s > 0 && path[s - 1] != '/') s--;
  *last = path + s;
  if (s == 0) {
    *parent = dir;
  } else {
    char buf[512];
    if (s >= sizeof buf) return -kENAMETOOLONG;
    memcpy(buf, path, s);
    buf[s] = 0;
    int r = path_lookup(dir, buf, parent);
    if (r < 0) return r;
    if (!(*parent)->is_dir()) return -kENOTDIR;
  }
  return 0;
}

void inode_path(Inode* in, char* buf, size_t cap) {
  if (in->procfs && in->is_dir()) {
    ksnprintf(buf, cap, "%s", reinterpret_cast<const char*>(in->data));
    return;
  }
  Inode* root = fs_root();
  if (in == root) {
    ksnprintf(buf, cap, "/");
    return;
  }
  char tmp[512];
  size_t pos = sizeof tmp - 1;
  tmp[pos] = 0;
  Inode* cur = in;
  for (; cur != root && cur != g_root && cur->parent;) {
    Inode* par = cur->parent;
    const char* name = "?";
    for (Dirent* d = par->children; d; d = d->next) {
      if (d->inode == cur) name = d->name;
    }
    size_t len = kstrlen(name);
    if (len + 1 > pos) break;
    pos -= len;
    memcpy(tmp + pos, name, len);
    tmp[--pos] = '/';
    cur = par;
  }
  // Outside the root, Linux's d_path goes up to the real root: the real "/" reads "(unreachable)/".
  ksnprintf(buf, cap, "%s%s", cur == root ? "" : "(unreachable)", tmp[pos] ? tmp + pos : "/");
}

Inode* fs_root() {
  Task* t = current();
  return t && t->fs && t->fs->root ? t->fs->root : g_root;
}

int inode_truncate(Inode* in, u64 size) {
  if (size > in->size) {
    u8 zero = 0;
    int r = inode_write(in, size - 1, &zero, 1);
    return r < 0 ? r : 0;
  }
  in->size = size;
  return 0;
}

int inode_write(Inode* in, u64 off, const void* src, u64 n) {
  u64 end = off + n;
  if (end < off || end > (256ull << 20)) return -kEFBIG;
  if (end > in->cap || !in->data_owned) {
    u64 cap = max<u64>(end, in->cap * 2);
    cap = max<u64>(cap, 256);
    auto* d = static_cast<u8*>(kmalloc(cap));
    if (!d) return -kENOSPC;
    if (in->data) memcpy(d, in->data, in->size);
    if (in->data_owned) kfree(in->data);
    in->data = d;
    in->cap = cap;
    in->data_owned = true;
  }
  if (off > in->size) memset(in->data + in->size, 0, off - in->size);
  memcpy(in->data + off, src, n);
  if (end > in->size) in->size = end;
  return static_cast<int>(n);
}

int vfs_unpack_cpio(const u8* data, u64 size) {
  u64 off = 0;
  int files = 0;
  while (off + 110 <= size) {
    const u8* h = data + off;
    if (kstrncmp(reinterpret_cast<const char*>(h), "070701", 6) &&
        kstrncmp(reinterpret_cast<const char*>(h), "070702", 6)) {
      return -kEINVAL;
    }
    u64 mode = hex8(h + 14);
    u64 filesize = hex8(h + 54);
    u64 namesize = hex8(h + 94);
    const char* name = reinterpret_cast<const char*>(h + 110);
    u64 data_off = (off + 110 + namesize + 3) & ~3ull;
    if (data_off + filesize > size || namesize == 0) return -kEINVAL;
    if (!kstrcmp(name, "TRAILER!!!")) break;
    while (*name == '.' && name[1] == '/') name += 2;
    while (*name == '/') name++;
    size_t len = kstrlen(name);
    if (len && kstrcmp(name, ".")) {
      if ((mode & kSIfmt) == kSIfdir) {
        Inode* d = mkdir_p(name, len);
        if (d) d->mode = static_cast<u32>(mode);
      } else {
        size_t s = len;
        while (s > 0 && name[s - 1] != '/') s--;
        Inode* dir = mkdir_p(name, s ? s - 1 : 0);
        Dirent* old = dir ? dir_find(dir, name + s, len - s) : nullptr;
        Inode* in = old ? old->inode : inode_new(static_cast<u32>(mode));
        if (!dir || !in) return -kENOMEM;
        in->mode = static_cast<u32>(mode);
        in->data = const_cast<u8*>(data + data_off);  // initrd pages stay reserved
        in->size = in->cap = filesize;
        in->data_owned = false;
        if (!old) dir_add(dir, name + s, in);
        files++;
      }
    }
    off = (data_off + filesize + 3) & ~3ull;
  }
  return files;
}

}  // namespace starlet
