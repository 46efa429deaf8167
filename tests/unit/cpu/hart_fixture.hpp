// A hart on a bus with RAM at 0x80000000, instruction encoders and helpers for running code.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>

#include "sim/cpu/csr_numbers.hpp"
#include "sim/cpu/decode_cache.hpp"
#include "sim/cpu/hart.hpp"
#include "sim/devices/bus.hpp"
#include "sim/devices/ram.hpp"

namespace rvscope::test {

inline constexpr u64 kRamBase = 0x80000000;
inline constexpr u64 kRamSize = 4 << 20;
inline constexpr u64 kCode = kRamBase;
inline constexpr u64 kTrapVector = kRamBase + 0x10000;  // holds `j .`
inline constexpr u64 kData = kRamBase + 0x20000;

// ---- encoders ----
constexpr u32 r_type(u32 f7, u32 rs2, u32 rs1, u32 f3, u32 rd, u32 op) {
  return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
constexpr u32 i_type(i32 imm, u32 rs1, u32 f3, u32 rd, u32 op) {
  return (static_cast<u32>(imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
constexpr u32 csr_insn(u32 f3, u32 rd, u16 csr, u32 rs1) {
  return (static_cast<u32>(csr) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | 0x73;
}
constexpr u32 kMret = 0x30200073, kSret = 0x10200073, kEcall = 0x00000073, kWfi = 0x10500073;
constexpr u32 kJSelf = 0x0000006f;  // j .
constexpr u32 kNop = 0x00000013;

class HartTest : public ::testing::Test {
 protected:
  HartTest() {
    bus_.attach_ram(std::make_unique<Ram>(kRamBase, kRamSize));
    code_ = std::make_unique<DecodeCache>(bus_);
    hart_ = std::make_unique<Hart>(0, bus_, *code_, nullptr);
    put(kTrapVector, kJSelf);
    hart_->debug_csr_write(csr::kMtvec, kTrapVector);
    // PMP entry 0 covers everything with RWX, as firmware sets it, so S and U can run.
    hart_->debug_csr_write(csr::kPmpaddr0, ~0ull);
    hart_->debug_csr_write(csr::kPmpcfg0, 0x1f);
    hart_->debug_csr_write(csr::kMstatus, mstatus::kFs & (1ull << 13));  // FS = Initial
  }

  void put(u64 addr, u32 insn) {
    bus_.write(addr, 4, insn);
    code_->on_code_write(addr, 4);
  }
  void put16(u64 addr, u16 insn) {
    bus_.write(addr, 2, insn);
    code_->on_code_write(addr, 2);
  }

  // Writes `insns` at kCode and runs them (one each) from kCode in privilege `priv`.
  void run(std::initializer_list<u32> insns, Priv priv = Priv::kMachine) {
    u64 at = kCode;
    for (u32 insn : insns) put(at, insn), at += 4;
    hart_->set_pc(kCode);
    hart_->set_priv(priv);
    hart_->run(insns.size());
  }
  u64 csr(u16 number) {
    u64 v = 0;
    EXPECT_TRUE(hart_->debug_csr_read(number, v)) << std::hex << number;
    return v;
  }
  void set_csr(u16 number, u64 value) { ASSERT_TRUE(hart_->debug_csr_write(number, value)); }
  Hart& h() { return *hart_; }

  Bus bus_;
  std::unique_ptr<DecodeCache> code_;
  std::unique_ptr<Hart> hart_;
};

}  // namespace rvscope::test
