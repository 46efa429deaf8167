// SourceLines: pc -> source file:line from an ELF's DWARF line tables, read through libdw.
#include "sim/elf/source_lines.hpp"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "sim/common/error.hpp"

namespace rvscope {
namespace {

// A compile unit's address range, to find the unit of a pc without .debug_aranges (which
// clang does not emit by default).
struct UnitRange {
  u64 lo = 0, hi = 0;
  Dwarf_Off die_offset = 0;
};

// Paths as a reader of the source tree knows them: a file under the compile directory's
// nearest common ancestor with the file loses that prefix ("guest-kernel/proc/fork.cpp",
// "src-6.1.192-3/kernel/fork.c"), so output does not depend on where the tree was built. A
// name relative to the compile directory (Linux's out-of-tree build names its sources
// "../src-6.1.192-3/kernel/fork.c") is resolved against it first, so it reads the same as
// the absolute name another compiler run (without a compiler cache) would have recorded.
std::string relative_to_tree(const char* name, const char* comp_dir) {
  if (comp_dir == nullptr || comp_dir[0] != '/') {
    return std::filesystem::path(name).lexically_normal().string();
  }
  const std::filesystem::path dir_path = std::filesystem::path(comp_dir).lexically_normal();
  const std::string file = (dir_path / name).lexically_normal().string();  // absolute name wins
  std::string dir = dir_path.string();
  if (!dir.ends_with('/')) dir += '/';
  std::size_t common = 0;
  for (std::size_t i = 0; i < std::min(dir.size(), file.size()) && dir[i] == file[i]; ++i) {
    if (file[i] == '/') common = i + 1;
  }
  return common > 1 ? file.substr(common) : file;
}

// The name of the innermost inlined call around pc in `cu`, "" when pc is in none.
std::string inlined_function(Dwarf_Die* cu, u64 pc) {
  Dwarf_Die* scopes = nullptr;
  const int count = dwarf_getscopes(cu, pc, &scopes);
  std::string name;
  for (int i = 0; i < count && name.empty(); ++i) {
    if (dwarf_tag(&scopes[i]) != DW_TAG_inlined_subroutine) continue;
    Dwarf_Attribute attr;  // the name is on the abstract origin, which _integrate follows
    const char* text = dwarf_formstring(dwarf_attr_integrate(&scopes[i], DW_AT_name, &attr));
    if (text != nullptr) name = text;
  }
  std::free(scopes);
  return name;
}

}  // namespace

struct SourceLines::Impl {
  int fd = -1;
  Dwarf* dwarf = nullptr;
  std::vector<UnitRange> units;  // sorted by lo

  ~Impl() {
    if (dwarf != nullptr) dwarf_end(dwarf);
    if (fd >= 0) close(fd);
  }

  void index_units() {
    Dwarf_Off offset = 0, next = 0;
    std::size_t header_size = 0;
    while (dwarf_nextcu(dwarf, offset, &next, &header_size, nullptr, nullptr, nullptr) == 0) {
      Dwarf_Die die;
      if (dwarf_offdie(dwarf, offset + header_size, &die) != nullptr) {
        Dwarf_Addr base = 0, lo = 0, hi = 0;
        ptrdiff_t it = 0;
        while ((it = dwarf_ranges(&die, it, &base, &lo, &hi)) > 0) {
          if (hi > lo) units.push_back({lo, hi, dwarf_dieoffset(&die)});
        }
      }
      offset = next;
    }
    std::sort(units.begin(), units.end(),
              [](const UnitRange& a, const UnitRange& b) { return a.lo < b.lo; });
  }
};

SourceLines::SourceLines(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SourceLines::SourceLines(SourceLines&&) noexcept = default;
SourceLines& SourceLines::operator=(SourceLines&&) noexcept = default;
SourceLines::~SourceLines() = default;

SourceLines SourceLines::open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (impl->fd < 0) fail("{}: cannot open for line tables", path);
  impl->dwarf = dwarf_begin(impl->fd, DWARF_C_READ);
  // No DWARF (stripped, or a raw image rather than an ELF): symbols only, no error.
  if (impl->dwarf == nullptr) return SourceLines(std::move(impl));
  impl->index_units();
  return SourceLines(std::move(impl));
}

bool SourceLines::has_lines() const { return !impl_->units.empty(); }

std::optional<SourcePosition> SourceLines::find(u64 pc) const {
  const auto& units = impl_->units;
  // The last unit starting at or below pc; ranges may nest, so look back a little.
  auto it = std::upper_bound(units.begin(), units.end(), pc,
                             [](u64 value, const UnitRange& u) { return value < u.lo; });
  for (int tries = 0; it != units.begin() && tries < 8; ++tries) {
    --it;
    if (pc >= it->hi) continue;
    Dwarf_Die cu;
    if (dwarf_offdie(impl_->dwarf, it->die_offset, &cu) == nullptr) return std::nullopt;
    Dwarf_Line* line = dwarf_getsrc_die(&cu, pc);
    if (line == nullptr) return std::nullopt;
    int number = 0;
    const char* file = dwarf_linesrc(line, nullptr, nullptr);
    if (file == nullptr || dwarf_lineno(line, &number) != 0 || number <= 0) return std::nullopt;
    Dwarf_Attribute attr;
    const char* comp_dir = dwarf_formstring(dwarf_attr(&cu, DW_AT_comp_dir, &attr));
    return SourcePosition{relative_to_tree(file, comp_dir), static_cast<unsigned>(number),
                          inlined_function(&cu, pc)};
  }
  return std::nullopt;
}

}  // namespace rvscope
