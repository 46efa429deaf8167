// CSR addresses and the bit fields of mstatus, mip/mie and the trap causes.
// clang-format off: one instruction (or one field) per line, like the ISA manual's tables.
#pragma once

#include "sim/common/types.hpp"

namespace rvscope::csr {

enum : u16 {
  kFflags = 0x001,
  kFrm = 0x002,
  kFcsr = 0x003,
  kCycle = 0xc00,
  kTime = 0xc01,
  kInstret = 0xc02,
  kHpmCounter3 = 0xc03,
  kHpmCounter31 = 0xc1f,
  kSstatus = 0x100,
  kSie = 0x104,
  kStvec = 0x105,
  kScounteren = 0x106,
  kSenvcfg = 0x10a,
  kSscratch = 0x140,
  kSepc = 0x141,
  kScause = 0x142,
  kStval = 0x143,
  kSip = 0x144,
  kSatp = 0x180,
  kMvendorid = 0xf11,
  kMarchid = 0xf12,
  kMimpid = 0xf13,
  kMhartid = 0xf14,
  kMconfigptr = 0xf15,
  kMstatus = 0x300,
  kMisa = 0x301,
  kMedeleg = 0x302,
  kMideleg = 0x303,
  kMie = 0x304,
  kMtvec = 0x305,
  kMcounteren = 0x306,
  kMenvcfg = 0x30a,
  kMcountinhibit = 0x320,
  kMhpmevent3 = 0x323,
  kMhpmevent31 = 0x33f,
  kMscratch = 0x340,
  kMepc = 0x341,
  kMcause = 0x342,
  kMtval = 0x343,
  kMip = 0x344,
  kPmpcfg0 = 0x3a0,
  kPmpcfg15 = 0x3af,
  kPmpaddr0 = 0x3b0,
  kPmpaddr15 = 0x3bf,
  kMcycle = 0xb00,
  kMinstret = 0xb02,
  kMhpmcounter3 = 0xb03,
  kMhpmcounter31 = 0xb1f,
};

// Short names as Spike's commit log prints them (c768_mstatus); nullptr when unknown.
const char* name(u16 number);

}  // namespace rvscope::csr

namespace rvscope::mstatus {
inline constexpr u64 kSie = 1ull << 1, kMie = 1ull << 3, kSpie = 1ull << 5, kUbe = 1ull << 6;
inline constexpr u64 kMpie = 1ull << 7, kSpp = 1ull << 8, kMppShift = 11, kMpp = 3ull << 11;
inline constexpr u64 kFsShift = 13, kFs = 3ull << 13, kXs = 3ull << 15, kVs = 3ull << 9;
inline constexpr u64 kMprv = 1ull << 17, kSum = 1ull << 18, kMxr = 1ull << 19;
inline constexpr u64 kTvm = 1ull << 20, kTw = 1ull << 21, kTsr = 1ull << 22;
inline constexpr u64 kUxl = 3ull << 32, kSxl = 3ull << 34, kSd = 1ull << 63;
inline constexpr u64 kXlen64 = (2ull << 32) | (2ull << 34);
inline constexpr u64 kMWritable =
    kSie | kMie | kSpie | kMpie | kSpp | kMpp | kFs | kMprv | kSum | kMxr | kTvm | kTw | kTsr;
inline constexpr u64 kSVisible =
    kSie | kSpie | kUbe | kSpp | kVs | kFs | kXs | kSum | kMxr | kUxl | kSd;
inline constexpr u64 kSWritable = kSie | kSpie | kSpp | kFs | kSum | kMxr;
}  // namespace rvscope::mstatus

namespace rvscope::irq {
inline constexpr u64 kSsip = 1ull << 1, kMsip = 1ull << 3, kStip = 1ull << 5, kMtip = 1ull << 7;
inline constexpr u64 kSeip = 1ull << 9, kMeip = 1ull << 11;
inline constexpr u64 kAll = kSsip | kMsip | kStip | kMtip | kSeip | kMeip;
inline constexpr u64 kSLevel = kSsip | kStip | kSeip;
}  // namespace rvscope::irq

namespace rvscope {

enum class Exception : u64 {
  kInsnMisaligned = 0,
  kInsnAccess = 1,
  kIllegalInsn = 2,
  kBreakpoint = 3,
  kLoadMisaligned = 4,
  kLoadAccess = 5,
  kStoreMisaligned = 6,
  kStoreAccess = 7,
  kEcallU = 8,
  kEcallS = 9,
  kEcallM = 11,
  kInsnPage = 12,
  kLoadPage = 13,
  kStorePage = 15,
};

}  // namespace rvscope
// clang-format on
