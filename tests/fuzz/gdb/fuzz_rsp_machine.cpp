// Fuzz target: the gdb stub against the real machine. A two-hart Machine runs a tiny counting
// guest; random bytes go through the packet decoder and every packet (framed, then unframed line
// by line) through GdbSession with the DebugBridge the `--gdb` run uses. Resume packets really
// run the machine (a step, or a bounded continue), and the stop is reported as the server does.
// Monitor commands that name a path are dropped: they would write files on the host. One machine
// serves every input, restored to its loaded state first.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/app/debug_bridge.hpp"
#include "sim/common/error.hpp"
#include "sim/gdb/gdb_session.hpp"
#include "sim/gdb/rsp_codec.hpp"
#include "sim/machine/machine.hpp"
#include "tests/fuzz/support/fuzz_support.hpp"
#include "tests/unit/elf/elf_test_util.hpp"

namespace {

using rvscope::fuzz::check;
namespace gdb = rvscope::gdb;

constexpr rvscope::u64 kContinueInsns = 300;

// make_elf()'s image with real code at its entry: count in a0 and a1, forever.
std::vector<rvscope::u8> counting_guest() {
  std::vector<rvscope::u8> elf = rvscope::testing_elf::make_elf();
  const rvscope::u32 code[] = {0x00150513, 0x00358593, 0xff9ff06f, 0x00000013};
  for (unsigned i = 0; i < 4; ++i) {
    rvscope::testing_elf::put(elf, rvscope::testing_elf::Layout::kText + 4 * i, code[i], 4);
  }
  return elf;
}

bool writes_files(std::string_view payload) {
  if (payload.substr(0, 6) != "qRcmd,") return false;
  const auto command = gdb::from_hex(payload.substr(6));
  return !command || command->find('/') != std::string::npos;
}

class Driver {
 public:
  Driver(rvscope::Machine& machine, gdb::DebugTarget& target, rvscope::DebugBridge& bridge)
      : machine_(machine), session_(target), bridge_(bridge) {}

  // False once gdb detached or killed the guest: the session is over.
  bool dispatch(std::string_view payload) {
    if (writes_files(payload)) return true;
    const gdb::GdbSession::Output out = session_.handle(payload);
    for (const auto& reply : out.packets) check(reply.size() <= gdb::kMaxPacketSize, "reply size");
    if (out.resume) return resume(*out.resume);
    if (out.close) {
      end();
      return false;
    }
    return true;
  }
  void end() {
    session_.clear_debug_state();
    bridge_.clear_all();
  }

 private:
  bool resume(const gdb::ResumeAction& action) {
    using Kind = gdb::ResumeAction::Kind;
    if (action.kind == Kind::kDetach || action.kind == Kind::kKill) {
      end();
      return false;
    }
    check(action.hart < machine_.num_harts(), "resume names a hart that does not exist");
    bridge_.forget_breakpoint_stops();
    gdb::StopEvent stop;
    stop.hart = action.hart;
    std::optional<rvscope::RunResult> result;
    if (action.kind == Kind::kStep) {
      result = machine_.step_hart(action.hart, [](rvscope::Hart& hart) { hart.step(); });
      stop.reason = gdb::StopReason::kStep;
    } else {
      machine_.set_only_hart(action.single_hart ? std::optional<unsigned>(action.hart)
                                                : std::nullopt);
      result = machine_.run_for(kContinueInsns);
      machine_.set_only_hart(std::nullopt);
      if (const auto hart = machine_.stopped_hart()) {
        stop.hart = *hart;
        stop.reason = gdb::StopReason::kBreakpoint;
      } else {
        stop.reason = gdb::StopReason::kInterrupt;
      }
    }
    if (result) {
      stop.reason = gdb::StopReason::kExited;
      stop.exit_code = result->exit_code;
    }
    check(session_.stop_reply(stop).size() <= gdb::kMaxPacketSize, "stop reply size");
    return !result;
  }

  rvscope::Machine& machine_;
  gdb::GdbSession session_;
  rvscope::DebugBridge& bridge_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static rvscope::fuzz::ScratchFile guest("rsp-guest");
  static const bool written = [] {
    const std::vector<rvscope::u8> elf = counting_guest();
    guest.write(elf.data(), elf.size());
    return true;
  }();
  (void)written;

  // One machine for the process, put back in its just-loaded state before each input (a
  // restore replaces RAM, harts, devices and the clock): building one per input cost most of
  // the time.
  static rvscope::Machine* const machine = [] {
    rvscope::MachineConfig config;
    config.machine.harts = 2;
    config.machine.ram_size = 1 * rvscope::kMiB;
    config.boot.mode = rvscope::BootMode::kDirect;
    config.boot.kernel = guest.path();
    config.console.output = rvscope::ConsoleOutput::kFile;
    config.console.output_path = "/dev/null";
    config.console.input = rvscope::ConsoleInput::kNone;
    auto* m = new rvscope::Machine(config);
    m->load();
    return m;
  }();
  static const rvscope::MachineState loaded = machine->save_state();
  machine->restore_state(loaded);
  rvscope::DebugBridge bridge(*machine, rvscope::TraceConfig{});
  Driver driver(*machine, bridge, bridge);

  const std::string_view input(reinterpret_cast<const char*>(data), size);
  gdb::PacketDecoder decoder;
  std::vector<gdb::PacketDecoder::Event> events;
  decoder.feed(input, events);
  bool attached = true;
  for (const auto& event : events) {
    if (!attached) break;
    if (event.kind == gdb::PacketDecoder::Kind::kPacket) {
      check(event.payload.size() <= gdb::kMaxPacketSize, "decoded packet size");
      attached = driver.dispatch(event.payload);
    }
  }
  std::string_view rest = input;
  while (attached && !rest.empty()) {
    const auto end = rest.find('\n');
    attached = driver.dispatch(rest.substr(0, end));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  driver.end();
  return 0;
}
