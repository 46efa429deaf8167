// Integration test driver: serves a FakeTarget through GdbServer to a real gdb-multiarch
// running a batch script, then checks gdb's output against a list of expected patterns.
//
// Usage: gdb_fake_runner GDB SCRIPT.gdb EXPECT_FILE
// EXPECT_FILE holds one ECMAScript regex per line (blank lines and '#' lines ignored); each
// must match a line of gdb's output, in order. A line "!REGEX" must match no line at all.
// A script line "#!sigint" makes the runner send gdb a SIGINT (Ctrl-C) while the guest runs.
#include <fcntl.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "sim/gdb/gdb_server.hpp"
#include "tests/gdb/expect_check.hpp"
#include "tests/gdb/fake_target.hpp"

namespace {

using rvscope::gdb::GdbServer;
using rvscope::gdb::ResumeAction;
using rvscope::gdb::StopEvent;
using rvscope::gdb::StopReason;
using rvscope::gdb::testing::FakeTarget;

constexpr unsigned kTimeoutSeconds = 25;

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

pid_t start_gdb(const std::string& gdb, const std::string& script, unsigned port,
                const std::string& log_path) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  const int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) _exit(126);
  dup2(fd, 1);
  dup2(fd, 2);
  // Each script line becomes its own -ex so that an expected error (an unreadable address)
  // does not abort the rest, as it would in a sourced file.
  std::vector<std::string> args = {gdb,
                                   "-batch",
                                   "-nx",
                                   "-ex",
                                   "set architecture riscv:rv64",
                                   "-ex",
                                   "set remotetimeout 10",
                                   "-ex",
                                   "target remote 127.0.0.1:" + std::to_string(port)};
  for (const std::string& line : read_lines(script)) {
    if (line.empty() || line[0] == '#') continue;
    args.push_back("-ex");
    args.push_back(line);
  }
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  execvp(gdb.c_str(), argv.data());
  _exit(127);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: gdb_fake_runner GDB SCRIPT.gdb EXPECT_FILE\n";
    return 2;
  }
  alarm(kTimeoutSeconds);  // a hung gdb or stub fails the test instead of blocking CI
  if (std::getenv("RVSCOPE_GDB_DEBUG")) spdlog::set_level(spdlog::level::debug);
  const std::string log_path = std::string(argv[2]) + ".out." + std::to_string(getpid());

  FakeTarget target(2);
  GdbServer server(target, {"127.0.0.1", 0});
  const pid_t gdb = start_gdb(argv[1], argv[2], server.port(), log_path);

  // A script line "#!sigint" asks the runner to interrupt gdb while the guest runs.
  bool send_sigint = false;
  for (const auto& line : read_lines(argv[2])) send_sigint |= line == "#!sigint";
  unsigned polls = 0;

  server.wait_for_client();
  StopEvent event{StopReason::kTrap, 0};
  std::string ending;
  for (bool running = true; running;) {
    const ResumeAction action = server.on_stop(event);
    switch (action.kind) {
      case ResumeAction::Kind::kContinue:
        event = target.run(
            [&] {
              // Like a user's Ctrl-C: gdb turns SIGINT into an interrupt request (0x03).
              if (send_sigint && ++polls == 100) kill(gdb, SIGINT);
              return server.poll_interrupt();
            },
            action.single_hart ? static_cast<int>(action.hart) : -1);
        break;
      case ResumeAction::Kind::kStep:
        // A step ignores breakpoints at the current pc, like a hart leaving a stop.
        if (!target.step(action.hart, false, event)) event = {StopReason::kStep, action.hart};
        break;
      case ResumeAction::Kind::kDetach:
        ending = "detach";
        running = false;
        break;
      case ResumeAction::Kind::kKill:
        ending = "kill";
        running = false;
        break;
      case ResumeAction::Kind::kReverseStep:
      case ResumeAction::Kind::kReverseContinue:
        break;  // the fake target does not offer reverse execution (no ReverseStep+)
    }
    if (event.reason == StopReason::kExited && running) {
      server.on_stop(event);
      ending = "exit";
      running = false;
    }
  }

  int status = 0;
  waitpid(gdb, &status, 0);
  std::vector<std::string> output = read_lines(log_path);
  output.push_back("runner: ended by " + ending);
  output.push_back("runner: breakpoints left " + std::to_string(target.breakpoints().size()) +
                   ", watchpoints left " + std::to_string(target.watchpoints().size()));
  std::remove(log_path.c_str());
  for (const auto& line : output) std::cout << line << "\n";
  if (!WIFEXITED(status) || WEXITSTATUS(status) == 127) {
    std::cerr << "FAIL: gdb did not run properly (status " << status << ")\n";
    return 1;
  }
  return gdbtest::check_output(output, read_lines(argv[3])) ? 0 : 1;
}
