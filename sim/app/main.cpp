// rvscope's entry point: the command line (CLI11) and its subcommands.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>

#include "sim/app/cli_values.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/guest_image.hpp"
#include "sim/app/qemu_args.hpp"
#include "sim/common/error.hpp"
#include "sim/common/log.hpp"

namespace {

// For options whose empty value can mean nothing (`--gdb ''`, `--max-insns ''`): refused by
// name rather than taken as "not given".
const CLI::Validator kNonEmpty(
    [](std::string& value) {
      return value.empty() ? std::string("an empty value") : std::string();
    },
    "", "NONEMPTY");

void add_machine_options(CLI::App* cmd, rvscope::RunOptions& o) {
  cmd->add_option("-c,--config", o.config_file, "YAML machine configuration (configs/*.yaml)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--set", o.overrides, "Override a config key: --set machine.harts=4")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  cmd->add_option("--firmware", o.firmware,
                  "M-mode firmware ELF (default: Debian's OpenSBI fw_jump)")
      ->check(kNonEmpty);
  cmd->add_option("--kernel", o.kernel, "S-mode payload entered at 0x80200000 (ELF or raw)")
      ->check(kNonEmpty);
  cmd->add_option("--initrd", o.initrd, "initramfs placed in RAM and named in /chosen")
      ->check(kNonEmpty);
  cmd->add_option("--append", o.append, "kernel command line (/chosen/bootargs)");
}

// A comma-separated list of trace windows (--trace, --pipeview-window).
void add_window_list(CLI::App* cmd, const std::string& flag, std::vector<std::string>& windows,
                     const std::string& help) {
  cmd->add_option(flag, windows, help)
      ->delimiter(',')
      ->allow_extra_args(false)
      ->type_name("WINDOW[,WINDOW...]")
      ->check(kNonEmpty);
}

// CLI11 drops the empty items of a delimited list (`--trace ,` would then blame the next
// word), so window lists are looked at before it parses them.
void check_window_lists(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view word = argv[i];
    for (const std::string_view flag : {"--trace", "--pipeview-window"}) {
      std::string_view list;
      if (word == flag && i + 1 < argc) {
        list = argv[i + 1];
      } else if (word.starts_with(flag) && word.size() > flag.size() && word[flag.size()] == '=') {
        list = word.substr(flag.size() + 1);
      } else {
        continue;
      }
      if (list.empty() || list.front() == ',' || list.back() == ',' ||
          list.find(",,") != std::string_view::npos) {
        rvscope::fail("{}: an empty window in '{}'", flag, list);
      }
    }
  }
}

