// The QEMU-style front end: qemu-system-riscv64 flags into RunOptions and config keys.
#include "sim/app/qemu_args.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <map>
#include <optional>
#include <string_view>

#include "sim/common/error.hpp"
#include "sim/elf/elf_file.hpp"

namespace rvscope {
namespace {

struct FlagSpec {
  std::string_view name;
  bool takes_value;
};

// Every QEMU flag rvscope understands; docs/qemu-cli.md has the table of their meanings.
constexpr std::array kSupportedFlags{
    FlagSpec{"machine", true},    FlagSpec{"M", true},      FlagSpec{"bios", true},
    FlagSpec{"kernel", true},     FlagSpec{"initrd", true}, FlagSpec{"append", true},
    FlagSpec{"m", true},          FlagSpec{"smp", true},    FlagSpec{"cpu", true},
    FlagSpec{"nographic", false}, FlagSpec{"serial", true}, FlagSpec{"display", true},
    FlagSpec{"monitor", true},    FlagSpec{"drive", true},  FlagSpec{"device", true},
    FlagSpec{"s", false},         FlagSpec{"S", false},     FlagSpec{"gdb", true},
    FlagSpec{"no-reboot", false},
};

const FlagSpec* find_flag(std::string_view name) {
  for (const FlagSpec& spec : kSupportedFlags) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

// QEMU's option syntax: KEY=VALUE pairs split at commas (",," is a literal comma); the first
// item may be a bare value for the option's implied key ("virt" for -machine type=virt).
struct QemuOpts {
  std::string flag;  // "-drive", for messages
  std::string text;  // the whole value, for messages
  std::vector<std::pair<std::string, std::string>> items;
};

QemuOpts parse_opts(const QemuFlag& flag, std::string_view implied_key) {
  QemuOpts opts{"-" + flag.name, flag.value, {}};
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < flag.value.size(); ++i) {
    const char c = flag.value[i];
    if (c == ',' && i + 1 < flag.value.size() && flag.value[i + 1] == ',') {
      parts.back() += ',';
      ++i;
    } else if (c == ',') {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    const auto eq = part.find('=');
    if (eq == std::string::npos) {
      if (i != 0 || implied_key.empty() || part.empty()) {
        fail("{} {}: expected KEY=VALUE, got '{}'", opts.flag, flag.value, part);
      }
      opts.items.emplace_back(std::string(implied_key), part);
    } else {
      opts.items.emplace_back(part.substr(0, eq), part.substr(eq + 1));
    }
  }
  return opts;
}

[[noreturn]] void refuse_key(const QemuOpts& opts, const std::string& key,
                             const std::string& value) {
  fail("{} {}: '{}={}' is not supported by rvscope (docs/qemu-cli.md lists what is)", opts.flag,
       opts.text, key, value);
}

bool parse_on_off(const QemuOpts& opts, const std::string& key, const std::string& value) {
  if (value == "on" || value == "true" || value == "yes") return true;
  if (value == "off" || value == "false" || value == "no") return false;
  fail("{} {}: {} must be on or off, got '{}'", opts.flag, opts.text, key, value);
}

unsigned parse_count(const QemuOpts& opts, const std::string& key, const std::string& value) {
  unsigned n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size()) {
    fail("{} {}: {} must be a number, got '{}'", opts.flag, opts.text, key, value);
  }
  return n;
}

bool file_starts_with_elf_magic(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' &&
         magic[3] == 'F';
}

// QEMU 7.2's rv64 extension properties that rvscope's rv64imafdc_zicsr_zifencei lacks
// (turning them off describes rvscope's hart) and those it has (turning them on is a no-op).
constexpr std::array<std::string_view, 19> kCpuExtensionsAbsent{
    "h",    "v",  "sstc", "Zihintpause", "zba", "zbb",    "zbc",     "zbs",     "zbkb",  "zbkc",
    "zbkx", "zk", "zkn",  "zks",         "Zfh", "Zfhmin", "svinval", "svnapot", "svpbmt"};
constexpr std::array<std::string_view, 12> kCpuExtensionsPresent{
    "i", "m", "a", "f", "d", "c", "Zicsr", "Zifencei", "mmu", "pmp", "s", "u"};
// Of the absent ones, those QEMU's default rv64 turns on.
constexpr std::array<std::string_view, 7> kQemuDefaultOnAbsent{"h",   "sstc", "Zihintpause", "zba",
                                                               "zbb", "zbc",  "zbs"};

template <size_t N>
bool among(const std::array<std::string_view, N>& list, std::string_view key) {
  return std::find(list.begin(), list.end(), key) != list.end();
}

void apply_cpu(const QemuFlag& flag) {
  const QemuOpts opts = parse_opts(flag, "model");
  std::vector<std::string> off;
  bool pmu_off = false;
  for (const auto& [key, value] : opts.items) {
    if (key == "model") {
      if (value != "rv64") {
        fail("-cpu {}: rvscope's only hart is rv64 (rv64imafdc_zicsr_zifencei)", opts.text);
      }
    } else if (key == "pmu-num") {
      if (value != "0") refuse_key(opts, key, value);  // rvscope's hpm counters read zero
      pmu_off = true;
    } else if (among(kCpuExtensionsAbsent, key)) {
      if (parse_on_off(opts, key, value)) refuse_key(opts, key, value);
      off.push_back(key);
    } else if (among(kCpuExtensionsPresent, key)) {
      if (!parse_on_off(opts, key, value)) refuse_key(opts, key, value);
    } else {
      refuse_key(opts, key, value);
    }
  }
  std::string missing;
  for (std::string_view ext : kQemuDefaultOnAbsent) {
    if (std::find(off.begin(), off.end(), ext) == off.end()) {
      missing += fmt::format("{}{}", missing.empty() ? "" : ", ", ext);
    }
  }
  if (!pmu_off) missing += fmt::format("{}hpm counters", missing.empty() ? "" : ", ");
  if (!missing.empty()) {
    fmt::print(stderr,
               "rvscope: warning: -cpu {}: rvscope's hart is rv64imafdc_zicsr_zifencei, without "
               "{} (QEMU's rv64 has them)\n",
               opts.text, missing);
  }
}

// The state the flags build up before it is written into RunOptions.
struct Translation {
  bool machine_given = false;
  std::optional<std::string> bios;  // "default", "none" or a file
  std::string kernel, initrd, append;
  bool append_given = false;
  std::vector<std::string> overrides;
  struct Drive {
    std::string file;
    DiskMode mode = DiskMode::kOverlay;
    bool used = false;
  };
  std::map<std::string, Drive> drives;
  std::vector<std::string> drive_order;
  std::vector<VirtioDeviceConfig> devices;
  std::string gdb;  // rvscope's [HOST:]PORT
  bool wait = false;
};

void apply_machine(const QemuFlag& flag, Translation& t) {
  const QemuOpts opts = parse_opts(flag, "type");
  for (const auto& [key, value] : opts.items) {
    if (key == "type") {
      if (value != "virt") {
        fail("-{} {}: rvscope models only QEMU's 'virt' board, not '{}'", flag.name, opts.text,
             value);
      }
    } else if ((key == "aclint" && value == "off") || (key == "aia" && value == "none") ||
               (key == "accel" && value == "tcg")) {
      // QEMU's defaults, which are what rvscope's board is: nothing to change.
    } else {
      refuse_key(opts, key, value);
    }
  }
  t.machine_given = true;
}

void apply_smp(const QemuFlag& flag, Translation& t) {
  const QemuOpts opts = parse_opts(flag, "cpus");
  std::optional<unsigned> cpus, maxcpus;
  for (const auto& [key, value] : opts.items) {
    if (key == "cpus") {
      cpus = parse_count(opts, key, value);
    } else if (key == "maxcpus") {
      maxcpus = parse_count(opts, key, value);
    } else if ((key == "sockets" || key == "cores" || key == "threads") && value == "1") {
      // One socket, core or thread per hart: QEMU's own default topology.
    } else {
      refuse_key(opts, key, value);
    }
  }
  if (!cpus) fail("-smp {}: give the number of harts (-smp N or cpus=N)", opts.text);
  if (maxcpus && *maxcpus != *cpus) {
    fail("-smp {}: rvscope has no CPU hotplug: maxcpus must equal cpus", opts.text);
  }
  t.overrides.push_back(fmt::format("machine.harts={}", *cpus));
}

void apply_drive(const QemuFlag& flag, Translation& t) {
  const QemuOpts opts = parse_opts(flag, "");
  std::string id, file, interface;
  DiskMode mode = DiskMode::kOverlay;
  for (const auto& [key, value] : opts.items) {
    if (key == "file") {
      file = value;
    } else if (key == "id") {
      id = value;
    } else if (key == "if") {
      interface = value;
    } else if (key == "format") {
      if (value != "raw") {
        fail("-drive {}: rvscope reads raw images only, not format={}", opts.text, value);
      }
    } else if (key == "readonly") {
      mode = parse_on_off(opts, key, value) ? DiskMode::kReadOnly : DiskMode::kOverlay;
    } else if (key == "snapshot") {
      // QEMU's snapshot=on keeps writes in a temporary overlay: rvscope's default anyway.
      if (parse_on_off(opts, key, value) && mode == DiskMode::kReadOnly) {
        fail("-drive {}: readonly=on and snapshot=on contradict each other", opts.text);
      }
    } else if (key == "media" && value == "disk") {
    } else {
      refuse_key(opts, key, value);
    }
  }
  if (interface != "none") {
    fail(
        "-drive {}: rvscope attaches drives only as if=none with -device "
        "virtio-blk-device,drive=ID (got if={})",
        opts.text, interface.empty() ? "<unset>" : interface);
  }
  if (file.empty()) fail("-drive {}: file=IMAGE is missing", opts.text);
  if (id.empty()) fail("-drive {}: id=ID is missing (the -device names it)", opts.text);
  if (t.drives.contains(id)) fail("-drive {}: a drive with id '{}' exists already", opts.text, id);
  t.drives[id] = Translation::Drive{file, mode, false};
  t.drive_order.push_back(id);
}

void apply_device(const QemuFlag& flag, Translation& t) {
  const QemuOpts opts = parse_opts(flag, "driver");
  const std::string& driver = opts.items.front().second;
  if (opts.items.front().first != "driver") {
    fail("-device {}: the first item must be the device's name", opts.text);
  }
  VirtioDeviceConfig device;
  std::string drive;
  for (size_t i = 1; i < opts.items.size(); ++i) {
    const auto& [key, value] = opts.items[i];
    if (key == "drive" && driver == "virtio-blk-device") {
      drive = value;
    } else if (key == "id") {
      device.id = value;
    } else {
      refuse_key(opts, key, value);
    }
  }
  if (driver == "virtio-rng-device") {
    device.kind = VirtioDeviceConfig::Kind::kEntropy;
    if (device.id.empty()) device.id = "rng";
  } else if (driver == "virtio-blk-device") {
    if (drive.empty()) fail("-device {}: drive=ID is missing", opts.text);
    const auto it = t.drives.find(drive);
    if (it == t.drives.end()) {
      fail("-device {}: no -drive with id '{}' (give the -drive first)", opts.text, drive);
    }
    if (it->second.used) fail("-device {}: drive '{}' is used twice", opts.text, drive);
    it->second.used = true;
    device.kind = VirtioDeviceConfig::Kind::kBlock;
    device.file = it->second.file;
    device.mode = it->second.mode;
    device.id = drive;
  } else {
    fail(
        "-device {}: device '{}' is not supported by rvscope (virtio-blk-device and "
        "virtio-rng-device are)",
        opts.text, driver);
  }
  t.devices.push_back(device);
}

void apply_gdb(const QemuFlag& flag, Translation& t) {
  // QEMU's tcp::PORT listens on every interface; rvscope's stub stays on 127.0.0.1 unless the
  // address is spelled out (tcp:HOST:PORT), as its own --gdb does.
  const std::string_view value = flag.value;
  if (!value.starts_with("tcp:")) {
    fail("-gdb {}: rvscope's stub speaks only tcp::PORT or tcp:HOST:PORT", flag.value);
  }
  std::string_view rest = value.substr(4);
  if (const auto comma = rest.find(','); comma != std::string_view::npos) {
    fail("-gdb {}: options after the address ('{}') are not supported", flag.value,
         rest.substr(comma + 1));
  }
  t.gdb = rest.starts_with(":") ? std::string(rest.substr(1)) : std::string(rest);
}

void apply_flag(const QemuFlag& flag, Translation& t) {
  const std::string& n = flag.name;
  if (n == "machine" || n == "M") {
    apply_machine(flag, t);
  } else if (n == "bios") {
    t.bios = flag.value;
  } else if (n == "kernel") {
    t.kernel = flag.value;
  } else if (n == "initrd") {
    t.initrd = flag.value;
  } else if (n == "append") {
    t.append = flag.value;
    t.append_given = true;
  } else if (n == "m") {
    const QemuOpts opts = parse_opts(flag, "size");
    for (const auto& [key, value] : opts.items) {
      if (key != "size") refuse_key(opts, key, value);
      t.overrides.push_back(fmt::format("machine.ram_size={}", parse_qemu_size(value)));
    }
  } else if (n == "smp") {
    apply_smp(flag, t);
  } else if (n == "cpu") {
    apply_cpu(flag);
  } else if (n == "nographic" || n == "no-reboot") {
    // The console is always on stdio and a guest reset always ends the run.
  } else if (n == "serial") {
    if (flag.value != "mon:stdio" && flag.value != "stdio") {
      fail("-serial {}: rvscope's UART is always on stdio (-serial stdio or mon:stdio)",
           flag.value);
    }
  } else if (n == "display" || n == "monitor") {
    if (flag.value != "none") {
      fail("-{} {}: rvscope has no {}; only -{} none is accepted", n, flag.value, n, n);
    }
  } else if (n == "drive") {
    apply_drive(flag, t);
  } else if (n == "device") {
    apply_device(flag, t);
  } else if (n == "s") {
    t.gdb = "1234";
  } else if (n == "gdb") {
    apply_gdb(flag, t);
  } else if (n == "S") {
    t.wait = true;
  }
}

// Sets a RunOptions string that rvscope's own option may already hold.
void set_once(std::string& field, const std::string& value, std::string_view qemu_flag,
              std::string_view rvscope_option) {
  if (!field.empty() && field != value) {
    fail("-{} '{}' and {} '{}' contradict each other: give one", qemu_flag, value, rvscope_option,
         field);
  }
  field = value;
}

}  // namespace

QemuCommandLine split_qemu_command_line(const std::vector<std::string>& args) {
  QemuCommandLine out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (word.starts_with("--")) {
      // rvscope's option and its values, up to the next option or flag.
      out.rvscope_args.push_back(word);
      while (i + 1 < args.size() && !args[i + 1].starts_with("-")) {
        out.rvscope_args.push_back(args[++i]);
      }
      continue;
    }
    if (!word.starts_with("-") || word == "-") {
      fail(
          "'{}': a bare disk image (QEMU's -hda shorthand) is not supported; use -drive "
          "file={},if=none,format=raw,id=ID -device virtio-blk-device,drive=ID",
          word, word);
    }
    const std::string name = word.substr(1);
    const FlagSpec* spec = find_flag(name);
    if (spec == nullptr) {
      fail(
          "QEMU option '{}' is not supported by rvscope (docs/qemu-cli.md lists the ones that are)",
          word);
    }
    QemuFlag flag{name, ""};
    if (spec->takes_value) {
      if (i + 1 >= args.size()) fail("QEMU option '{}' needs a value", word);
      flag.value = args[++i];
    }
    out.flags.push_back(flag);
  }
  return out;
}

