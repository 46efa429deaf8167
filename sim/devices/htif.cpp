// HTIF: exit, the syscall proxy (write, exit) and the bcd console, as Spike's fesvr does.
#include "sim/devices/htif.hpp"

#include <spdlog/spdlog.h>

#include <cstring>

#include "sim/common/error.hpp"

namespace rvscope {

namespace {
constexpr u64 kEbadf = 9;
constexpr u64 kEfault = 14;
constexpr u64 kEnosys = 38;
constexpr u64 kMaxWrite = 1 << 20;  // bytes per proxied write: a bad length must not stall us

u64 load64(Ram& ram, u64 paddr) {
  u64 value = 0;
  std::memcpy(&value, ram.host(paddr), 8);
  return value;
}
void store64(Ram& ram, u64 paddr, u64 value) { std::memcpy(ram.host(paddr), &value, 8); }
}  // namespace

Htif::Htif(u64 tohost_addr, u64 fromhost_addr, CharOutput& console)
    : tohost_(tohost_addr), fromhost_(fromhost_addr), console_(console) {}

void Htif::exit_with(u64 code) {
  exited_ = true;
  exit_code_ = static_cast<int>(code & 0x7fffffff);
}

void Htif::respond(Ram& ram, u64 value) {
  if (fromhost_ != 0) store64(ram, fromhost_, value);
}

void Htif::poll(Ram& ram) {
  if (!ram.contains(tohost_, 8)) fail("HTIF: tohost at {:#x} is not in RAM", tohost_);
  if (fromhost_ != 0 && !ram.contains(fromhost_, 8)) {
    fail("HTIF: fromhost at {:#x} is not in RAM", fromhost_);
  }
  const u64 tohost = load64(ram, tohost_);
  if (tohost == 0 || exited_) return;
  store64(ram, tohost_, 0);
  const u64 device = tohost >> 56;
  const u64 command = (tohost >> 48) & 0xff;
  const u64 payload = tohost & 0xffff'ffff'ffffull;
  if (device == 0 && command == 0) {
    if (payload & 1) {
      exit_with(payload >> 1);
    } else {
      syscall(ram, payload);
    }
  } else if (device == 1 && command == 1) {
    console_.put(static_cast<u8>(payload));
    respond(ram, (device << 56) | (command << 48) | 0x100 | (payload & 0xff));
  } else {
    spdlog::warn("HTIF: ignoring device {} command {} payload {:#x}", device, command, payload);
  }
}

// magic_mem: [0] syscall number, [1..] arguments; the result goes back into [0] and
// fromhost is set to 1 (device 0, command 0, value 1) to say it is there.
void Htif::syscall(Ram& ram, u64 magic_mem) {
  if (!ram.contains(magic_mem, 8 * 8)) {
    spdlog::warn("HTIF: syscall block at {:#x} is outside RAM", magic_mem);
    respond(ram, 1);
    return;
  }
  const u64 number = load64(ram, magic_mem);
  const u64 a0 = load64(ram, magic_mem + 8);
  const u64 a1 = load64(ram, magic_mem + 16);
  const u64 a2 = load64(ram, magic_mem + 24);
  u64 result = 0;
  switch (number) {
    case kSysWrite:
      if (a0 != 1 && a0 != 2) {
        result = -kEbadf;
      } else if (a2 > kMaxWrite || !ram.contains(a1, a2)) {
        result = -kEfault;
      } else {
        console_.write(ram.host(a1), a2);
        result = a2;
      }
      break;
    case kSysExit:
      exit_with(a0);
      break;
    default:
      spdlog::warn("HTIF: unsupported proxied syscall {}", number);
      result = -kEnosys;
      break;
  }
  store64(ram, magic_mem, result);
  respond(ram, 1);
}

void Htif::save_state(StateWriter& out) const {
  out.put<u8>(exited_);
  out.put<i32>(exit_code_);
}

void Htif::restore_state(StateReader& in) {
  exited_ = in.get_below<u8>(2, "HTIF exited") != 0;
  exit_code_ = in.get<i32>();
}

}  // namespace rvscope
