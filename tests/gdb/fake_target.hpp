// FakeTarget: a DebugTarget with toy harts and a memory array, plus a toy "execution" (each
// step advances pc by 4), for the stub's unit, integration and fuzz tests.
#pragma once

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "sim/gdb/debug_target.hpp"
#include "sim/gdb/stop_points.hpp"

namespace rvscope::gdb::testing {

class FakeTarget : public DebugTarget {
 public:
  static constexpr u64 kRamBase = 0x80000000;
  static constexpr u64 kRamSize = 0x10000;
  static constexpr u64 kDataAddr = kRamBase + 0x1000;  // hart h stores at kDataAddr + 16 * h
  static constexpr u64 kDataSize = 0x1000;
  static constexpr u32 kNop = 0x00000013;            // addi x0, x0, 0
  static constexpr u64 kExitPc = kRamBase + 0x4000;  // hart 0 reaching it ends the guest
  static constexpr u64 kHartStride = 0x2000;         // hart h starts at kRamBase + h * stride

  struct Hart {
    std::array<u64, 32> x{};
    std::array<u64, 32> f{};
    u64 pc = 0;
    u64 fcsr = 0;
    u64 priv = 3;
    std::map<u16, u64> csrs;
  };

  explicit FakeTarget(unsigned num_harts = 2) : harts_(num_harts), ram_(kRamSize) {
    for (unsigned h = 0; h < num_harts; ++h) {
      harts_[h].pc = kRamBase + h * kHartStride;
      harts_[h].csrs = {
          {0x300, 0xa00000000}, {0x301, 0x800000000014112d}, {0xf14, h}, {0x180, 0}, {0x341, 0}};
      harts_[h].x[2] = kRamBase + kRamSize - 0x100 * (h + 1);  // sp
    }
    // Code is nops (gdb decodes instructions to single-step with breakpoints); the data page
    // holds each word's own address, except the zeroed store slots.
    for (u64 i = 0; i < kRamSize; i += 4) {
      const bool data = i >= kDataAddr - kRamBase && i < kDataAddr - kRamBase + kDataSize;
      const u32 word = data ? static_cast<u32>(kRamBase + i) : kNop;
      std::memcpy(&ram_[i], &word, 4);
    }
    std::fill_n(ram_.begin() + (kDataAddr - kRamBase), 64, 0);
  }

  // ---- DebugTarget ----
  unsigned num_harts() const override { return static_cast<unsigned>(harts_.size()); }
  bool has_fpu() const override { return true; }
  std::vector<CsrInfo> csrs() const override {
    return {{0x001, "fflags"}, {0x180, "satp"}, {0x300, "mstatus"},
            {0x301, "misa"},   {0x341, "mepc"}, {0xf14, "mhartid"}};
  }

  bool read_register(unsigned hart, unsigned regno, u64& value) override {
    if (hart >= harts_.size()) return false;
    Hart& h = harts_[hart];
    if (regno < 32) {
      value = regno == 0 ? 0 : h.x[regno];
    } else if (regno == kRegPc) {
      value = h.pc;
    } else if (regno >= kRegF0 && regno < kRegF0 + 32) {
      value = h.f[regno - kRegF0];
    } else if (regno == kRegFflags) {
      value = h.fcsr & 0x1f;
    } else if (regno == kRegFrm) {
      value = (h.fcsr >> 5) & 7;
    } else if (regno == kRegFcsr) {
      value = h.fcsr & 0xff;
    } else if (regno == kRegPriv) {
      value = h.priv;
    } else if (regno > kRegCsrBase && regno < kRegCsrBase + 4096 &&
               h.csrs.count(static_cast<u16>(regno - kRegCsrBase))) {
      value = h.csrs[static_cast<u16>(regno - kRegCsrBase)];
    } else {
      return false;
    }
    return true;
  }

  bool write_register(unsigned hart, unsigned regno, u64 value) override {
    if (hart >= harts_.size()) return false;
    Hart& h = harts_[hart];
    if (regno < 32) {
      if (regno != 0) h.x[regno] = value;
    } else if (regno == kRegPc) {
      h.pc = value;
    } else if (regno >= kRegF0 && regno < kRegF0 + 32) {
      h.f[regno - kRegF0] = value;
    } else if (regno == kRegFflags) {
      h.fcsr = (h.fcsr & ~0x1full) | (value & 0x1f);
    } else if (regno == kRegFrm) {
      h.fcsr = (h.fcsr & ~0xe0ull) | ((value & 7) << 5);
    } else if (regno == kRegFcsr) {
      h.fcsr = value & 0xff;
    } else if (regno == kRegPriv) {
      if (value != 0 && value != 1 && value != 3) return false;
      h.priv = value;
    } else if (regno > kRegCsrBase && regno < kRegCsrBase + 4096 &&
               h.csrs.count(static_cast<u16>(regno - kRegCsrBase))) {
      h.csrs[static_cast<u16>(regno - kRegCsrBase)] = value;
    } else {
      return false;
    }
    return true;
  }

