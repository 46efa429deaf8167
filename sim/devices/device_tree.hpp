// Device-tree builder: the DTB for our virt machine, shaped like QEMU 7.2's virt tree so
// OpenSBI's generic platform and Linux find the CLINT, PLIC, UART, test device, goldfish RTC
// and the eight virtio-mmio transports.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/common/types.hpp"
#include "sim/devices/virt_map.hpp"

namespace rvscope {

struct VirtFdtConfig {
  unsigned harts = 1;
  std::string isa = "rv64imafdc_zicsr_zifencei";
  std::string mmu_type = "riscv,sv39";
  u32 timebase_hz = kVirtTimebaseHz;
  u64 ram_base = virt_base(VirtDevice::kDram);
  u64 ram_size = 128ull << 20;
  std::string bootargs;  // empty: no bootargs property
  std::optional<u64> initrd_start;
  std::optional<u64> initrd_end;  // exclusive, as Linux expects
  std::vector<u8> rng_seed;       // /chosen/rng-seed; empty: no property
};

// Phandles the tree uses, fixed so callers and tests can follow references.
constexpr u32 virt_fdt_cpu_phandle(unsigned hart) { return 1 + 2 * hart; }
constexpr u32 virt_fdt_intc_phandle(unsigned hart) { return 2 + 2 * hart; }
constexpr u32 virt_fdt_plic_phandle(unsigned harts) { return 1 + 2 * harts; }
constexpr u32 virt_fdt_test_phandle(unsigned harts) { return 2 + 2 * harts; }

// Builds a packed DTB. SimError on an invalid config (no harts, initrd without both ends).
std::vector<u8> build_virt_fdt(const VirtFdtConfig& config);

}  // namespace rvscope
