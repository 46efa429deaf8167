// Fuzz target: snapshot files (--restore). Byte 0 picks how the rest is used: as a whole file,
// as a file whose trailing checksum the target corrects (so the parser's section and state
// readers are reached, not only the checksum test), or as byte edits of a real snapshot of a
// running machine (checksum corrected), which reach every device's restore_state. A file
// must be refused with a SimError or restore into a machine that then runs; nothing may crash.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/common/error.hpp"
#include "sim/machine/machine.hpp"
#include "sim/machine/snapshot_file.hpp"
#include "tests/fuzz/support/fuzz_support.hpp"
#include "tests/unit/elf/elf_test_util.hpp"

namespace {

using namespace rvscope;

constexpr u64 kRunInsns = 2000;

MachineConfig fuzz_config(const std::string& kernel) {
  MachineConfig config;
  config.machine.ram_size = 1 * kMiB;
  config.console.output = ConsoleOutput::kFile;
  config.console.output_path = "/dev/null";
  config.console.input = ConsoleInput::kNone;
  config.boot.mode = BootMode::kDirect;
  config.boot.kernel = kernel;
  config.run.max_insns = kRunInsns;
  return config;
}

struct Reference {
  MachineConfig config;
  std::string identity;
  std::vector<u8> file;  // a snapshot of the machine after a few hundred instructions
};

const Reference& reference() {
  static rvscope::fuzz::ScratchFile kernel("snapshot-kernel");
  static const Reference ref = [] {
    const std::vector<u8> elf = testing_elf::make_elf();
    Reference r;
    r.config = fuzz_config(kernel.write(elf.data(), elf.size()));
    r.identity = config_identity(r.config);
    MachineConfig shorter = r.config;
    shorter.run.max_insns = 300;
    Machine machine(shorter);
    machine.load();
    (void)machine.run();
    r.file = encode_snapshot(machine.save_state(), r.identity);
    return r;
  }();
  return ref;
}

// The file's last 8 bytes become the FNV-1a checksum of the rest, as encode_snapshot writes it.
void correct_checksum(std::vector<u8>& file) {
  if (file.size() < 8) return;
  const u64 sum = snapshot_checksum(std::span<const u8>(file).first(file.size() - 8));
  for (int i = 0; i < 8; ++i) file[file.size() - 8 + i] = static_cast<u8>(sum >> (8 * i));
}

// One machine for the process: a restore replaces all of its state, so the previous input's
// run leaves nothing behind (and building a machine per input would cost most of the time).
Machine& target_machine(const Reference& ref) {
  static Machine* machine = [&ref] {
    auto* m = new Machine(ref.config);
    m->load();
    return m;
  }();
  return *machine;
}

void restore_and_run(const Reference& ref, std::span<const u8> file) {
  MachineState state;
  try {
    state = decode_snapshot(file, ref.identity, "fuzz.snap");
  } catch (const SimError&) {
    return;
  }
  Machine& machine = target_machine(ref);
  try {
    machine.restore_state(state);
  } catch (const SimError&) {
    // Refused part way: the next input's restore replaces whatever was already written.
    return;
  }
  try {
    (void)machine.run_for(kRunInsns);
  } catch (const SimError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const Reference& ref = reference();
  const u8 mode = data[0] % 3;
  std::span<const u8> rest(data + 1, size - 1);
  if (mode == 0) {
    restore_and_run(ref, rest);
    return 0;
  }
  std::vector<u8> file;
  if (mode == 1) {
    file.assign(rest.begin(), rest.end());
  } else {
    // Edits of the real snapshot: (u24 offset, byte) pairs, each XORed in; a final odd byte
    // truncates the file to a fraction of its length.
    file = ref.file;
    size_t i = 0;
    for (; i + 4 <= rest.size(); i += 4) {
      const size_t offset = (rest[i] | (rest[i + 1] << 8) | (rest[i + 2] << 16)) % file.size();
      file[offset] ^= rest[i + 3];
    }
    if (i < rest.size()) file.resize(file.size() * rest[i] / 256);
  }
  correct_checksum(file);
  restore_and_run(ref, file);
  return 0;
}
