// Boot ROM: reset vector words, data slots, fw_dynamic_info, read-only; DTB placement rule.
#include "sim/devices/boot_rom.hpp"

#include <gtest/gtest.h>

#include "sim/common/error.hpp"

namespace rvscope {
namespace {

u64 rd(BootRom& rom, u64 offset, unsigned size) {
  u64 v = 0;
  EXPECT_TRUE(rom.read(offset, size, v));
  return v;
}

TEST(BootRom, ResetVectorMatchesQemu) {
  BootRom rom(0x80000000, 0x87e00000);
  // auipc t0,0; addi a2,t0,0x28; csrr a0,mhartid; ld a1,0x20(t0); ld t0,0x18(t0); jr t0
  const u32 expected[] = {0x00000297, 0x02828613, 0xf1402573, 0x0202b583, 0x0182b283, 0x00028067};
  for (unsigned i = 0; i < 6; ++i) EXPECT_EQ(rd(rom, 4 * i, 4), expected[i]) << i;
  EXPECT_EQ(rd(rom, 0x18, 8), 0x80000000u);
  EXPECT_EQ(rd(rom, 0x20, 8), 0x87e00000u);
  EXPECT_EQ(rom.image().size(), 0xf000u);
}

TEST(BootRom, DynamicInfoForOpenSbi) {
  BootRom rom(0x80000000, 0x87e00000, 0x80400000);
  EXPECT_EQ(rd(rom, 0x28, 8), 0x4942534fu);  // "OSBI"
  EXPECT_EQ(rd(rom, 0x30, 8), 2u);
  EXPECT_EQ(rd(rom, 0x38, 8), 0x80400000u);
  EXPECT_EQ(rd(rom, 0x40, 8), 1u);  // next mode S
  EXPECT_EQ(rd(rom, 0x48, 8), 0u);
  EXPECT_EQ(rd(rom, 0x50, 8), 0u);
}

TEST(BootRom, ReadOnlyAndBounded) {
  BootRom rom(0x80000000, 0);
  EXPECT_FALSE(rom.write(0, 4, 0));
  u64 v = 0;
  EXPECT_TRUE(rom.read(0xeff8, 8, v));
  EXPECT_FALSE(rom.read(0xeffc, 8, v));
  EXPECT_FALSE(rom.read(0xf000, 1, v));
}

TEST(FdtAddress, AsQemu72) {
  // 128 MiB at 2 GiB: last 2 MiB-aligned slot below the end.
  EXPECT_EQ(virt_fdt_address(0x80000000, 128ull << 20, 0x1000), 0x87e00000u);
  // Exactly 2 MiB still fits in the last 2 MiB block.
  EXPECT_EQ(virt_fdt_address(0x80000000, 128ull << 20, 2 << 20), 0x87e00000u);
  EXPECT_EQ(virt_fdt_address(0x80000000, 128ull << 20, (2 << 20) + 1), 0x87c00000u);
  // 8 GiB at 2 GiB: capped below 3 GiB.
  EXPECT_EQ(virt_fdt_address(0x80000000, 8ull << 30, 0x2000), 0xbfe00000u);
  // RAM starting above 3 GiB: the end of RAM.
  EXPECT_EQ(virt_fdt_address(0x100000000, 1ull << 30, 0x2000), 0x13fe00000u);
  EXPECT_THROW(virt_fdt_address(0x80000000, 0x1000, 0x2000), SimError);
  EXPECT_THROW(virt_fdt_address(0x80100000, 1 << 20, 0x2000), SimError);  // no aligned slot
}

}  // namespace
}  // namespace rvscope
