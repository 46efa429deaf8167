// Snapshot files: layout
//   "RVSCSNAP", u32 version, u32 section count,
//   per section: 4-byte tag, u64 size, the bytes  (the first section, "CONF", is the identity)
//   u64 FNV-1a checksum of everything before it.
#include "sim/machine/snapshot_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "sim/common/error.hpp"
#include "sim/common/input_file.hpp"
#include "sim/common/state_stream.hpp"

namespace rvscope {
namespace {

constexpr std::size_t kHeaderSize = sizeof(kSnapshotMagic) + 4 + 4;
constexpr std::size_t kSectionHeaderSize = 4 + 8;
constexpr u32 kMaxSections = 64;

u64 fnv1a(std::span<const u8> bytes, u64 hash = 0xcbf29ce484222325ull) {
  for (const u8 b : bytes) hash = (hash ^ b) * 0x100000001b3ull;
  return hash;
}

std::string file_identity(const std::string& path) {
  if (path.empty()) return "none";
  const std::optional<std::vector<u8>> bytes = try_read_input_file(path);
  if (!bytes) return path + " (unreadable)";
  return fmt::format("{} ({} bytes, fnv1a {:016x})", path, bytes->size(), fnv1a(*bytes));
}

const char* boot_mode_name(BootMode mode) {
  return mode == BootMode::kDirect ? "direct" : "firmware";
}

// "key=value" line for `key`, or "" when absent.
std::string_view line_of(std::string_view identity, std::string_view key) {
  for (std::size_t at = 0; at < identity.size();) {
    const std::size_t end = std::min(identity.find('\n', at), identity.size());
    const std::string_view line = identity.substr(at, end - at);
    if (line.substr(0, line.find('=')) == key) return line;
    at = end + 1;
  }
  return {};
}

void check_identity(std::string_view saved, std::string_view current, const std::string& name) {
  if (saved == current) return;
  for (std::size_t at = 0; at < current.size();) {
    const std::size_t end = std::min(current.find('\n', at), current.size());
    const std::string_view line = current.substr(at, end - at);
    const std::string_view key = line.substr(0, line.find('='));
    const std::string_view theirs = line_of(saved, key);
    if (theirs != line) {
      const auto value = [](std::string_view l) {
        return l.empty() ? std::string("(absent)") : std::string(l.substr(l.find('=') + 1));
      };
      fail("snapshot '{}': taken with a different machine config: {} was {}, now {}", name, key,
           value(theirs), value(line));
    }
    at = end + 1;
  }
  fail("snapshot '{}': taken with a different machine config (keys this rvscope does not know)",
       name);
}

}  // namespace

std::string config_identity(const MachineConfig& c) {
  std::string out;
  const auto add = [&out](std::string_view key, const std::string& value) {
    out += fmt::format("{}={}\n", key, value);
  };
  add("machine.harts", std::to_string(c.machine.harts));
  add("machine.ram_base", fmt::format("{:#x}", c.machine.ram_base));
  add("machine.ram_size", fmt::format("{:#x}", c.machine.ram_size));
  add("machine.core_hz", std::to_string(c.machine.core_hz));
  add("machine.timebase_hz", std::to_string(c.machine.timebase_hz));
  add("machine.isa", c.machine.isa);
  add("run.quantum", std::to_string(c.run.quantum));
  add("boot.mode", boot_mode_name(c.boot.mode));
  add("boot.firmware",
      c.boot.mode == BootMode::kFirmware ? file_identity(c.boot.firmware) : "unused");
  add("boot.kernel", file_identity(c.boot.kernel));
  add("boot.initrd", file_identity(c.boot.initrd));
  add("boot.bootargs", c.boot.bootargs);
  add("boot.kernel_addr", fmt::format("{:#x}", c.boot.kernel_addr));
  add("devices.virtio", std::to_string(c.devices.virtio.size()));
  for (std::size_t i = 0; i < c.devices.virtio.size(); ++i) {
    add(fmt::format("devices.virtio[{}].file", i), file_identity(c.devices.virtio[i].file));
  }
  add("devices.rng_seed", std::to_string(c.devices.rng_seed));
  add("devices.rtc_epoch_ns", std::to_string(c.devices.rtc_epoch_ns));
  return out;
}

std::vector<u8> encode_snapshot(const MachineState& state, const std::string& identity) {
  StateWriter out;
  out.put_bytes(kSnapshotMagic, sizeof(kSnapshotMagic));
  out.put<u32>(kSnapshotVersion);
  out.put<u32>(static_cast<u32>(state.sections.size() + 1));
  const auto section = [&out](std::string_view tag, std::span<const u8> data) {
    out.put_bytes(tag.data(), 4);
    out.put<u64>(data.size());
    out.put_bytes(data.data(), data.size());
  };
  section("CONF", std::span(reinterpret_cast<const u8*>(identity.data()), identity.size()));
  for (const StateSection& s : state.sections) section(s.tag, s.data);
  out.put<u64>(snapshot_checksum(out.bytes()));
  return std::move(out.bytes());
}

MachineState decode_snapshot(std::span<const u8> bytes, const std::string& identity,
                             const std::string& name) {
  if (bytes.size() < kHeaderSize) {
    fail("snapshot '{}': truncated: {} bytes, the header alone is {}", name, bytes.size(),
         kHeaderSize);
  }
  if (std::memcmp(bytes.data(), kSnapshotMagic, sizeof(kSnapshotMagic)) != 0) {
    fail("snapshot '{}': not an rvscope snapshot (no RVSCSNAP magic)", name);
  }
  StateReader header(bytes.subspan(sizeof(kSnapshotMagic), 8), "header");
  const u32 version = header.get<u32>();
  const u32 count = header.get<u32>();
  if (version != kSnapshotVersion) {
    fail("snapshot '{}': format version {}, this rvscope reads version {}{}", name, version,
         kSnapshotVersion,
         version < kSnapshotVersion ? " (an older rvscope wrote it: save it again)" : "");
  }
  if (count == 0 || count > kMaxSections) {
    fail("snapshot '{}': {} sections, expected 1..{}", name, count, kMaxSections);
  }
  // Section sizes first: a truncated file is reported as such, not as a bad checksum.
  std::vector<std::pair<std::string, std::span<const u8>>> sections;
  std::size_t at = kHeaderSize;
  for (u32 i = 0; i < count; ++i) {
    if (bytes.size() - at < kSectionHeaderSize) {
      fail("snapshot '{}': truncated at byte {}: section {} of {} has no header", name,
           bytes.size(), i + 1, count);
    }
    std::string tag(reinterpret_cast<const char*>(bytes.data() + at), 4);
    for (char& ch : tag) {
      if (ch < 0x20 || ch > 0x7e) ch = '?';
    }
    u64 size = 0;
    std::memcpy(&size, bytes.data() + at + 4, 8);
    at += kSectionHeaderSize;
    if (size > bytes.size() - at) {
      fail(
          "snapshot '{}': truncated or corrupted: section '{}' needs {} bytes at offset {}, "
          "{} remain",
          name, tag, size, at, bytes.size() - at);
    }
    sections.emplace_back(tag, bytes.subspan(at, size));
    at += size;
  }
  if (bytes.size() - at != 8) {
    fail("snapshot '{}': {} after the last section, expected the 8-byte checksum", name,
         bytes.size() - at < 8 ? "truncated" : "unexpected bytes");
  }
  u64 stored = 0;
  std::memcpy(&stored, bytes.data() + at, 8);
  if (stored != snapshot_checksum(bytes.first(at))) {
    fail("snapshot '{}': corrupted: checksum mismatch", name);
  }
  if (sections.front().first != "CONF") {
    fail("snapshot '{}': first section is '{}', expected CONF", name, sections.front().first);
  }
  const auto& conf = sections.front().second;
  check_identity(std::string_view(reinterpret_cast<const char*>(conf.data()), conf.size()),
                 identity, name);
  MachineState state;
  state.origin = fmt::format("snapshot '{}'", name);
  for (std::size_t i = 1; i < sections.size(); ++i) {
    state.sections.push_back(
        {sections[i].first, {sections[i].second.begin(), sections[i].second.end()}});
  }
  return state;
}

void write_snapshot_file(const std::string& path, const MachineState& state,
                         const MachineConfig& config) {
  const std::vector<u8> bytes = encode_snapshot(state, config_identity(config));
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) fail("cannot write snapshot '{}': {}", tmp, std::strerror(errno));
  const bool wrote = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const int err = errno;
  if (std::fclose(f) != 0 || !wrote) {
    std::remove(tmp.c_str());
    fail("cannot write snapshot '{}': {}", tmp, std::strerror(wrote ? errno : err));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int rename_err = errno;
    std::remove(tmp.c_str());
    fail("cannot write snapshot '{}': {}", path, std::strerror(rename_err));
  }
}

u64 snapshot_checksum(std::span<const u8> bytes) { return fnv1a(bytes); }

MachineState read_snapshot_file(const std::string& path, const MachineConfig& config) {
  return decode_snapshot(read_input_file(path, "snapshot"), config_identity(config), path);
}

}  // namespace rvscope
