// RISC-V supervisor CSR access and the bit positions starlet uses.
#pragma once

#include "kernel/kernel.hpp"

#define STARLET_CSR_READ(name)                            \
  ({                                                      \
    ::starlet::u64 v_;                                    \
    asm volatile("csrr %0, " #name : "=r"(v_)::"memory"); \
    v_;                                                   \
  })
#define STARLET_CSR_WRITE(name, v) \
  asm volatile("csrw " #name ", %0" ::"r"(::starlet::u64(v)) : "memory")
#define STARLET_CSR_SET(name, v) \
  asm volatile("csrs " #name ", %0" ::"r"(::starlet::u64(v)) : "memory")
#define STARLET_CSR_CLEAR(name, v) \
  asm volatile("csrc " #name ", %0" ::"r"(::starlet::u64(v)) : "memory")

namespace starlet {

constexpr u64 kSstatusSie = 1ull << 1;
constexpr u64 kSstatusSpie = 1ull << 5;
constexpr u64 kSstatusSpp = 1ull << 8;
constexpr u64 kSstatusFsInitial = 1ull << 13;
constexpr u64 kSstatusFsMask = 3ull << 13;
constexpr u64 kSstatusSum = 1ull << 18;

constexpr u64 kSieSsie = 1ull << 1;
constexpr u64 kSieStie = 1ull << 5;
constexpr u64 kSieSeie = 1ull << 9;
constexpr u64 kSipSsip = 1ull << 1;
constexpr u64 kSipStip = 1ull << 5;
constexpr u64 kSipSeip = 1ull << 9;

constexpr u64 kCauseInterrupt = 1ull << 63;
enum Cause : u64 {
  kCauseInstMisaligned = 0,
  kCauseInstAccess = 1,
  kCauseIllegal = 2,
  kCauseBreakpoint = 3,
  kCauseLoadMisaligned = 4,
  kCauseLoadAccess = 5,
  kCauseStoreMisaligned = 6,
  kCauseStoreAccess = 7,
  kCauseUserEcall = 8,
  kCauseInstPage = 12,
  kCauseLoadPage = 13,
  kCauseStorePage = 15,
};
constexpr u64 kIrqSupervisorSoftware = 1;
constexpr u64 kIrqSupervisorTimer = 5;
constexpr u64 kIrqSupervisorExternal = 9;

inline u64 read_time() {
  u64 t;
  asm volatile("rdtime %0" : "=r"(t));
  return t;
}

inline u64 read_cycle() {
  u64 c;
  asm volatile("rdcycle %0" : "=r"(c));
  return c;
}

inline u64 read_instret() {
  u64 c;
  asm volatile("rdinstret %0" : "=r"(c));
  return c;
}

inline void sfence_vma() { asm volatile("sfence.vma" ::: "memory"); }

}  // namespace starlet
