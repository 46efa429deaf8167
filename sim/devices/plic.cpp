// PLIC: gateways, priorities, per-context enables/thresholds, claim/complete, eip outputs.
#include "sim/devices/plic.hpp"

#include "sim/common/error.hpp"

namespace rvscope {

Plic::Plic(unsigned num_harts, unsigned num_sources, unsigned priority_bits, InterruptSink& irq)
    : num_harts_(num_harts),
      num_sources_(num_sources),
      priority_mask_((1u << priority_bits) - 1),
      words_((num_sources + 1 + 31) / 32),
      irq_(irq),
      priority_(num_sources + 1, 0),
      level_(num_sources + 1, false),
      pending_(num_sources + 1, false),
      claimed_(num_sources + 1, false),
      enable_(static_cast<std::size_t>(num_harts) * 2 * words_, 0),
      threshold_(num_harts * 2, 0),
      output_(num_harts * 2, false) {
  if (num_sources == 0 || num_sources > kMaxSources) {
    fail("PLIC: {} interrupt sources requested, must be 1..{}", num_sources, kMaxSources);
  }
  if (priority_bits == 0 || priority_bits > 31) {
    fail("PLIC: {} priority bits requested, must be 1..31", priority_bits);
  }
}

// Level-triggered gateway: a high line makes the source pending unless a request of it is
// already pending or in service; a low line withdraws a request not yet claimed (as QEMU's
// PLIC does), so a device that lowered its line raises no spurious interrupt.
void Plic::set_source_level(unsigned source, bool level) {
  if (!source_ok(source)) return;
  level_[source] = level;
  if (!claimed_[source]) pending_[source] = level;
  update();
}

// Ties go to the lowest source id; only priorities above the threshold count (QEMU applies
// the threshold to the claim too, and so do we).
unsigned Plic::best(unsigned context) const {
  unsigned best_source = 0;
  u32 best_priority = threshold_[context];
  for (unsigned word = 0; word < words_; ++word) {
    u32 candidates = enable_[context * words_ + word];
    while (candidates != 0) {
      const unsigned source = word * 32 + static_cast<unsigned>(__builtin_ctz(candidates));
      candidates &= candidates - 1;
      if (source_ok(source) && pending_[source] && priority_[source] > best_priority) {
        best_priority = priority_[source];
        best_source = source;
      }
    }
  }
  return best_source;
}

unsigned Plic::claim(unsigned context) {
  const unsigned source = best(context);
  if (source != 0) {
    pending_[source] = false;
    claimed_[source] = true;
    update();
  }
  return source;
}

// Completion of a source the context does not enable is ignored (the spec and QEMU agree).
void Plic::complete(unsigned context, u32 source) {
  if (!source_ok(source) || !enabled(context, source) || !claimed_[source]) return;
  claimed_[source] = false;
  if (level_[source]) pending_[source] = true;
  update();
}

void Plic::update() {
  for (unsigned context = 0; context < num_contexts(); ++context) {
    const bool level = best(context) != 0;
    if (level != output_[context]) {
      output_[context] = level;
      irq_.set_interrupt(context / 2, (context % 2 == 0) ? kMeipBit : kSeipBit, level);
    }
  }
}

bool Plic::save_state(StateWriter& out) const {
  out.put_vector(priority_);
  out.put_bools(level_);
  out.put_bools(pending_);
  out.put_bools(claimed_);
  out.put_vector(enable_);
  out.put_vector(threshold_);
  out.put_bools(output_);
  return true;
}

void Plic::restore_state(StateReader& in) {
  in.get_vector(priority_, "priority");
  in.get_bools(level_, "level");
  in.get_bools(pending_, "pending");
  in.get_bools(claimed_, "claimed");
  in.get_vector(enable_, "enable");
  in.get_vector(threshold_, "threshold");
  in.get_bools(output_, "output");
  for (auto& p : priority_) p &= priority_mask_;
  for (auto& t : threshold_) t &= priority_mask_;
}

// Every register is 32 bits wide (QEMU allows 4-byte accesses only). Unimplemented offsets
// inside the window read as zero and ignore writes, as QEMU's do.
bool Plic::read(u64 offset, unsigned size, u64& value) {
  return read_register(offset, size, value, true);
}

bool Plic::peek(u64 offset, unsigned size, u64& value) {
  return read_register(offset, size, value, false);
}

bool Plic::read_register(u64 offset, unsigned size, u64& value, bool claiming) {
  if (size != 4 || offset % 4 != 0) return false;
  value = 0;
  if (offset < kPendingBase) {
    const u64 source = offset / 4;
    if (source_ok(static_cast<unsigned>(source))) value = priority_[source];
  } else if (offset < kEnableBase) {
    const u64 word = (offset - kPendingBase) / 4;
    if (word < words_) {
      u32 bits = 0;
      for (unsigned i = 0; i < 32; ++i) {
        const unsigned source = static_cast<unsigned>(word * 32 + i);
        if (source_ok(source) && pending_[source]) bits |= 1u << i;
      }
      value = bits;
    }
  } else if (offset < kContextBase) {
    const u64 context = (offset - kEnableBase) / kEnableStride;
    const u64 word = (offset - kEnableBase) % kEnableStride / 4;
    if (context < num_contexts() && word < words_) value = enable_[context * words_ + word];
  } else {
    const u64 context = (offset - kContextBase) / kContextStride;
    const u64 reg = (offset - kContextBase) % kContextStride;
    if (context < num_contexts()) {
      if (reg == 0) value = threshold_[context];
      if (reg == 4) {
        const auto c = static_cast<unsigned>(context);
        value = claiming ? claim(c) : best(c);
      }
    }
  }
  return true;
}

bool Plic::write(u64 offset, unsigned size, u64 value) {
  if (size != 4 || offset % 4 != 0) return false;
  const u32 v = static_cast<u32>(value);
  if (offset < kPendingBase) {
    const u64 source = offset / 4;
    if (source_ok(static_cast<unsigned>(source))) {
      priority_[source] = v & priority_mask_;
      update();
    }
  } else if (offset < kEnableBase) {
    // Pending bits are read-only.
  } else if (offset < kContextBase) {
    const u64 context = (offset - kEnableBase) / kEnableStride;
    const u64 word = (offset - kEnableBase) % kEnableStride / 4;
    if (context < num_contexts() && word < words_) {
      u32 mask = ~0u;
      if (word == 0) mask &= ~1u;  // source 0 does not exist
      if (word == words_ - 1 && (num_sources_ + 1) % 32 != 0) {
        mask &= (1u << ((num_sources_ + 1) % 32)) - 1;
      }
      enable_[context * words_ + word] = v & mask;
      update();
    }
  } else {
    const u64 context = (offset - kContextBase) / kContextStride;
    const u64 reg = (offset - kContextBase) % kContextStride;
    if (context < num_contexts()) {
      if (reg == 0) {
        threshold_[context] = v & priority_mask_;
        update();
      }
      if (reg == 4) complete(static_cast<unsigned>(context), v);
    }
  }
  return true;
}

}  // namespace rvscope