u64 parse_qemu_size(const std::string& text) {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  u64 whole = 0;
  const auto [p, ec] = std::from_chars(begin, end, whole);
  if (p == begin || ec != std::errc()) fail("-m {}: expected a size such as 128M or 1G", text);
  const char* at = p;
  u64 fraction = 0, scale = 1;  // fraction / scale is the part after the dot
  if (at != end && *at == '.') {
    for (++at; at != end && *at >= '0' && *at <= '9'; ++at) {
      if (scale >= 1'000'000'000'000ull) fail("-m {}: too many decimals", text);
      fraction = fraction * 10 + static_cast<u64>(*at - '0');
      scale *= 10;
    }
  }
  int shift = 20;  // a plain number is MiB
  if (at != end) {
    static constexpr std::string_view kSuffixes = "BKMGT";
    const auto pos =
        kSuffixes.find(static_cast<char>(std::toupper(static_cast<unsigned char>(*at))));
    if (pos == std::string_view::npos || at + 1 != end) {
      fail("-m {}: expected a size such as 128M or 1G (suffixes B, K, M, G, T)", text);
    }
    shift = static_cast<int>(pos) * 10;
  }
  const u128 unit = u128{1} << shift;
  const u128 bytes = u128{whole} * unit + u128{fraction} * unit / scale;
  if (bytes > ~u64{0}) fail("-m {}: too large", text);
  if (u128{fraction} * unit % scale != 0) fail("-m {}: not a whole number of bytes", text);
  return static_cast<u64>(bytes);
}

