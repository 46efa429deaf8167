// SIGINT and SIGTERM as a request to end the run cleanly: the run loop polls for it, the
// run's outputs are finished as at a normal end, and the exit status is 128 + the signal.
#pragma once

namespace rvscope {

// Installs the handlers (idempotent). A second signal of either kind is not caught: it ends
// the process at once, for a run that cannot reach its next poll.
void catch_stop_signals();
// The signal received since catch_stop_signals(), or 0.
int stop_signal();
// "SIGINT", "SIGTERM".
const char* stop_signal_name(int signal);

}  // namespace rvscope
