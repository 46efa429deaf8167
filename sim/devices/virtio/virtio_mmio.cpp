// virtio-mmio transport and split virtqueues (virtio 1.2 sections 2, 4.2).
#include "sim/devices/virtio/virtio_mmio.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <bit>

namespace rvscope {

using namespace virtio;

namespace {

// A split virtqueue descriptor (2.7.5), as it sits in guest memory.
struct Descriptor {
  u64 addr;
  u32 len;
  u16 flags;
  u16 next;
};
static_assert(sizeof(Descriptor) == 16);

// An indirect table may hold at most this many descriptors (the largest 16-bit index + 1).
constexpr u64 kMaxIndirect = 0x10000;

}  // namespace

void DescriptorChain::add(const VirtqBuffer& buffer, bool device_writable) {
  (device_writable ? writable_ : readable_).push_back(buffer);
  (device_writable ? writable_len_ : readable_len_) += buffer.len;
}

namespace {

// Walks `buffers` as one stream and calls `act(addr, offset_in_request, len)` per piece.
template <typename Act>
bool for_each_piece(const std::vector<VirtqBuffer>& buffers, u64 total, u64 offset, u64 len,
                    Act act) {
  if (offset > total || len > total - offset) return false;
  u64 done = 0;
  u64 start = 0;
  for (const VirtqBuffer& b : buffers) {
    if (done == len) break;
    const u64 end = start + b.len;
    const u64 at = offset + done;
    if (at < end) {
      const u64 n = std::min<u64>(end - at, len - done);
      act(b.addr + (at - start), done, n);
      done += n;
    }
    start = end;
  }
  return true;
}

}  // namespace

bool DescriptorChain::read(u64 offset, void* dst, u64 len) const {
  auto* out = static_cast<u8*>(dst);
  return for_each_piece(readable_, readable_len_, offset, len,
                        [&](u64 addr, u64 at, u64 n) { dma_->read(addr, out + at, n); });
}

bool DescriptorChain::write(u64 offset, const void* src, u64 len) {
  const auto* in = static_cast<const u8*>(src);
  return for_each_piece(writable_, writable_len_, offset, len,
                        [&](u64 addr, u64 at, u64 n) { dma_->write(addr, in + at, n); });
}

VirtioMmio::VirtioMmio(GuestDma& dma, VirtioBackend* backend, std::string label,
                       std::function<void(bool level)> irq)
    : dma_(dma), backend_(backend), label_(std::move(label)), irq_(std::move(irq)) {
  reset();
}

u64 VirtioMmio::offered_features() const {
  if (backend_ == nullptr) return 0;
  return backend_->device_features() | kFVersion1 | kFIndirectDesc | kFEventIdx;
}

bool VirtioMmio::read(u64 offset, unsigned size, u64& value) {
  if (offset >= kConfig) {
    value = 0;
    if (backend_ == nullptr) return true;
    // Config fields a device lacks read as zero, as QEMU's do.
    if (!backend_->read_config(offset - kConfig, size, value)) value = 0;
    return true;
  }
  if (size != 4 || offset % 4 != 0) return false;  // registers are 32-bit only (4.2.2.2)
  u32 word = 0;
  read_register(offset, word);
  value = word;
  return true;
}

bool VirtioMmio::write(u64 offset, unsigned size, u64 value) {
  if (offset >= kConfig) return true;  // neither device has a writable config field
  if (size != 4 || offset % 4 != 0) return false;
  if (backend_ != nullptr) write_register(offset, static_cast<u32>(value));
  return true;
}

bool VirtioMmio::read_register(u64 offset, u32& value) {
  const bool queue_exists = backend_ != nullptr && queue_sel_ < queues_.size();
  switch (offset) {
    case kMagic:
      value = kMagicValue;
      return true;
    case kVersion:
      value = 2;
      return true;
    case kDeviceId:
      value = backend_ != nullptr ? backend_->device_id() : 0;
      return true;
    case kVendorId:
      value = kVendorQemu;
      return true;
    case kDeviceFeatures:
      value = device_features_sel_ < 2
                  ? static_cast<u32>(offered_features() >> (32 * device_features_sel_))
                  : 0;
      return true;
    case kQueueNumMax:
      value = queue_exists ? kQueueSizeMax : 0;
      return true;
    case kQueueReady:
      value = queue_exists && queues_[queue_sel_].ready;
      return true;
    case kInterruptStatus:
      value = interrupt_status_;
      return true;
    case kStatus:
      value = status_;
      return true;
    case kShmLenLow:
    case kShmLenHigh:
      value = ~0u;
      return true;  // no shared memory regions
    case kConfigGeneration:
      value = config_generation_;
      return true;
    default:
      value = 0;
      return true;
  }
}

void VirtioMmio::write_register(u64 offset, u32 value) {
  Queue* q = queue_sel_ < queues_.size() ? &queues_[queue_sel_] : nullptr;
  // The spec forbids changing a live queue's layout; such writes are ignored.
  Queue* idle = q != nullptr && !q->ready ? q : nullptr;
  auto set_low = [](u64& field, u32 v) { field = (field & ~u64{0xffffffff}) | v; };
  auto set_high = [](u64& field, u32 v) { field = (field & 0xffffffff) | (u64{v} << 32); };
  switch (offset) {
    case kDeviceFeaturesSel:
      device_features_sel_ = value;
      break;
    case kDriverFeaturesSel:
      driver_features_sel_ = value;
      break;
    case kDriverFeatures:
      if ((status_ & kStatusFeaturesOk) == 0 && driver_features_sel_ < 2) {
        (driver_features_sel_ == 0 ? set_low : set_high)(driver_features_, value);
      }
      break;
    case kQueueSel:
      queue_sel_ = value;
      break;
    case kQueueNum:
      if (idle != nullptr) idle->num = static_cast<u16>(std::min<u32>(value, 0xffff));
      break;
    case kQueueReady:
      if (q == nullptr) break;
      if ((value & 1) == 0) {
        q->ready = false;
      } else if (!q->ready) {
        if (auto why = check_rings(*q)) {
          fail_device(queue_sel_, std::nullopt, *why);
        } else {
          q->ready = true;
        }
      }
      break;
    case kQueueNotify:
      notify(value);
      break;
    case kInterruptAck:
      interrupt_status_ &= ~value;
      update_irq();
      break;
    case kStatus:
      write_status(value);
      break;
    case kQueueDescLow:
      if (idle) set_low(idle->desc, value);
      break;
    case kQueueDescHigh:
      if (idle) set_high(idle->desc, value);
      break;
    case kQueueDriverLow:
      if (idle) set_low(idle->avail, value);
      break;
    case kQueueDriverHigh:
      if (idle) set_high(idle->avail, value);
      break;
    case kQueueDeviceLow:
      if (idle) set_low(idle->used, value);
      break;
    case kQueueDeviceHigh:
      if (idle) set_high(idle->used, value);
      break;
    default:
      break;
  }
}

void VirtioMmio::write_status(u32 value) {
  if (value == 0) {
    reset();
    return;
  }
  const u32 before = status_;
  // DEVICE_NEEDS_RESET is the device's to set (2.1.1) and only a reset clears it: a driver's
  // write neither sets nor clears it, so the bit always comes with a logged reason.
  u32 next = (value & ~kStatusNeedsReset) | (status_ & kStatusNeedsReset);
  if ((value & kStatusFeaturesOk) && !(before & kStatusFeaturesOk)) {
    // 3.1.1: the device accepts only a subset of what it offered, and (6.1) a modern device
    // only a driver that accepted VERSION_1; otherwise FEATURES_OK does not stick.
    const u64 unknown = driver_features_ & ~offered_features();
    if ((driver_features_ & kFVersion1) == 0 || unknown != 0) {
      spdlog::warn("{}: feature set {:#x} refused ({})", label_, driver_features_,
                   unknown != 0 ? fmt::format("bits {:#x} were not offered", unknown)
                                : std::string("VIRTIO_F_VERSION_1 not accepted: legacy driver"));
      next &= ~kStatusFeaturesOk;
    }
  }
  if ((next & kStatusDriverOk) && !(next & kStatusFeaturesOk)) next &= ~kStatusDriverOk;
  status_ = next;
  if ((status_ & kStatusDriverOk) && !(before & kStatusDriverOk)) {
    // Buffers made available before DRIVER_OK are consumed now (3.1.1 step 8).
    for (unsigned i = 0; i < queues_.size(); ++i) {
      if (queues_[i].ready) notify(i);
    }
  }
}

void VirtioMmio::reset() {
  device_features_sel_ = driver_features_sel_ = queue_sel_ = 0;
  driver_features_ = 0;
  status_ = 0;
  interrupt_status_ = 0;
  queues_.assign(backend_ != nullptr ? backend_->num_queues() : 0, Queue{});
  if (backend_ != nullptr) backend_->reset();
  update_irq();
}

std::optional<std::string> VirtioMmio::check_rings(const Queue& q) const {
  if (q.num == 0 || q.num > kQueueSizeMax || !std::has_single_bit(q.num)) {
    return fmt::format("queue size {} is not a power of 2 in 1..{}", q.num, kQueueSizeMax);
  }
  const u64 n = q.num;
  struct Area {
    const char* name;
    u64 addr, len, align;
  };
  // 2.7: alignment and size of the descriptor table, available and used rings.
  for (const Area& a :
       {Area{"descriptor table", q.desc, 16 * n, 16}, Area{"available ring", q.avail, 6 + 2 * n, 2},
        Area{"used ring", q.used, 6 + 8 * n, 4}}) {
    if (a.addr % a.align != 0 || !dma_.in_ram(a.addr, a.len)) {
      return fmt::format("{} at {:#x} ({} bytes) is misaligned or outside RAM", a.name, a.addr,
                         a.len);
    }
  }
  return std::nullopt;
}

std::optional<std::string> VirtioMmio::build_chain(const Queue& q, u16 head,
                                                   DescriptorChain& chain) {
  u64 table = q.desc;
  u64 table_len = q.num;
  bool indirect = false;
  bool seen_writable = false;
  u64 index = head;
  u64 count = 0;
  u64 total = 0;
  const auto where = [&] {
    return fmt::format("{}descriptor {}", indirect ? "indirect " : "", index);
  };
  for (;;) {
    if (index >= table_len) {
      return fmt::format("{} lies outside its table of {}", where(), table_len);
    }
    if (++count > table_len) {
      return fmt::format("chain longer than its table of {} (a loop) at {}", table_len, where());
    }
    Descriptor d{};
    dma_.read_le(table + 16 * index, d);
    if (d.flags & kDescIndirect) {
      if (indirect) return fmt::format("{} points to a nested indirect table", where());
      if ((driver_features_ & kFIndirectDesc) == 0) {
        return fmt::format("{} is indirect, but INDIRECT_DESC was not negotiated", where());
      }
      if (count != 1 || (d.flags & kDescNext)) {
        return fmt::format("{}: an indirect table must be the chain's only descriptor", where());
      }
      if (d.len == 0 || d.len % 16 != 0 || d.len / 16 > kMaxIndirect ||
          !dma_.in_ram(d.addr, d.len)) {
        return fmt::format("{}: indirect table at {:#x} of {} bytes is malformed or outside RAM",
                           where(), d.addr, d.len);
      }
      table = d.addr;
      table_len = d.len / 16;
      indirect = true;
      index = 0;
      count = 0;
      continue;
    }
    if (!dma_.in_ram(d.addr, d.len)) {
      return fmt::format("{}: buffer at {:#x} of {} bytes is outside RAM", where(), d.addr, d.len);
    }
    const bool writable = (d.flags & kDescWrite) != 0;
    if (!writable && seen_writable) {
      return fmt::format("{}: a driver-written buffer after a device-writable one", where());
    }
    seen_writable |= writable;
    total += d.len;
    if (total > 0xffffffffu) return fmt::format("{}: chain longer than 4 GiB", where());
    chain.add(VirtqBuffer{d.addr, d.len}, writable);
    if ((d.flags & kDescNext) == 0) return std::nullopt;
    index = d.next;
  }
}

void VirtioMmio::notify(unsigned queue_index) {
  if (backend_ == nullptr || needs_reset()) return;
  if (queue_index >= queues_.size()) {
    fail_device(queue_index, std::nullopt, "notify of a queue the device does not have");
    return;
  }
  Queue& q = queues_[queue_index];
  if (!q.ready) {
    fail_device(queue_index, std::nullopt, "notify of a queue that is not ready");
    return;
  }
  if ((status_ & kStatusDriverOk) == 0) return;  // consumed once DRIVER_OK is set
  u16 avail_idx = 0;
  dma_.read_le(q.avail + 2, avail_idx);
  const u16 pending = static_cast<u16>(avail_idx - q.last_avail);
  if (pending > q.num) {
    fail_device(queue_index, std::nullopt,
                fmt::format("available index {} runs {} entries ahead of the device's {}, more "
                            "than the queue size {}",
                            avail_idx, pending, q.last_avail, q.num));
    return;
  }
  const u16 used_before = q.used_idx;
  for (u16 i = 0; i < pending; ++i) {
    u16 head = 0;
    dma_.read_le(q.avail + 4 + 2 * u64{static_cast<u16>(q.last_avail % q.num)}, head);
    if (head >= q.num) {
      fail_device(queue_index, head,
                  fmt::format("available ring entry {} names descriptor {} of {}", q.last_avail,
                              head, q.num));
      break;
    }
    DescriptorChain chain(dma_, head);
    if (auto why = build_chain(q, head, chain)) {
      fail_device(queue_index, head, *why);
      break;
    }
    const VirtqOutcome outcome = backend_->process(queue_index, chain);
    if (!outcome.error.empty()) {
      fail_device(queue_index, head, outcome.error);
      break;
    }
    const u64 elem = q.used + 4 + 8 * u64{static_cast<u16>(q.used_idx % q.num)};
    dma_.write_le<u32>(elem, head);
    dma_.write_le<u32>(elem + 4, outcome.written);
    ++q.used_idx;
    dma_.write_le<u16>(q.used + 2, q.used_idx);  // after the element (2.7.8)
    ++q.last_avail;
  }
  const bool event_idx = (driver_features_ & kFEventIdx) != 0;
  if (event_idx) {
    // 2.7.10: avail_event after the used ring tells the driver to notify for the next entry.
    dma_.write_le<u16>(q.used + 4 + 8 * u64{q.num}, q.last_avail);
  }
  if (q.used_idx == used_before) return;
  if (event_idx) {
    // 2.7.10: interrupt only when the used index passes the driver's used_event.
    u16 used_event = 0;
    dma_.read_le(q.avail + 4 + 2 * u64{q.num}, used_event);
    if (static_cast<u16>(q.used_idx - used_event - 1) <
        static_cast<u16>(q.used_idx - used_before)) {
      raise(kIntUsedBuffer);
    }
    return;
  }
  u16 avail_flags = 0;
  dma_.read_le(q.avail, avail_flags);
  if ((avail_flags & kAvailNoInterrupt) == 0) raise(kIntUsedBuffer);
}

void VirtioMmio::fail_device(unsigned queue_index, std::optional<u16> head,
                             const std::string& why) {
  last_error_ = head ? fmt::format("{}: queue {}, chain at descriptor {}: {}", label_, queue_index,
                                   *head, why)
                     : fmt::format("{}: queue {}: {}", label_, queue_index, why);
  spdlog::warn("{}; device needs reset", last_error_);
  // 2.1.2: DEVICE_NEEDS_RESET, announced by a configuration change notification (4.2.3.4).
  status_ |= kStatusNeedsReset;
  raise(kIntConfigChange);
}

void VirtioMmio::raise(u32 bits) {
  interrupt_status_ |= bits;
  update_irq();
}

void VirtioMmio::update_irq() {
  if (irq_) irq_(interrupt_status_ != 0);
}

bool VirtioMmio::save_state(StateWriter& out) const {
  out.put(device_features_sel_);
  out.put(driver_features_sel_);
  out.put(driver_features_);
  out.put(queue_sel_);
  out.put(status_);
  out.put(interrupt_status_);
  out.put(config_generation_);
  out.put_vector(queues_);
  out.put_string(last_error_);
  return backend_ == nullptr || backend_->save_state(out);
}

void VirtioMmio::restore_state(StateReader& in) {
  in.get(device_features_sel_);
  in.get(driver_features_sel_);
  in.get(driver_features_);
  in.get(queue_sel_);
  in.get(status_);
  in.get(interrupt_status_);
  in.get(config_generation_);
  in.get_vector(queues_, "virtqueues");
  for (const Queue& q : queues_) {
    if (q.num > virtio::kQueueSizeMax)
      fail("{}: {}: queue size {} in a snapshot", in.what(), label_, q.num);
  }
  last_error_ = in.get_string("last error");
  if (backend_ != nullptr) backend_->restore_state(in);
}

}  // namespace rvscope