void apply_qemu_flags(const std::vector<QemuFlag>& flags, RunOptions& run) {
  Translation t;
  for (const QemuFlag& flag : flags) apply_flag(flag, t);
  if (!t.machine_given) {
    // QEMU's default riscv64 board is spike, which rvscope does not model.
    fail("give -machine virt: rvscope models QEMU's virt board (QEMU's default is spike)");
  }
  for (const std::string& id : t.drive_order) {
    if (!t.drives[id].used) {
      fmt::print(stderr, "rvscope: warning: -drive id={} is not used by any -device\n", id);
    }
  }
  for (VirtioDeviceConfig& device : t.devices) {
    const auto named = std::find(run.write_drives.begin(), run.write_drives.end(), device.id);
    if (device.kind == VirtioDeviceConfig::Kind::kBlock && named != run.write_drives.end()) {
      if (device.mode == DiskMode::kReadOnly) {
        fail("--write-drive {}: that -drive says readonly=on", device.id);
      }
      device.mode = DiskMode::kReadWrite;
    }
  }
  for (const std::string& id : run.write_drives) {
    if (!t.drives.contains(id)) fail("--write-drive {}: no -drive has that id", id);
  }
  run.virtio = t.devices;
  run.qemu_style = true;

  const std::string bios = t.bios.value_or("default");
  if (bios == "none") {
    // QEMU then runs the kernel from its ELF entry in M-mode: rvscope's direct boot.
    if (t.kernel.empty()) fail("-bios none without -kernel: there is nothing to run");
    if (!file_starts_with_elf_magic(t.kernel)) {
      fail(
          "-bios none -kernel {}: rvscope runs only an ELF without firmware (QEMU would copy "
          "a raw image to 0x80000000)",
          t.kernel);
    }
    if (!t.initrd.empty()) fail("-initrd with -bios none is not supported by rvscope");
    set_once(run.program, t.kernel, "kernel", "PROGRAM");
  } else {
    if (!run.program.empty()) {
      fail("a bare-metal PROGRAM ('{}') needs -bios none in QEMU style", run.program);
    }
    const std::string firmware = bios == "default" ? kQemuDefaultFirmware : bios;
    if (!file_starts_with_elf_magic(firmware)) {
      fail(
          "-bios {}: rvscope loads firmware from an ELF file (e.g. fw_dynamic.elf beside "
          "fw_dynamic.bin)",
          firmware);
    }
    set_once(run.firmware, firmware, "bios", "--firmware");
    if (!t.kernel.empty()) {
      set_once(run.kernel, t.kernel, "kernel", "--kernel");
      // QEMU hands fw_dynamic the ELF's entry (a raw Image goes to 0x80200000, where the
      // firmware ends 2 MiB-aligned) and places the initrd relative to it.
      if (file_starts_with_elf_magic(t.kernel)) {
        const u64 entry = ElfFile::load(t.kernel).entry();
        t.overrides.push_back(fmt::format("boot.kernel_addr={:#x}", entry));
      }
    }
    if (!t.initrd.empty()) set_once(run.initrd, t.initrd, "initrd", "--initrd");
  }
  if (t.append_given) set_once(run.append, t.append, "append", "--append");
  if (!t.gdb.empty()) set_once(run.gdb, t.gdb, "gdb", "--gdb");
  if (t.wait) {
    if (run.gdb.empty()) {
      fail("-S without -s or -gdb: rvscope has no monitor to start the machine from");
    }
    run.gdb_wait = true;
  }
  t.overrides.insert(t.overrides.end(), run.overrides.begin(), run.overrides.end());
  run.overrides = t.overrides;
}

}  // namespace rvscope
