// The few device-tree facts starlet needs: RAM, initrd, bootargs, timebase, RTC, the harts.
#pragma once

#include "kernel/kernel.hpp"

namespace starlet {

struct BootInfo {
  u64 ram_base = 0x80000000;
  u64 ram_size = 0;
  u64 initrd_start = 0;
  u64 initrd_end = 0;
  u64 timebase_hz = 10000000;
  u64 dtb_addr = 0;
  u64 dtb_size = 0;
  u64 rtc_base = 0;  // a google,goldfish-rtc under /soc; 0 when there is none
  char bootargs[1024] = {};
  int nr_harts = 0;  // the /cpus/cpu@N nodes not disabled, in tree order (at most kMaxCpus)
  u64 hartids[kMaxCpus] = {};
};

// Parses a flattened device tree; returns false when the blob is not a valid FDT.
bool fdt_parse(u64 dtb, BootInfo* out);

}  // namespace starlet
