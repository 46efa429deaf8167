// Boot ROM image (reset vector + fw_dynamic_info) and the device-tree placement rule.
#include "sim/devices/boot_rom.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "sim/common/bits.hpp"
#include "sim/common/error.hpp"

namespace rvscope {

namespace {
constexpr std::array<u32, 6> kResetVector = {
    0x00000297,  // auipc t0, 0          t0 = ROM base
    0x02828613,  // addi  a2, t0, 0x28   a2 = &fw_dynamic_info
    0xf1402573,  // csrr  a0, mhartid
    0x0202b583,  // ld    a1, 0x20(t0)   device tree
    0x0182b283,  // ld    t0, 0x18(t0)   firmware entry
    0x00028067,  // jr    t0
};
constexpr u64 kMiB = 1024 * 1024;

void put64(std::vector<u8>& image, u64 offset, u64 value) {
  std::memcpy(image.data() + offset, &value, sizeof(value));
}
}  // namespace

BootRom::BootRom(u64 firmware_entry, u64 fdt_addr, u64 kernel_entry, u64 size) : image_(size, 0) {
  const u64 needed = kDynamicInfoOffset + 6 * 8;
  if (size < needed) fail("boot ROM of {:#x} bytes is too small, needs {:#x}", size, needed);
  std::memcpy(image_.data(), kResetVector.data(), sizeof(kResetVector));
  put64(image_, kStartAddrOffset, firmware_entry);
  put64(image_, kFdtAddrOffset, fdt_addr);
  u64 at = kDynamicInfoOffset;
  for (u64 field : {kDynamicInfoMagic, kDynamicInfoVersion, kernel_entry, kNextModeS,
                    u64{0} /* options */, u64{0} /* boot hart */}) {
    put64(image_, at, field);
    at += 8;
  }
}

bool BootRom::read(u64 offset, unsigned size, u64& value) {
  if (offset > image_.size() || size > image_.size() - offset) return false;
  value = 0;
  std::memcpy(&value, image_.data() + offset, size);
  return true;
}

bool BootRom::save_state(StateWriter& out) const {
  out.put_vector(image_);
  return true;
}

void BootRom::restore_state(StateReader& in) {
  std::vector<u8> saved(image_.size());
  in.get_vector(saved, "the boot ROM image");
  if (saved != image_)
    fail("{}: the boot ROM differs (firmware entry or device tree moved)", in.what());
}

u64 virt_fdt_address(u64 ram_base, u64 ram_size, u64 fdt_size) {
  const u64 ram_end = ram_base + ram_size;
  const u64 limit = ram_base < 3072 * kMiB ? std::min(ram_end, 3072 * kMiB) : ram_end;
  if (fdt_size > limit - ram_base || align_down(limit - fdt_size, 2 * kMiB) < ram_base) {
    fail("device tree of {:#x} bytes does not fit in RAM {:#x}+{:#x} below {:#x}", fdt_size,
         ram_base, ram_size, limit);
  }
  return align_down(limit - fdt_size, 2 * kMiB);
}

}  // namespace rvscope
