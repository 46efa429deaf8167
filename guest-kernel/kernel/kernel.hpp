// Common kernel vocabulary: fixed-width types, errno values, library helpers, printk and panic.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace starlet {

using u8 = uint8_t;
using u16 = uint16_t;
using u32 = uint32_t;
using u64 = uint64_t;
using i16 = int16_t;
using i32 = int32_t;
using i64 = int64_t;

constexpr u64 kPageSize = 4096;
constexpr int kMaxCpus = 8;  // harts starlet brings up; hartids must be below 64 (SBI masks)
constexpr u64 page_down(u64 v) { return v & ~(kPageSize - 1); }
constexpr u64 page_up(u64 v) { return (v + kPageSize - 1) & ~(kPageSize - 1); }

// Linux errno values (asm-generic/errno-base.h and errno.h); syscalls return -errno.
enum Errno : int {
  kEPERM = 1,
  kENOENT = 2,
  kESRCH = 3,
  kEINTR = 4,
  kEIO = 5,
  kENXIO = 6,
  kE2BIG = 7,
  kENOEXEC = 8,
  kEBADF = 9,
  kECHILD = 10,
  kEAGAIN = 11,
  kENOMEM = 12,
  kEACCES = 13,
  kEFAULT = 14,
  kEBUSY = 16,
  kEEXIST = 17,
  kEXDEV = 18,
  kENODEV = 19,
  kENOTDIR = 20,
  kEISDIR = 21,
  kEINVAL = 22,
  kENFILE = 23,
  kEMFILE = 24,
  kENOTTY = 25,
  kEFBIG = 27,
  kENOSPC = 28,
  kESPIPE = 29,
  kEROFS = 30,
  kEMLINK = 31,
  kEPIPE = 32,
  kERANGE = 34,
  kENAMETOOLONG = 36,
  kENOSYS = 38,
  kENOTEMPTY = 39,
  kELOOP = 40,
  kENOTSOCK = 88,
  kEDESTADDRREQ = 89,
  kEMSGSIZE = 90,
  kEPROTOTYPE = 91,
  kENOPROTOOPT = 92,
  kEPROTONOSUPPORT = 93,
  kESOCKTNOSUPPORT = 94,
  kEOPNOTSUPP = 95,
  kEAFNOSUPPORT = 97,
  kEADDRINUSE = 98,
  kECONNRESET = 104,
  kEISCONN = 106,
  kENOTCONN = 107,
  kECONNREFUSED = 111,
  kETIMEDOUT = 110,
  kERESTARTSYS = 512,  // never seen by user space: restart or EINTR, decided at signal time
};

// Kernel virtual address of MMIO: physical 0..1 GiB is aliased at this high-half base.
constexpr u64 kMmioBase = 0xffffffc000000000ull;
inline volatile u32* mmio32(u64 pa) { return reinterpret_cast<volatile u32*>(kMmioBase + pa); }
inline volatile u8* mmio8(u64 pa) { return reinterpret_cast<volatile u8*>(kMmioBase + pa); }

template <typename T>
constexpr T min(T a, T b) {
  return a < b ? a : b;
}
template <typename T>
constexpr T max(T a, T b) {
  return a > b ? a : b;
}

// "starlet.stats" on the command line: report cycle/instruction counts (boot, clone3).
extern bool g_stats;

void kprintf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void log_append(const char* s, size_t n);  // kernel/syslog.cpp: the log dmesg reads
int ksnprintf(char* buf, size_t n, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
int kvsnprintf(char* buf, size_t n, const char* fmt, __builtin_va_list ap);
[[noreturn]] void panic(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
[[noreturn]] void machine_power_off(int exit_code);

// The deterministic random generator (xorshift, fixed seed) behind getrandom and /dev/random.
u64 random_next();
void random_bytes(void* dst, size_t n);
// The soft limit of rlimit RESOURCE (RLIMIT_*: 0..15), as getrlimit answers (kernel/sys_misc.cpp).
u64 rlimit_cur(int resource);

size_t kstrlen(const char* s);
int kstrcmp(const char* a, const char* b);
int kstrncmp(const char* a, const char* b, size_t n);
char* kstrdup(const char* s);

#define KASSERT(cond)                                                                         \
  do {                                                                                        \
    if (!(cond)) ::starlet::panic("assertion %s failed at %s:%d", #cond, __FILE__, __LINE__); \
  } while (0)

}  // namespace starlet

extern "C" {
void* memcpy(void* dst, const void* src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
}
