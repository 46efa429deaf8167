// Fixed-width integer aliases and the privilege-level enum shared by every module.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rvscope {

using u8 = std::uint8_t;
using u16 = std::uint16_t;
using u32 = std::uint32_t;
using u64 = std::uint64_t;
using i8 = std::int8_t;
using i16 = std::int16_t;
using i32 = std::int32_t;
using i64 = std::int64_t;
using u128 = unsigned __int128;
using i128 = __int128;

// Privilege levels with the encoding of mstatus.MPP (and Spike's commit log).
enum class Priv : u8 { kUser = 0, kSupervisor = 1, kMachine = 3 };

}  // namespace rvscope
