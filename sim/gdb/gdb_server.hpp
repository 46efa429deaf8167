// GdbServer: the TCP side of the gdb stub (Boost.Asio, one client at a time), driven
// synchronously from the machine's run loop; no thread of its own touches simulator state.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "sim/gdb/debug_target.hpp"

namespace rvscope::gdb {

struct ListenSpec {
  std::string host = "127.0.0.1";
  u16 port = 0;  // 0: let the kernel choose (see GdbServer::port)
};

// "[HOST:]PORT": "1234", ":1234", "0.0.0.0:1234", "localhost:1234", "[::1]:1234".
// Throws SimError naming the spec when it does not parse.
ListenSpec parse_listen_spec(std::string_view spec);

class GdbServer {
 public:
  // Binds and listens at once (throws SimError if it cannot), but accepts no client yet.
  GdbServer(DebugTarget& target, const ListenSpec& spec);
  ~GdbServer();
  GdbServer(const GdbServer&) = delete;
  GdbServer& operator=(const GdbServer&) = delete;

  // The port actually bound (useful when the spec said 0).
  u16 port() const;
  bool connected() const;

  // Blocks until gdb connects; returns at once if one is connected. For --gdb-wait, before
  // the first instruction: then call on_stop({StopReason::kTrap, 0}) to serve gdb.
  void wait_for_client();

  // Non-blocking; call every few thousand instructions while the guest runs. True when gdb
  // sent Ctrl-C, when gdb disconnected, or when a new gdb connected while none was attached:
  // stop the harts and call on_stop (with StopReason::kInterrupt).
  bool poll_interrupt();
  // Like poll_interrupt, but waits up to timeout_ms for it: for a run loop with nothing to
  // run (a lone resumed hart parked in wfi) that must still answer gdb's Ctrl-C.
  bool wait_interrupt(int timeout_ms);
  // Shows `text` on gdb's console while the guest runs (`O` packets). gdb accepts them only
  // while it waits for a stop reply, so nothing is sent at any other time.
  void console_output(std::string_view text);

  // Reports the stop to gdb (if it is waiting for one) and serves packets until gdb resumes,
  // detaches or kills. With no client connected it returns kDetach at once. A kExited event
  // sends the exit status, closes the connection and returns kDetach.
  ResumeAction on_stop(const StopEvent& event);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rvscope::gdb