  bool read_memory(unsigned hart, u64 addr, std::span<u8> out) override {
    if (hart >= harts_.size() || !in_ram(addr, out.size())) return false;
    if (!out.empty()) std::memcpy(out.data(), &ram_[addr - kRamBase], out.size());  // m A,0
    return true;
  }

  bool write_memory(unsigned hart, u64 addr, std::span<const u8> data) override {
    if (hart >= harts_.size() || !in_ram(addr, data.size())) return false;
    if (!data.empty()) std::memcpy(&ram_[addr - kRamBase], data.data(), data.size());
    return true;
  }

  bool set_breakpoint(BreakpointKind kind, u64 pc) override {
    breakpoints_.emplace_back(kind, pc);
    return stop_points_.add_breakpoint(kind, pc);
  }
  bool clear_breakpoint(BreakpointKind kind, u64 pc) override {
    const auto it = std::find(breakpoints_.begin(), breakpoints_.end(), std::make_tuple(kind, pc));
    if (it == breakpoints_.end()) return false;
    breakpoints_.erase(it);
    return stop_points_.remove_breakpoint(kind, pc);
  }
  bool set_watchpoint(WatchKind kind, u64 addr, u64 len) override {
    watchpoints_.emplace_back(kind, addr, len);
    return stop_points_.add_watchpoint(kind, addr, len);
  }
  bool clear_watchpoint(WatchKind kind, u64 addr, u64 len) override {
    const auto it =
        std::find(watchpoints_.begin(), watchpoints_.end(), std::make_tuple(kind, addr, len));
    if (it == watchpoints_.end()) return false;
    watchpoints_.erase(it);
    return stop_points_.remove_watchpoint(kind, addr, len);
  }

  std::string monitor(std::string_view command) override {
    monitor_log_.emplace_back(command);
    if (command == "spin on") spin_ = true;  // never exit: for Ctrl-C tests
    return "fake monitor: " + std::string(command) + "\n";
  }

  // ---- Toy execution ----
  // Instruction n of a hart (n = (pc - start) / 4): x10 += 1; when n % 8 == 7 it stores x10
  // (8 bytes) at the hart's data slot, when n % 8 == 3 it loads from there (into nothing);
  // a matching watchpoint stops the hart before the access.
  // Returns true when something stopped the hart before it executed.
  bool step(unsigned hart, bool check_stops, StopEvent& stop) {
    Hart& h = harts_[hart];
    const u64 index = (h.pc - (kRamBase + hart * kHartStride)) / 4;
    const bool stores = index % 8 == 7;
    const bool loads = index % 8 == 3;
    const u64 slot = kDataAddr + 16 * hart;
    if (check_stops) {
      if (const auto kind = stop_points_.breakpoint_at(h.pc)) {
        stop = {StopReason::kBreakpoint, hart, *kind};
        return true;
      }
      const bool accesses = stores || loads;
      if (const auto hit = accesses ? stop_points_.check_access(slot, 8, stores) : std::nullopt) {
        stop = {StopReason::kWatchpoint, hart};
        stop.watch = hit->kind;
        stop.watch_addr = hit->addr;
        return true;
      }
    }
    h.x[10] += 1;
    if (stores) std::memcpy(&ram_[slot - kRamBase], &h.x[10], 8);
    h.pc += 4;
    return false;
  }

  // Runs the harts round-robin (or only `only_hart`) until a breakpoint, watchpoint,
  // interrupt (polled every 1000 steps) or hart 0 reaching kExitPc.
  StopEvent run(const std::function<bool()>& poll_interrupt, int only_hart = -1) {
    StopEvent stop;
    for (u64 n = 1;; ++n) {
      for (unsigned hart = 0; hart < harts_.size(); ++hart) {
        if (only_hart >= 0 && hart != static_cast<unsigned>(only_hart)) continue;
        if (step(hart, true, stop)) return stop;
      }
      if (!spin_ && harts_[0].pc >= kExitPc) return {StopReason::kExited, 0};
      if (n % 1000 == 0 && poll_interrupt && poll_interrupt()) {
        return {StopReason::kInterrupt, 0};
      }
    }
  }

  std::vector<Hart>& harts() { return harts_; }
  std::vector<u8>& ram() { return ram_; }
  const std::vector<std::tuple<BreakpointKind, u64>>& breakpoints() const { return breakpoints_; }
  const std::vector<std::tuple<WatchKind, u64, u64>>& watchpoints() const { return watchpoints_; }
  const std::vector<std::string>& monitor_log() const { return monitor_log_; }

 private:
  static bool in_ram(u64 addr, u64 len) {
    return addr >= kRamBase && len <= kRamSize && addr - kRamBase <= kRamSize - len;
  }

  std::vector<Hart> harts_;
  std::vector<u8> ram_;
  std::vector<std::tuple<BreakpointKind, u64>> breakpoints_;
  std::vector<std::tuple<WatchKind, u64, u64>> watchpoints_;
  std::vector<std::string> monitor_log_;
  StopPoints stop_points_;  // what the checks use; the vectors above are for inspection
  bool spin_ = false;
};

}  // namespace rvscope::gdb::testing
