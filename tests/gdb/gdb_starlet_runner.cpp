// Integration test driver: rvscope boots starlet with its gdb stub waiting, a real
// gdb-multiarch runs a batch script against it, and gdb's output, rvscope's console, stderr
// and exit status are checked against a list of expected patterns.
//
// Usage: gdb_starlet_runner RVSCOPE KERNEL INITRD GDB SCRIPT.gdb EXPECT_FILE
// With INITRD "-", KERNEL is a bare-metal ELF run from its entry in M-mode on every hart
// (`rvscope run KERNEL`, no firmware, no command line); CMake picks KERNEL from the script's
// "#!program NAME" line, which the runner itself ignores.
// Every script line is one gdb -ex command. Lines starting with "#!" configure the run:
//   #!append TEXT          starlet's command line (default: /bin/clone3_demo)
//   #!rvscope ARGS...      more rvscope arguments; @DIR is the run's scratch directory
//   #!sigint-after REGEX   send gdb a SIGINT (a user's Ctrl-C) once a line of its output
//                          matches REGEX and the guest has had a moment to run
//   #!next-gdb             the commands after it go to a second gdb, started once the first
//                          has exited (and rvscope runs on): re-attaching after a detach
//   #!stepi-trace N        the N+1 pcs that `x/i $pc` and `display/i $pc` printed (the
//                          breakpoint and N stepi) must be N+1 consecutive lines of
//                          @DIR/trace.log (Spike format)
// @PORT in a command is the stub's port and @GDB the gdb binary (a `shell` command can start
// another client while this one is attached).
// EXPECT_FILE holds one ECMAScript regex per line, matched in order against the combined
// output: gdb's lines as they are, then "console: LINE", "stderr: LINE", and the runner's own
// "runner: ..." lines (rvscope's exit status, the stepi comparison). "!REGEX" must match no
// line. Blank and '#' lines are ignored.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/gdb/expect_check.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// CTest kills a test at 60 s; the runner gives up first so that it can say what it saw.
constexpr auto kDeadline = std::chrono::seconds(55);
constexpr auto kSigintDelay = std::chrono::milliseconds(300);

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> split_words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

struct Script {
  std::string append = "/bin/clone3_demo";
  std::vector<std::string> rvscope_args;
  std::optional<std::regex> sigint_after;
  int stepi_trace = -1;
  std::vector<std::string> commands;
  std::vector<std::string> next_commands;  // after #!next-gdb
  bool next_gdb = false;
};

Script parse_script(const std::string& path, const std::string& dir) {
  Script script;
  for (const std::string& raw : read_lines(path)) {
    const std::string line = replace_all(raw, "@DIR", dir);
    auto directive = [&](const std::string& name) {
      return line.rfind("#!" + name + " ", 0) == 0 ? std::optional(line.substr(name.size() + 3))
                                                   : std::nullopt;
    };
    if (auto v = directive("append")) {
      script.append = *v;
    } else if (auto v = directive("rvscope")) {
      for (auto& w : split_words(*v)) script.rvscope_args.push_back(w);
    } else if (auto v = directive("sigint-after")) {
      script.sigint_after.emplace(*v);
    } else if (auto v = directive("stepi-trace")) {
      script.stepi_trace = std::stoi(*v);
    } else if (line == "#!next-gdb") {
      script.next_gdb = true;
    } else if (!line.empty() && line[0] != '#') {
      (script.next_gdb ? script.next_commands : script.commands).push_back(line);
    }
  }
  return script;
}

// A port that was free a moment ago (rvscope binds it next; a lost race is retried).
unsigned free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::cerr << "FAIL: cannot find a free port\n";
    std::exit(1);
  }
  close(fd);
  return ntohs(addr.sin_port);
}

pid_t spawn(const std::vector<std::string>& args, const std::string& out, const std::string& err) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  const int in_fd = open("/dev/null", O_RDONLY);
  const int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err_fd = err == out ? out_fd : open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0) _exit(126);
  dup2(in_fd, 0);
  dup2(out_fd, 1);
  dup2(err_fd, 2);
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& arg : copy) argv.push_back(arg.data());
  argv.push_back(nullptr);
  execvp(argv[0], argv.data());
  _exit(127);
}

