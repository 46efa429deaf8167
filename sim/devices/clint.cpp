// CLINT: software interrupts (msip) and the machine timer (mtime/mtimecmp) per hart.
#include "sim/devices/clint.hpp"

#include <algorithm>

namespace rvscope {

namespace {
// A 4-byte access to a 64-bit register touches the half selected by offset bit 2.
u64 merge(u64 old, u64 offset, unsigned size, u64 value) {
  if (size == 8) return value;
  const unsigned shift = (offset & 4) ? 32 : 0;
  const u64 mask = 0xffffffffull << shift;
  return (old & ~mask) | ((value & 0xffffffffull) << shift);
}
u64 extract(u64 reg, u64 offset, unsigned size) {
  if (size == 8) return reg;
  return (offset & 4) ? reg >> 32 : reg & 0xffffffffull;
}
}  // namespace

// mtimecmp starts at its maximum so MTIP stays low until the guest programs it (QEMU keeps
// MTIP low until the first mtimecmp write; firmware writes it before enabling MTIE).
Clint::Clint(unsigned num_harts, const TimeSource& time, InterruptSink& irq)
    : num_harts_(num_harts),
      time_(time),
      irq_(irq),
      mtimecmp_(num_harts, ~0ull),
      msip_(num_harts, false),
      mtip_(num_harts, false) {}

bool Clint::read(u64 offset, unsigned size, u64& value) {
  value = 0;
  if (offset < kMtimecmpBase) {
    // msip: 4-byte registers only, as QEMU's ACLINT SWI region.
    if (size != 4 || offset % 4 != 0) return false;
    const u64 hart = offset / 4;
    if (hart < num_harts_) value = msip_[hart] ? 1 : 0;
    return true;
  }
  if ((size != 4 && size != 8) || offset % size != 0) return false;
  if (offset >= kMtime) {
    value = extract(mtime(), offset, size);
    return true;
  }
  const u64 hart = (offset - kMtimecmpBase) / 8;
  if (hart < num_harts_) value = extract(mtimecmp_[hart], offset, size);
  return true;
}

bool Clint::write(u64 offset, unsigned size, u64 value) {
  if (offset < kMtimecmpBase) {
    if (size != 4 || offset % 4 != 0) return false;
    const u64 hart = offset / 4;
    if (hart >= num_harts_) return true;
    const bool level = value & 1;
    if (level != msip_[hart]) {
      msip_[hart] = level;
      irq_.set_interrupt(static_cast<unsigned>(hart), kMsipBit, level);
    }
    return true;
  }
  if ((size != 4 && size != 8) || offset % size != 0) return false;
  const u64 clock = time_.mtime();
  if (offset >= kMtime) {
    offset_ = merge(guest_time(clock), offset, size, value) - clock;
    update_all(guest_time(clock));
    return true;
  }
  const u64 hart = (offset - kMtimecmpBase) / 8;
  if (hart >= num_harts_) return true;
  mtimecmp_[hart] = merge(mtimecmp_[hart], offset, size, value);
  // A guest writes mtimecmp and then reads mip: the level must be right at once.
  update_mtip(static_cast<unsigned>(hart), guest_time(clock));
  return true;
}

void Clint::update_mtip(unsigned hart, u64 guest_now) {
  const bool level = guest_now >= mtimecmp_[hart];
  if (level != mtip_[hart]) {
    mtip_[hart] = level;
    irq_.set_interrupt(hart, kMtipBit, level);
  }
}

void Clint::update_all(u64 guest_now) {
  for (unsigned hart = 0; hart < num_harts_; ++hart) update_mtip(hart, guest_now);
}

bool Clint::save_state(StateWriter& out) const {
  out.put(offset_);
  out.put_vector(mtimecmp_);
  out.put_bools(msip_);
  out.put_bools(mtip_);
  return true;
}

void Clint::restore_state(StateReader& in) {
  in.get(offset_);
  in.get_vector(mtimecmp_, "mtimecmp");
  in.get_bools(msip_, "msip");
  in.get_bools(mtip_, "mtip");
}

void Clint::tick(u64 mtime) { update_all(guest_time(mtime)); }

u64 Clint::next_event(u64 mtime) const {
  const u64 now = guest_time(mtime);
  u64 earliest = ~0ull;
  for (unsigned hart = 0; hart < num_harts_; ++hart) {
    // A compare already reached but not yet seen by tick() needs a tick now.
    if (mtimecmp_[hart] <= now && !mtip_[hart]) return mtime;
    if (mtimecmp_[hart] > now && mtimecmp_[hart] != ~0ull) {
      // Distance in guest time equals distance in clock time; this avoids offset wrap-around.
      const u64 distance = mtimecmp_[hart] - now;
      if (distance > ~0ull - mtime) continue;
      earliest = std::min(earliest, mtime + distance);
    }
  }
  return earliest;
}

}  // namespace rvscope
