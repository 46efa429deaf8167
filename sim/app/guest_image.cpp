// GuestImage: packs the user's program into starlet's initramfs.
#include "sim/app/guest_image.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "sim/app/initramfs.hpp"
#include "sim/common/error.hpp"
#include "sim/common/input_file.hpp"

namespace rvscope {
namespace {

u32 permissions_of(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0644;
}

// Where init finds the program's argv (see guest-kernel/user/init.c): NUL-terminated strings.
constexpr std::string_view kArgvFile = "etc/guest.argv";

}  // namespace

std::vector<std::string> take_guest_arguments(int& argc, char** argv) {
  int i = 1;
  while (i < argc && std::string_view(argv[i]) != "run") ++i;
  for (; i < argc; ++i) {
    const std::string_view word = argv[i];
    int first_arg = 0;
    if (word == "--guest" && i + 1 < argc) first_arg = i + 2;
    if (word.starts_with("--guest=")) first_arg = i + 1;
    if (first_arg == 0) continue;
    std::vector<std::string> args(argv + first_arg, argv + argc);
    argc = first_arg;
    return args;
  }
  return {};
}

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
  std::vector<CpioEntry> entries = read_cpio(read_input_file(base, "initramfs"), base);
  const std::string name = std::filesystem::path(program).filename().string();
  cpio_put_file(entries, "bin/" + name, read_input_file(program, "guest program"), 0755);
  for (const std::string& spec : options.guest_files) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0) {
      fail("--file '{}': expected /GUEST/PATH=HOST/PATH", spec);
    }
    const std::string host = spec.substr(eq + 1);
    cpio_put_file(entries, spec.substr(0, eq), read_input_file(host, "file"), permissions_of(host));
  }
  // The arguments travel as a file, verbatim: the kernel command line would split them at
  // spaces. The command line only tells init where to look.
  std::vector<u8> argv_file;
  const auto add_arg = [&](std::string_view arg) {
    argv_file.insert(argv_file.end(), arg.begin(), arg.end());
    argv_file.push_back(0);
  };
  add_arg("/bin/" + name);
  for (size_t i = 1; i < options.guest.size(); ++i) add_arg(options.guest[i]);
  cpio_put_file(entries, std::string(kArgvFile), std::move(argv_file), 0644);
  const std::string bootargs = "init.argv=/" + std::string(kArgvFile);
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
