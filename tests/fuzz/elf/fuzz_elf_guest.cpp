// Fuzz target: the host side of `rvscope run --guest PROG`. Random bytes are the guest program:
// GuestImage packs them into the initramfs (beside a --file extra), the archive must read back
// with the program's bytes intact. (Booting the same bytes as --kernel is fuzz_elf_run's part;
// the guest's own ELF loader runs inside the simulated starlet, whose branches libFuzzer cannot
// see; see docs/fuzzing.md.)
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "sim/app/commands.hpp"
#include "sim/app/guest_image.hpp"
#include "sim/app/initramfs.hpp"
#include "sim/common/error.hpp"
#include "sim/common/input_file.hpp"
#include "sim/config/machine_config.hpp"
#include "tests/fuzz/support/fuzz_support.hpp"
#include "tests/unit/elf/elf_test_util.hpp"

namespace {

using rvscope::fuzz::check;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static rvscope::fuzz::ScratchFile program("guest-prog");
  static rvscope::fuzz::ScratchFile firmware("guest-fw");
  static rvscope::fuzz::ScratchFile base_initrd("guest-initrd");
  static const bool ready = [] {
    const std::vector<rvscope::u8> fw = rvscope::testing_elf::make_elf();
    firmware.write(fw.data(), fw.size());
    std::vector<rvscope::CpioEntry> entries;
    rvscope::cpio_put_file(entries, "bin/init", fw, 0755);
    const std::vector<rvscope::u8> archive = rvscope::write_cpio(entries);
    base_initrd.write(archive.data(), archive.size());
    return true;
  }();
  (void)ready;
  // An empty --kernel reaches memcpy with a null source (see fuzz_elf_run.cpp).
  if (size == 0) return 0;
  program.write(data, size);

  rvscope::RunOptions options;
  options.guest = {program.path(), "arg1"};
  options.guest_files = {"/etc/extra=" + program.path()};
  options.initrd = base_initrd.path();
  options.kernel = program.path();
  rvscope::MachineConfig config;
  config.machine.ram_size = 8 * rvscope::kMiB;
  config.boot.firmware = firmware.path();
  config.boot.kernel = program.path();
  try {
    rvscope::GuestImage image(options, config);
    const std::vector<rvscope::u8> archive =
        rvscope::read_input_file(config.boot.initrd, "initramfs");
    const auto entries = rvscope::read_cpio(archive, config.boot.initrd);
    const std::string name = "bin/" + std::filesystem::path(program.path()).filename().string();
    bool found = false;
    for (const auto& e : entries) {
      if (e.name == name || e.name == "etc/extra") {
        check(e.data == std::vector<rvscope::u8>(data, data + size),
              "the initramfs changed the program's bytes");
        found |= e.name == name;
      }
    }
    check(found, "the program is missing from the initramfs");
  } catch (const rvscope::SimError&) {
  }
  return 0;
}
