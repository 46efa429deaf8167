// QEMU virt's physical memory map and interrupt numbers: the one place device addresses live.
#pragma once

#include <array>
#include <string_view>

#include "sim/common/types.hpp"

namespace rvscope {

enum class VirtDevice : unsigned {
  kMrom,
  kTest,
  kRtc,
  kClint,
  kPlic,
  kUart0,
  kVirtio,  // the first of kVirtioSlots transports, kVirtioSlotSize apart
  kDram,
  kCount
};

struct VirtRegion {
  std::string_view name;
  u64 base = 0;
  u64 size = 0;  // 0 for DRAM: its size comes from the config
};

// The PLIC's context registers: base and stride, as QEMU's VIRT_PLIC_SIZE(contexts) uses them.
inline constexpr u64 kPlicContextBase = 0x200000;
inline constexpr u64 kPlicContextStride = 0x1000;
constexpr u64 virt_plic_size(u64 num_contexts) {
  return kPlicContextBase + num_contexts * kPlicContextStride;
}

// QEMU 7.2 sizes the PLIC window for VIRT_CPUS_MAX (512) harts whatever -smp says, so the
// device tree shows 0x600000 for 1 hart and for 4; we do the same.
inline constexpr unsigned kVirtCpusMax = 512;

inline constexpr std::array<VirtRegion, static_cast<unsigned>(VirtDevice::kCount)> kVirtMap = {{
    {"mrom", 0x1000, 0xf000},
    {"test", 0x100000, 0x1000},
    {"rtc", 0x101000, 0x1000},
    {"clint", 0x2000000, 0x10000},
    {"plic", 0xc000000, virt_plic_size(kVirtCpusMax * 2)},
    {"uart0", 0x10000000, 0x100},
    {"virtio", 0x10001000, 0x1000},
    {"dram", 0x80000000, 0},
}};

constexpr const VirtRegion& virt_region(VirtDevice device) {
  return kVirtMap[static_cast<unsigned>(device)];
}
constexpr u64 virt_base(VirtDevice device) { return virt_region(device).base; }
constexpr u64 virt_size(VirtDevice device) { return virt_region(device).size; }

// PLIC interrupt sources (QEMU's UART0_IRQ) and the PLIC's size: QEMU 7.2's
// VIRT_IRQCHIP_NUM_SOURCES, which it also writes as riscv,ndev. We accept source ids
// 1..kVirtPlicNumSources so that riscv,ndev is truthful for drivers that loop up to it.
inline constexpr unsigned kVirtUart0Irq = 10;
inline constexpr unsigned kVirtRtcIrq = 11;

// QEMU virt's eight virtio-mmio transports: slot n at 0x10001000 + 0x1000*n, PLIC source
// 1+n. All eight exist whether or not a device sits behind them (device id 0 when empty).
// QEMU plugs the first -device into the last slot and goes down from there (info qtree:
// the first device sits on virtio-mmio-bus.7 at 0x10008000).
inline constexpr unsigned kVirtioSlots = 8;
inline constexpr u64 kVirtioSlotSize = 0x1000;
inline constexpr unsigned kVirtioIrqBase = 1;
constexpr u64 virt_virtio_base(unsigned slot) {
  return virt_base(VirtDevice::kVirtio) + kVirtioSlotSize * slot;
}
constexpr unsigned virt_virtio_irq(unsigned slot) { return kVirtioIrqBase + slot; }
// The slot of the `index`th configured device (0 = first).
constexpr unsigned virt_virtio_slot_of_device(unsigned index) { return kVirtioSlots - 1 - index; }
inline constexpr unsigned kVirtPlicNumSources = 96;
inline constexpr unsigned kVirtPlicPriorityBits = 3;

// The UART's input clock (QEMU's 3.6864 MHz), the default timebase (10 MHz) and where
// OpenSBI's fw_jump enters the kernel.
inline constexpr u32 kVirtUartClockHz = 0x384000;
inline constexpr u32 kVirtTimebaseHz = 10'000'000;
inline constexpr u64 kVirtKernelEntry = 0x80200000;

}  // namespace rvscope
