// Boot ROM at 0x1000 with QEMU virt's reset vector (a0 = hartid, a1 = device tree, a2 =
// fw_dynamic_info, jump to the firmware), and where QEMU places the device tree in RAM.
#pragma once

#include <vector>

#include "sim/devices/device.hpp"
#include "sim/devices/virt_map.hpp"

namespace rvscope {

class BootRom final : public Device {
 public:
  // Offsets inside the ROM (QEMU's riscv_setup_rom_reset_vec layout for RV64).
  static constexpr u64 kStartAddrOffset = 0x18;
  static constexpr u64 kFdtAddrOffset = 0x20;
  static constexpr u64 kDynamicInfoOffset = 0x28;
  // OpenSBI's struct fw_dynamic_info: "OSBI", version 2, next mode S.
  static constexpr u64 kDynamicInfoMagic = 0x4942534f;
  static constexpr u64 kDynamicInfoVersion = 2;
  static constexpr u64 kNextModeS = 1;

  // The reset vector jumps to `firmware_entry` with a1 = `fdt_addr`; fw_dynamic firmware
  // (unlike fw_jump) also reads `kernel_entry` from the info block a2 points at.
  BootRom(u64 firmware_entry, u64 fdt_addr, u64 kernel_entry = kVirtKernelEntry,
          u64 size = virt_size(VirtDevice::kMrom));

  std::string_view name() const override { return "boot_rom"; }
  bool read(u64 offset, unsigned size, u64& value) override;
  // Read-only: every write is an access fault.
  bool write(u64, unsigned, u64) override { return false; }
  bool peek(u64 offset, unsigned size, u64& value) override { return read(offset, size, value); }

  const std::vector<u8>& image() const { return image_; }
  // The image comes from the config; the snapshot keeps it to check that it still matches.
  bool save_state(StateWriter& out) const override;
  void restore_state(StateReader& in) override;

 private:
  std::vector<u8> image_;
};

// QEMU 7.2's riscv_load_fdt: the highest 2 MiB-aligned address where the blob still fits
// below the end of RAM, or below 3 GiB when RAM starts under 3 GiB (so 32-bit code can
// reach it). SimError if the blob does not fit in RAM that way.
u64 virt_fdt_address(u64 ram_base, u64 ram_size, u64 fdt_size);

}  // namespace rvscope
