// Snapshot files: a MachineState behind a versioned, checked header (magic, format version,
// the config's identity, section sizes, a checksum), so that a truncated, corrupted or
// foreign file, or one taken with another machine config, is a clear error.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "sim/config/machine_config.hpp"
#include "sim/machine/machine_state.hpp"

namespace rvscope {

inline constexpr char kSnapshotMagic[8] = {'R', 'V', 'S', 'C', 'S', 'N', 'A', 'P'};
// 2: the STRC section (the strace pipeline's state) joined; version 1 files lack it.
inline constexpr u32 kSnapshotVersion = 2;

// What a restoring run must share with the saving one, as "key=value" lines: the machine's
// shape, the boot files (with a hash of their contents), the run quantum, the devices.
std::string config_identity(const MachineConfig& config);

// The checksum that ends a file: FNV-1a 64 over every byte before it.
u64 snapshot_checksum(std::span<const u8> bytes);

// The file image, and its inverse: `name` names the file in errors; `identity` is the
// restoring machine's config_identity (a mismatch names the first differing key).
std::vector<u8> encode_snapshot(const MachineState& state, const std::string& identity);
MachineState decode_snapshot(std::span<const u8> bytes, const std::string& identity,
                             const std::string& name);

// Written to PATH.tmp and renamed, so a failed save never leaves half a snapshot.
void write_snapshot_file(const std::string& path, const MachineState& state,
                         const MachineConfig& config);
MachineState read_snapshot_file(const std::string& path, const MachineConfig& config);

}  // namespace rvscope
