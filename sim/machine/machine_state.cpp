// Machine::save_state / restore_state: RAM by page, harts, the bus's devices, HTIF, the clock.
#include <algorithm>
#include <bit>
#include <cstring>

#include "sim/common/error.hpp"
#include "sim/machine/console_gate.hpp"
#include "sim/machine/machine.hpp"

namespace rvscope {
namespace {

constexpr u64 kPage = 4096;

bool page_is_zero(const u8* page) {
  u64 acc = 0;
  for (u64 i = 0; i < kPage; i += 8) {
    u64 word;
    std::memcpy(&word, page + i, 8);
    acc |= word;
  }
  return acc == 0;
}

std::string device_key(const BusRegion& region) {
  return fmt::format("{}@{:#x}", region.device->name(), region.base);
}

const StateSection* find_optional(const MachineState& state, std::string_view tag) {
  for (const StateSection& s : state.sections) {
    if (s.tag == tag) return &s;
  }
  return nullptr;
}

const StateSection& find_section(const MachineState& state, std::string_view tag) {
  if (const StateSection* s = find_optional(state, tag)) return *s;
  fail("{}: has no {} section", state.origin, tag);
}

}  // namespace

void Machine::set_console_muted(bool muted) { console_gate_->set_muted(muted); }

bool Machine::restore_ram_page(u64 index, const u8* bytes) {
  Ram& ram = bus_.ram();
  u8* have = ram.data() + index * kPage;
  if (std::memcmp(have, bytes, kPage) == 0) return false;
  std::memcpy(have, bytes, kPage);
  const u64 paddr = ram.base() + index * kPage;
  decode_cache_->on_code_write(paddr, kPage);
  // A 4-byte instruction straddling in from the page before is decoded there.
  if (index > 0) decode_cache_->on_code_write(paddr - 2, 2);
  return true;
}

MachineState Machine::save_state(bool with_ram) {
  if (cycle_source_ != nullptr) {
    fail(
        "snapshot: the timing model's state is not saved; take snapshots without the timing "
        "model (restoring runs may use it)");
  }
  console_out_->flush();
  MachineState state;
  state.executed = total_executed();

  StateWriter mach;
  mach.put<u32>(num_harts());
  mach.put(clock_cycles_);
  mach.put<u8>(htif_ != nullptr);
  if (htif_ != nullptr) htif_->save_state(mach);
  state.sections.push_back({"MACH", std::move(mach.bytes())});

  StateWriter harts;
  for (const auto& hart : harts_) hart->save_state(harts);
  state.sections.push_back({"HART", std::move(harts.bytes())});

  StateWriter devices;
  devices.put<u64>(bus_.regions().size());
  for (const BusRegion& region : bus_.regions()) {
    StateWriter one;
    if (!region.device->save_state(one)) {
      fail("snapshot: device {} at {:#x} does not support snapshots", region.device->name(),
           region.base);
    }
    devices.put_string(device_key(region));
    devices.put_vector(one.bytes());
  }
  state.sections.push_back({"DEVS", std::move(devices.bytes())});

  if (!with_ram) return state;
  // RAM: a bitmap of the non-zero pages, then those pages.
  const Ram& ram = bus_.ram();
  const u64 pages = ram.size() / kPage;
  std::vector<u8> present((pages + 7) / 8, 0);
  u64 count = 0;
  for (u64 p = 0; p < pages; ++p) {
    if (!page_is_zero(ram.data() + p * kPage)) {
      present[p / 8] |= static_cast<u8>(1u << (p % 8));
      ++count;
    }
  }
  StateWriter memory;
  memory.put(ram.base());
  memory.put(ram.size());
  memory.put_vector(present);
  memory.bytes().reserve(memory.bytes().size() + count * kPage);
  for (u64 p = 0; p < pages; ++p) {
    if (present[p / 8] & (1u << (p % 8))) memory.put_bytes(ram.data() + p * kPage, kPage);
  }
  state.sections.push_back({"RAM ", std::move(memory.bytes())});
  return state;
}

void Machine::restore_state(const MachineState& state) {
  const std::string& origin = state.origin;
  // Everything is checked before anything changes, where the layout allows: the machine
  // section and the RAM geometry first.
  StateReader mach(find_section(state, "MACH").data, origin + ", section MACH");
  const u32 harts = mach.get<u32>();
  if (harts != num_harts()) {
    fail("{}: was taken with machine.harts={}, this machine has {}", origin, harts, num_harts());
  }
  static const std::vector<u8> kNoRam;
  const StateSection* memory_section = find_optional(state, "RAM ");
  StateReader memory(memory_section != nullptr ? memory_section->data : kNoRam,
                     origin + ", section RAM");
  Ram& ram = bus_.ram();
  u64 base = ram.base(), pages = 0;
  std::vector<u8> present;
  if (memory_section != nullptr) {
    base = memory.get<u64>();
    const u64 size = memory.get<u64>();
    if (base != ram.base() || size != ram.size()) {
      fail(
          "{}: RAM {:#x}+{:#x}, this machine has {:#x}+{:#x} (machine.ram_base, "
          "machine.ram_size)",
          origin, base, size, ram.base(), ram.size());
    }
    pages = size / kPage;
    present.assign((pages + 7) / 8, 0);
    memory.get_vector(present, "the page bitmap");
    u64 count = 0;
    for (const u8 byte : present) count += static_cast<u64>(std::popcount(byte));
    if (memory.remaining() != count * kPage) {
      fail("{}: {} bytes of pages for {} non-zero pages", memory.what(), memory.remaining(), count);
    }
  }

  clock_cycles_ = mach.get<u64>();
  const bool has_htif = mach.get_below<u8>(2, "HTIF flag") != 0;
  if (has_htif != (htif_ != nullptr)) {
    fail("{}: {} HTIF, this machine {} (is it the same program?)", origin,
         has_htif ? "has" : "has no", htif_ != nullptr ? "has one" : "has none");
  }
  if (htif_ != nullptr) htif_->restore_state(mach);
  mach.expect_end();

  StateReader hart_reader(find_section(state, "HART").data, origin + ", section HART");
  for (auto& hart : harts_) hart->restore_state(hart_reader);
  hart_reader.expect_end();

  StateReader devices(find_section(state, "DEVS").data, origin + ", section DEVS");
  const u64 n = devices.get<u64>();
  if (n != bus_.regions().size()) {
    fail("{}: holds {} devices, this machine has {}", devices.what(), n, bus_.regions().size());
  }
  for (const BusRegion& region : bus_.regions()) {
    const std::string key = devices.get_string("a device name");
    if (key != device_key(region)) {
      fail("{}: holds device {} where this machine has {}", devices.what(), key,
           device_key(region));
    }
    const std::string what = fmt::format("{}, device {}", devices.what(), key);
    const u64 len = devices.get<u64>();
    if (len > devices.remaining())
      fail("{}: {} bytes, only {} remain", what, len, devices.remaining());
    std::vector<u8> bytes(len);
    devices.get_bytes(bytes.data(), len);
    StateReader one(bytes, what);
    region.device->restore_state(one);
    one.expect_end();
  }
  devices.expect_end();

  static const std::array<u8, kPage> kZero{};
  for (u64 p = 0; p < pages; ++p) {
    u8 page[kPage];
    const u8* want = kZero.data();
    if (present[p / 8] & (1u << (p % 8))) {
      memory.get_bytes(page, kPage);
      want = page;
    }
    restore_ram_page(p, want);
  }
  memory.expect_end();
  stopped_hart_.reset();
  stop_requested_ = halted_ = parked_ = false;
  running_hart_ = -1;
  refresh_observers();
}

}  // namespace rvscope