// Where a QEMU-style command line starts: after the program name when rvscope is called
// through a link named qemu-system-riscv64, after `qemu` for `rvscope qemu ARGS...`.
std::optional<int> qemu_args_start(int argc, char** argv) {
  if (std::filesystem::path(argv[0]).filename() == "qemu-system-riscv64") return 1;
  if (argc > 1 && std::string_view(argv[1]) == "qemu") return 2;
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "rvscope: a cycle-approximate RISC-V64 full-system simulator (QEMU virt board).\n"
      "Exit status: the guest's exit code, or 120 bad input, 121 guest stuck, 122 --max-insns "
      "reached."};
  app.require_subcommand(1);
  std::string log_level = "warn";
  app.add_option("--log-level", log_level, "trace, debug, info, warn (default), error, off");

  rvscope::RunOptions run;
  CLI::App* run_cmd = app.add_subcommand(
      "run", "Boot firmware and kernel (default), or run a bare-metal ELF given as PROGRAM");
  add_machine_options(run_cmd, run);
  run_cmd->add_option("program", run.program, "Bare-metal ELF run from its entry in M-mode");
  std::string max_insns;  // parsed by parse_count_option: CLI11 wraps "-1" around
  run_cmd->add_option("--max-insns", max_insns, "Stop after N instructions (exit 122)")
      ->type_name("N")
      ->check(kNonEmpty);
  run_cmd->add_flag("--summary", run.summary,
                    "Print instructions, MIPS and simulated time at exit");
  run_cmd->add_flag("--status", run.status,
                    "Show the live status line even when stderr is not a terminal");
  auto* strace_opt = run_cmd
                         ->add_option("--strace", run.strace_filter,
                                      "strace-style syscall trace of every user thread; "
                                      "LIST limits it: --strace=clone3,write")
                         ->expected(0, 1)
                         ->type_name("[LIST]");
  run_cmd
      ->add_option("--strace-output", run.strace_output,
                   "Write the syscall trace here (default stderr)")
      ->check(kNonEmpty);
  run_cmd->add_flag("--strace-cycles", run.strace_cycles,
                    "Add each syscall's cycles and instructions");
  auto* why_opt = run_cmd
                      ->add_option("--why", run.why_filter,
                                   "With --strace: under each failing call, the kernel "
                                   "instruction and branch that decided its result; LIST: "
                                   "every call of these")
                      ->expected(0, 1)
                      ->type_name("[LIST]");
  add_window_list(run_cmd, "--trace", run.trace_windows,
                  "Instruction trace windows: syscall:NAME|NR, symbol:NAME, pc:A-B, insn:N-M, all");
  run_cmd
      ->add_option("--trace-format", run.trace_format, "spike (Spike's --log-commits) or annotated")
      ->check(kNonEmpty);
  run_cmd
      ->add_option("--trace-output", run.trace_output, "Instruction trace file (default trace.log)")
      ->check(kNonEmpty);
  run_cmd->add_option("--timeline", run.timeline, "Chrome/Perfetto trace-event JSON")
      ->check(kNonEmpty);
  run_cmd->add_option("--symbols", run.symbols, "More ELF files to symbolize with (user programs)")
      ->allow_extra_args(false)
      ->check(kNonEmpty);
  run_cmd
      ->add_option("--guest", run.guest,
                   "Run a static riscv64 Linux program on starlet: --guest ./prog ARGS... "
                   "(last option: every word after PROG is the program's, verbatim; "
                   "rvscope's exit status is the program's)")
      ->expected(1)
      ->type_name("PROGRAM [ARGS...]");
  run_cmd
      ->add_option("--timing-from", run.timing_from,
                   "Run functionally until insn:N, syscall:NAME or symbol:NAME, then in "
                   "detail (turns timing on)")
      ->check(kNonEmpty);
  run_cmd->add_option("--stats", run.stats, "Write the timing model's statistics as JSON")
      ->check(kNonEmpty);
  run_cmd
      ->add_option("--pipeview", run.pipeview,
                   "Write the timing model's pipeline stages as a Kanata log (Konata viewer)")
      ->check(kNonEmpty);
  add_window_list(run_cmd, "--pipeview-window", run.pipeview_windows,
                  "Pipeline view windows, as --trace: syscall:NAME|NR, symbol:NAME, pc:A-B, "
                  "insn:N-M, all (default all)");
  run_cmd->add_flag("--sample", run.sample,
                    "Sampled timing: detailed windows of timing.sampling between plain runs; "
                    "reports the estimated CPI with its 95% confidence interval");
  run_cmd->add_option("--pipeview-hart", run.pipeview_hart,
                      "The hart whose pipeline --pipeview shows (default 0)");
  run_cmd->add_option("--save-at", run.save_at, "Save a snapshot at TRIGGER (as --timing-from)")
      ->expected(2)
      ->type_name("TRIGGER FILE")
      ->check(kNonEmpty);
  run_cmd->add_option("--restore", run.restore, "Start from a snapshot (same machine config)")
      ->check(kNonEmpty);
  run_cmd
      ->add_option("--gdb", run.gdb,
                   "Start the gdb stub on [HOST:]PORT (host 127.0.0.1 unless given)")
      ->type_name("[HOST:]PORT")
      ->check(kNonEmpty);
  run_cmd->add_flag("--gdb-wait", run.gdb_wait, "Start halted, waiting for gdb to attach");
  run_cmd->add_option("--file", run.guest_files, "With --guest: add a file to the initramfs")
      ->allow_extra_args(false)
      ->type_name("/GUEST/PATH=HOST/PATH");
  run_cmd
      ->add_option("--write-drive", run.write_drives,
                   "QEMU style: let the guest's writes reach -drive ID's image (default: an "
                   "in-memory overlay)")
      ->allow_extra_args(false)
      ->type_name("ID");
  app.add_subcommand("qemu",
                     "Run a qemu-system-riscv64 command line (also when called through a link "
                     "named qemu-system-riscv64); rvscope's --options mix in")
      ->allow_extras();
  app.fallthrough();

  std::string disasm_elf;
  CLI::App* disasm_cmd = app.add_subcommand("disasm", "List an ELF's code like objdump -d");
  disasm_cmd->add_option("elf", disasm_elf, "RISC-V ELF file")->required();

  rvscope::RunOptions dtb;
  std::string dtb_out;
  CLI::App* dtb_cmd = app.add_subcommand("dumpdtb", "Write the generated device tree blob");
  add_machine_options(dtb_cmd, dtb);
  dtb_cmd->add_option("output", dtb_out, "Output .dtb file")->required()->check(kNonEmpty);

  const std::vector<std::string> guest_args = rvscope::take_guest_arguments(argc, argv);
  std::vector<rvscope::QemuFlag> qemu_flags;
  const std::optional<int> qemu_start = qemu_args_start(argc, argv);
  try {
    if (qemu_start) {
      const std::vector<std::string> words(argv + *qemu_start, argv + argc);
      rvscope::QemuCommandLine split = rvscope::split_qemu_command_line(words);
      qemu_flags = std::move(split.flags);
      // CLI11 takes the words of a vector in reverse order.
      std::vector<std::string> cli{split.rvscope_args.rbegin(), split.rvscope_args.rend()};
      cli.push_back("run");
      app.parse(cli);
    } else {
      check_window_lists(argc, argv);
      if (argc > 1 && argv[1][0] != '-') {
        // CLI11 would say only "A subcommand is required".
        const std::string_view command = argv[1];
        bool known = false;
        for (const CLI::App* sub : app.get_subcommands({})) known |= sub->get_name() == command;
        if (!known) {
          rvscope::fail("unknown command '{}' (the commands: run, qemu, disasm, dumpdtb)", command);
        }
      }
      app.parse(argc, argv);
    }
  } catch (const CLI::ParseError& e) {
    // --help is a ParseError too, and exits 0; every real parse error is bad input.
    return app.exit(e) == 0 ? 0 : rvscope::kExitSimError;
  } catch (const rvscope::SimError& e) {
    fmt::print(stderr, "rvscope: error: {}\n", e.what());
    return rvscope::kExitSimError;
  }
  run.strace = strace_opt->count() > 0;
  run.why = why_opt->count() > 0;
  run.guest.insert(run.guest.end(), guest_args.begin(), guest_args.end());
  try {
    rvscope::set_log_level(log_level);
    if (!max_insns.empty()) {
      run.max_insns = rvscope::parse_count_option("--max-insns", max_insns,
                                                  "a count of instructions (0 = no limit)");
    }
    if (qemu_start) rvscope::apply_qemu_flags(qemu_flags, run);
    if (*run_cmd) return rvscope::run_command(run);
    if (*disasm_cmd) return rvscope::disasm_command(disasm_elf);
    if (*dtb_cmd) return rvscope::dumpdtb_command(dtb, dtb_out);
  } catch (const rvscope::SimError& e) {
    fmt::print(stderr, "rvscope: error: {}\n", e.what());
    return rvscope::kExitSimError;
  } catch (const std::exception& e) {
    fmt::print(stderr, "rvscope: error: {}\n", e.what());
    return rvscope::kExitSimError;
  }
  return 0;
}