bool any_line_matches(const std::string& path, const std::regex& pattern) {
  for (const auto& line : read_lines(path)) {
    if (std::regex_search(line, pattern)) return true;
  }
  return false;
}

// Exit status of a child, waiting until the deadline; nullopt if it is still running.
std::optional<int> wait_child(pid_t pid, Clock::time_point deadline) {
  for (;;) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::vector<unsigned long long> pcs_matching(const std::vector<std::string>& lines,
                                             const std::regex& pattern) {
  std::vector<unsigned long long> pcs;
  std::smatch m;
  for (const auto& line : lines) {
    if (std::regex_search(line, m, pattern)) pcs.push_back(std::stoull(m[1].str(), nullptr, 16));
  }
  return pcs;
}

// The pcs gdb showed after the breakpoint and each stepi, against the commit log of the same
// run: the first must be found in the trace and the rest must follow it line by line.
std::string compare_stepi_with_trace(const std::vector<std::string>& gdb_lines,
                                     const std::string& trace_path, int steps) {
  // `x/i $pc` and the display both show the breakpoint's pc (gdb 13 in batch mode does not
  // display at once); a stepi always moves the pc, so a repeat is the same stop shown twice.
  auto shown = pcs_matching(gdb_lines, std::regex(R"(^=> 0x([0-9a-f]+))"));
  shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
  const auto traced =
      pcs_matching(read_lines(trace_path), std::regex(R"(^core +\d+: \d 0x([0-9a-f]{16}) \()"));
  if (shown.size() != static_cast<std::size_t>(steps) + 1) {
    return "runner: stepi: gdb showed " + std::to_string(shown.size()) + " pcs, expected " +
           std::to_string(steps + 1);
  }
  for (std::size_t start = 0; start + shown.size() <= traced.size(); ++start) {
    if (traced[start] != shown[0]) continue;
    for (std::size_t i = 0; i < shown.size(); ++i) {
      if (traced[start + i] != shown[i]) {
        std::ostringstream why;
        why << "runner: stepi " << i << ": gdb pc 0x" << std::hex << shown[i] << ", trace pc 0x"
            << traced[start + i];
        return why.str();
      }
    }
    std::ostringstream ok;
    ok << "runner: stepi pcs match the instruction trace (" << steps << " steps from 0x" << std::hex
       << shown[0] << ")";
    return ok.str();
  }
  return "runner: stepi: the breakpoint pc is not in the trace (" + std::to_string(traced.size()) +
         " trace lines)";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 7) {
    std::cerr << "usage: gdb_starlet_runner RVSCOPE KERNEL INITRD GDB SCRIPT.gdb EXPECT_FILE\n";
    return 2;
  }
  const std::string rvscope = argv[1], kernel = argv[2], initrd = argv[3], gdb = argv[4];
  const auto deadline = Clock::now() + kDeadline;
  char dir_template[] = "/tmp/rvscope-gdb-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) {
    std::cerr << "FAIL: mkdtemp\n";
    return 1;
  }
  const std::string dir = dir_template;
  const Script script = parse_script(argv[5], dir);
  const std::string console = dir + "/console.txt", err = dir + "/stderr.txt",
                    gdb_out = dir + "/gdb.txt";

  // rvscope first, halted before its first instruction until gdb attaches.
  pid_t sim = -1;
  unsigned port = 0;
  for (int attempt = 0; attempt < 3 && sim < 0; ++attempt) {
    port = free_port();
    std::vector<std::string> args = {rvscope, "run"};
    if (initrd == "-") {
      args.push_back(kernel);
    } else {
      args.insert(args.end(), {"--kernel", kernel, "--initrd", initrd, "--append", script.append});
    }
    args.insert(args.end(), {"--gdb", std::to_string(port), "--gdb-wait"});
    args.insert(args.end(), script.rvscope_args.begin(), script.rvscope_args.end());
    const pid_t pid = spawn(args, console, err);
    const std::regex listening("gdb stub listening on");
    while (Clock::now() < deadline && !any_line_matches(err, listening)) {
      if (waitpid(pid, nullptr, WNOHANG) == pid) break;  // could not bind: try another port
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (any_line_matches(err, listening)) sim = pid;
  }
  if (sim < 0) {
    std::cerr << "FAIL: rvscope did not start its gdb stub\n";
    for (const auto& line : read_lines(err)) std::cerr << "stderr: " << line << "\n";
    return 1;
  }

  auto gdb_command_line = [&](const std::vector<std::string>& commands) {
    std::vector<std::string> args = {gdb,
                                     "-batch",
                                     "-nx",
                                     "-ex",
                                     "set remotetimeout 10",
                                     "-ex",
                                     "target remote 127.0.0.1:" + std::to_string(port)};
    for (const auto& command : commands) {
      args.push_back("-ex");
      args.push_back(replace_all(replace_all(command, "@PORT", std::to_string(port)), "@GDB", gdb));
    }
    args.push_back(kernel);
    return args;
  };
  const pid_t debugger = spawn(gdb_command_line(script.commands), gdb_out, gdb_out);

  // Wait for gdb, interrupting it once if asked.
  std::optional<Clock::time_point> sigint_at;
  bool sigint_sent = false;
  std::optional<int> gdb_status;
  while (!(gdb_status = wait_child(debugger, Clock::now()))) {
    if (Clock::now() >= deadline) break;
    if (script.sigint_after && !sigint_sent) {
      if (!sigint_at && any_line_matches(gdb_out, *script.sigint_after)) {
        sigint_at = Clock::now() + kSigintDelay;
      }
      if (sigint_at && Clock::now() >= *sigint_at) {
        kill(debugger, SIGINT);  // gdb turns it into the 0x03 interrupt request
        sigint_sent = true;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // The second client, if any, while rvscope runs on after the first one's detach.
  const std::string next_gdb_out = dir + "/gdb2.txt";
  const bool first_gdb_ended = gdb_status.has_value();
  if (script.next_gdb && first_gdb_ended) {
    const pid_t next = spawn(gdb_command_line(script.next_commands), next_gdb_out, next_gdb_out);
    gdb_status = wait_child(next, deadline);
    if (!gdb_status) kill(next, SIGKILL);
    waitpid(next, nullptr, 0);
  }
  // Once gdb is gone (detach, kill, the guest's exit) rvscope must end by itself.
  const std::optional<int> sim_status = gdb_status ? wait_child(sim, deadline) : std::nullopt;
  if (!first_gdb_ended) {
    kill(debugger, SIGKILL);
    waitpid(debugger, nullptr, 0);
  }
  if (!sim_status) kill(sim, SIGKILL);
  waitpid(sim, nullptr, 0);

  std::vector<std::string> output = read_lines(gdb_out);
  const std::vector<std::string> gdb_lines = output;
  if (script.next_gdb) {
    for (const auto& line : read_lines(next_gdb_out)) output.push_back("gdb2: " + line);
  }
  for (const auto& line : read_lines(console)) output.push_back("console: " + line);
  for (const auto& line : read_lines(err)) output.push_back("stderr: " + line);
  if (script.stepi_trace >= 0) {
    output.push_back(compare_stepi_with_trace(gdb_lines, dir + "/trace.log", script.stepi_trace));
  }
  if (script.sigint_after)
    output.push_back(sigint_sent ? "runner: sent SIGINT" : "runner: no SIGINT");
  output.push_back(gdb_status ? "runner: gdb exit " + std::to_string(*gdb_status)
                              : "runner: gdb timed out");
  output.push_back(sim_status ? "runner: rvscope exit " + std::to_string(*sim_status)
                              : "runner: rvscope timed out");
  for (const auto& line : output) std::cout << line << "\n";
  const bool ok = gdbtest::check_output(output, read_lines(argv[6]));
  if (ok && std::getenv("RVSCOPE_GDB_KEEP") == nullptr) fs::remove_all(dir);
  if (!ok) std::cerr << "(run directory kept: " << dir << ")\n";
  return ok && gdb_status && sim_status ? 0 : 1;
}
