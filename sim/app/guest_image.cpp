// GuestImage: packs the user's program into starlet's initramfs.
#include "sim/app/guest_image.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "sim/app/initramfs.hpp"
#include "sim/common/error.hpp"

namespace rvscope {
namespace {

std::vector<u8> slurp(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot read {} '{}'", what, path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

u32 permissions_of(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0644;
}

}  // namespace

std::string default_starlet_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return (ec ? std::filesystem::path(".") : exe.parent_path()).string() + "/guest-kernel";
}

GuestImage::GuestImage(const RunOptions& options, MachineConfig& config) {
  const std::string starlet = default_starlet_dir();
  const std::string& program = options.guest.front();
  if (options.kernel.empty()) config.boot.kernel = starlet + "/starlet.elf";
  const std::string base = options.initrd.empty() ? starlet + "/initramfs.cpio" : options.initrd;
  std::vector<CpioEntry> entries = read_cpio(slurp(base, "initramfs"), base);
  const std::string name = std::filesystem::path(program).filename().string();
  cpio_put_file(entries, "bin/" + name, slurp(program, "guest program"), 0755);
  for (const std::string& spec : options.guest_files) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0) {
      fail("--file '{}': expected /GUEST/PATH=HOST/PATH", spec);
    }
    const std::string host = spec.substr(eq + 1);
    cpio_put_file(entries, spec.substr(0, eq), slurp(host, "file"), permissions_of(host));
  }
  // The arguments travel on the kernel command line, where init splits them at spaces.
  std::string bootargs = "/bin/" + name;
  for (size_t i = 1; i < options.guest.size(); ++i) {
    const std::string& arg = options.guest[i];
    if (arg.empty() || arg.find_first_of(" \t\n") != std::string::npos || arg == ";") {
      fail("--guest argument '{}' cannot travel on the kernel command line (no spaces, no ';')",
           arg);
    }
    bootargs += " " + arg;
  }
  char path[] = "/tmp/rvscope-initramfs-XXXXXX";
  const int fd = ::mkstemp(path);
  if (fd < 0) fail("cannot create a temporary initramfs in /tmp");
  path_ = path;
  const std::vector<u8> archive = write_cpio(entries);
  const bool written =
      ::write(fd, archive.data(), archive.size()) == static_cast<ssize_t>(archive.size());
  ::close(fd);
  if (!written) fail("cannot write the temporary initramfs '{}'", path_);
  config.boot.mode = BootMode::kFirmware;
  config.boot.initrd = path_;
  config.boot.bootargs = bootargs;
}

GuestImage::~GuestImage() {
  if (!path_.empty()) ::unlink(path_.c_str());
}

}  // namespace rvscope
