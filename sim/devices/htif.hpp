// HTIF (Spike's host-target interface) for bare-metal test programs: the guest stores a
// command to `tohost` in RAM; the machine calls poll() and we carry it out.
#pragma once

#include "sim/devices/char_io.hpp"
#include "sim/devices/ram.hpp"

namespace rvscope {

class Htif {
 public:
  // Syscall numbers of the riscv-tests / newlib syscall proxy (Linux's numbering).
  static constexpr u64 kSysWrite = 64;
  static constexpr u64 kSysExit = 93;

  // Addresses of the ELF's `tohost` and `fromhost` symbols; fromhost 0 means absent.
  Htif(u64 tohost_addr, u64 fromhost_addr, CharOutput& console);

  // Carries out a pending command, if any, then clears tohost. Called at batch boundaries
  // and whenever a store hits tohost_addr(). SimError if tohost/fromhost are not in RAM.
  void poll(Ram& ram);

  bool exited() const { return exited_; }
  int exit_code() const { return exit_code_; }
  // tohost/fromhost live in RAM; only the exit status is HTIF's own state.
  void save_state(StateWriter& out) const;
  void restore_state(StateReader& in);
  u64 tohost_addr() const { return tohost_; }
  u64 fromhost_addr() const { return fromhost_; }

 private:
  void syscall(Ram& ram, u64 magic_mem);
  void respond(Ram& ram, u64 value);
  void exit_with(u64 code);

  u64 tohost_;
  u64 fromhost_;
  CharOutput& console_;
  bool exited_ = false;
  int exit_code_ = 0;
};

}  // namespace rvscope
