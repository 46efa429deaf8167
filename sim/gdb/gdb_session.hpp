// GdbSession: the packet dispatcher. Turns one decoded packet into reply payloads and, for
// resume packets, a ResumeAction; knows nothing of sockets, so it is unit-tested and fuzzed
// directly against a fake DebugTarget.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "sim/gdb/debug_target.hpp"

namespace rvscope::gdb {

// Monitor commands listed by `monitor help`; the stub handles help itself and routes the rest
// to DebugTarget::monitor.
extern const char* const kMonitorHelp;

class GdbSession {
 public:
  struct Output {
    std::vector<std::string> packets;    // payloads to send, in order (unframed)
    std::optional<ResumeAction> resume;  // set by c/s/C/S/vCont/D/k
    bool close = false;                  // close the connection after sending
    bool start_no_ack = false;           // QStartNoAckMode: no acks after these packets
  };

  explicit GdbSession(DebugTarget& target);

  // Dispatches one packet payload (RLE already expanded, binary data still escaped).
  Output handle(std::string_view payload);

  // Records the stop and returns its stop-reply payload (T.., or W.. when exited).
  std::string stop_reply(const StopEvent& event);

  // Console output as `O` packet payloads (hex text), each within the packet size.
  static std::vector<std::string> console_packets(std::string_view text);

  // Removes every breakpoint and watchpoint gdb left behind (detach, kill, lost connection).
  void clear_debug_state();

  unsigned num_breakpoints() const { return static_cast<unsigned>(breakpoints_.size()); }
  unsigned num_watchpoints() const { return static_cast<unsigned>(watchpoints_.size()); }

 private:
  std::string format_stop_reply(const StopEvent& event);

  std::string handle_query(std::string_view payload, Output& out);
  std::string handle_v(std::string_view payload, Output& out);
  std::string read_all_registers();
  std::string write_all_registers(std::string_view hex);
  std::string read_register(std::string_view args);
  std::string write_register(std::string_view args);
  std::string read_memory(std::string_view args);
  std::string write_memory_hex(std::string_view args);
  std::string write_memory_binary(std::string_view args);
  std::string breakpoint(std::string_view args, bool insert);
  std::string set_thread(std::string_view args);
  std::string resume(std::string_view args, bool step, bool with_signal, Output& out);
  std::string resume_vcont(std::string_view actions, Output& out);
  std::string xfer_features(std::string_view args);
  std::string monitor(std::string_view hex_command, Output& out);

  // Thread ids on the wire: harts from 1; -1 means all, 0 any. nullopt if malformed.
  std::optional<int> parse_thread_id(std::string_view text) const;
  bool valid_hart(int hart) const;
  unsigned general_hart() const;
  unsigned resume_hart() const;

  DebugTarget& target_;
  std::string target_xml_;  // built on first request
  StopEvent last_stop_;
  int general_hart_ = -1;   // Hg, -1 = the hart that stopped
  int continue_hart_ = -1;  // Hc
  unsigned thread_cursor_ = 0;
  std::vector<std::tuple<BreakpointKind, u64>> breakpoints_;
  std::vector<std::tuple<WatchKind, u64, u64>> watchpoints_;
};

}  // namespace rvscope::gdb
