// SBI calls starlet uses: TIME set_timer and SRST system reset.
#pragma once

#include "kernel/kernel.hpp"

namespace starlet {

struct SbiRet {
  i64 error;
  i64 value;
};

SbiRet sbi_call(u64 ext, u64 fid, u64 a0 = 0, u64 a1 = 0, u64 a2 = 0);
void sbi_set_timer(u64 stime_value);
[[noreturn]] void sbi_system_reset(u32 type, u32 reason);

}  // namespace starlet
