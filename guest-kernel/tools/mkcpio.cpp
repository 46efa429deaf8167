// Host tool: packs files into a cpio "newc" archive, the format starlet unpacks from -initrd.
//
//   starlet_mkcpio OUT.cpio /guest/path=host/file ... [--symlink /guest/path=TARGET]...
//                  [--base IN.cpio]
//
// Parent directories are created implicitly; the mode comes from the host file (executable
// bits kept). --symlink makes /guest/path a symbolic link whose target is TARGET, as written
// (BusyBox's applet links: /bin/sed -> busybox). With --base, the members of an existing
// newc archive are copied first, so a user's program can be added to (or replace one in) the
// demo initramfs.
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

struct Member {
  unsigned mode;
  std::string data;
};

void put_header(std::string& out, const std::string& name, unsigned mode, size_t size,
                unsigned ino) {
  char h[111];
  std::snprintf(h, sizeof h, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X", ino,
                mode, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u, name.size() + 1, 0u);
  out.append(h, 110);
  out.append(name);
  out.push_back('\0');
  while (out.size() % 4) out.push_back('\0');
}

bool read_file(const std::string& path, std::string* data) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  data->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

bool read_base(const std::string& path, std::map<std::string, Member>* files) {
  std::string a;
  if (!read_file(path, &a)) return false;
  size_t off = 0;
  auto hex = [&](size_t at) { return std::stoul(a.substr(at, 8), nullptr, 16); };
  while (off + 110 <= a.size() && a.compare(off, 6, "070701") == 0) {
    unsigned mode = hex(off + 14);
    size_t size = hex(off + 54), namesize = hex(off + 94);
    std::string name = a.substr(off + 110, namesize - 1);
    size_t data = (off + 110 + namesize + 3) & ~size_t{3};
    if (name == "TRAILER!!!") return true;
    if ((mode & 0170000) != 0040000) (*files)[name] = Member{mode, a.substr(data, size)};
    off = (data + size + 3) & ~size_t{3};
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: %s OUT.cpio [--base IN.cpio] [--symlink /guest/path=TARGET] "
                 "/guest/path=host/file...\n",
                 argv[0]);
    return 2;
  }
  std::map<std::string, Member> files;
  for (int i = 2; i < argc; i++) {
    std::string arg = argv[i];
    if (arg == "--base" && i + 1 < argc) {
      if (!read_base(argv[++i], &files)) {
        std::fprintf(stderr, "mkcpio: cannot read base archive %s\n", argv[i]);
        return 1;
      }
      continue;
    }
    bool symlink = false;
    if (arg == "--symlink" && i + 1 < argc) {
      symlink = true;
      arg = argv[++i];
    }
    size_t eq = arg.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::fprintf(stderr, "mkcpio: argument '%s' is not /guest/path=host/file\n", arg.c_str());
      return 2;
    }
    std::string dest = arg.substr(0, eq), src = arg.substr(eq + 1);
    while (!dest.empty() && dest[0] == '/') dest.erase(0, 1);
    if (symlink) {
      files[dest] = Member{0120777, src};
      continue;
    }
    struct stat st;
    Member m;
    if (stat(src.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || !read_file(src, &m.data)) {
      std::fprintf(stderr, "mkcpio: cannot read regular file '%s' (for %s)\n", src.c_str(),
                   dest.c_str());
      return 1;
    }
    m.mode = 0100000 | ((st.st_mode & 0111) ? 0755 : 0644);
    files[dest] = m;
  }
  std::set<std::string> dirs;
  for (auto& [name, m] : files) {
    for (size_t p = name.find('/'); p != std::string::npos; p = name.find('/', p + 1))
      dirs.insert(name.substr(0, p));
  }
  std::string out;
  unsigned ino = 1;
  for (auto& d : dirs) put_header(out, d, 0040755, 0, ino++);
  for (auto& [name, m] : files) {
    put_header(out, name, m.mode, m.data.size(), ino++);
    out.append(m.data);
    while (out.size() % 4) out.push_back('\0');
  }
  put_header(out, "TRAILER!!!", 0, 0, 0);
  while (out.size() % 512) out.push_back('\0');
  std::ofstream o(argv[1], std::ios::binary);
  o.write(out.data(), static_cast<std::streamsize>(out.size()));
  if (!o) {
    std::fprintf(stderr, "mkcpio: cannot write %s\n", argv[1]);
    return 1;
  }
  return 0;
}
