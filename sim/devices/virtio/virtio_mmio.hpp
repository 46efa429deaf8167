// virtio-mmio transport (virtio 1.x, register layout version 2) and its split virtqueues:
// feature negotiation, device status and reset, descriptor chains (direct and indirect)
// checked before a device sees them, the used ring, and the interrupt line.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/devices/device.hpp"
#include "sim/devices/virtio/guest_dma.hpp"

namespace rvscope {

namespace virtio {
// Device status bits (virtio 1.2, 2.1).
inline constexpr u32 kStatusAcknowledge = 1;
inline constexpr u32 kStatusDriver = 2;
inline constexpr u32 kStatusDriverOk = 4;
inline constexpr u32 kStatusFeaturesOk = 8;
inline constexpr u32 kStatusNeedsReset = 64;
inline constexpr u32 kStatusFailed = 128;
// Reserved feature bits (6) this transport offers.
inline constexpr u64 kFIndirectDesc = u64{1} << 28;
inline constexpr u64 kFEventIdx = u64{1} << 29;
inline constexpr u64 kFVersion1 = u64{1} << 32;
// Descriptor flags (2.7.5) and the available ring's flag (2.7.6).
inline constexpr u16 kDescNext = 1;
inline constexpr u16 kDescWrite = 2;
inline constexpr u16 kDescIndirect = 4;
inline constexpr u16 kAvailNoInterrupt = 1;
// InterruptStatus bits (4.2.2).
inline constexpr u32 kIntUsedBuffer = 1;
inline constexpr u32 kIntConfigChange = 2;
// Register offsets (4.2.2).
enum Reg : u64 {
  kMagic = 0x000,
  kVersion = 0x004,
  kDeviceId = 0x008,
  kVendorId = 0x00c,
  kDeviceFeatures = 0x010,
  kDeviceFeaturesSel = 0x014,
  kDriverFeatures = 0x020,
  kDriverFeaturesSel = 0x024,
  kQueueSel = 0x030,
  kQueueNumMax = 0x034,
  kQueueNum = 0x038,
  kQueueReady = 0x044,
  kQueueNotify = 0x050,
  kInterruptStatus = 0x060,
  kInterruptAck = 0x064,
  kStatus = 0x070,
  kQueueDescLow = 0x080,
  kQueueDescHigh = 0x084,
  kQueueDriverLow = 0x090,
  kQueueDriverHigh = 0x094,
  kQueueDeviceLow = 0x0a0,
  kQueueDeviceHigh = 0x0a4,
  kShmSel = 0x0ac,
  kShmLenLow = 0x0b0,
  kShmLenHigh = 0x0b4,
  kShmBaseLow = 0x0b8,
  kShmBaseHigh = 0x0bc,
  kConfigGeneration = 0x0fc,
  kConfig = 0x100,
};
inline constexpr u32 kMagicValue = 0x74726976;  // "virt"
inline constexpr u32 kVendorQemu = 0x554d4551;  // "QEMU", as QEMU's transports report
inline constexpr u16 kQueueSizeMax = 256;
}  // namespace virtio

// One buffer of a descriptor chain, already checked to lie in RAM.
struct VirtqBuffer {
  u64 addr = 0;
  u32 len = 0;
};

// A request as the device sees it: the driver-written (readable) buffers, then the
// device-writable ones, each a byte stream over its buffers.
class DescriptorChain {
 public:
  DescriptorChain(GuestDma& dma, u16 head) : dma_(&dma), head_(head) {}
  u16 head() const { return head_; }
  u64 readable_len() const { return readable_len_; }
  u64 writable_len() const { return writable_len_; }
  // Copies from the readable stream / into the writable stream at `offset`; false when the
  // range does not fit in the stream (nothing is copied then).
  bool read(u64 offset, void* dst, u64 len) const;
  bool write(u64 offset, const void* src, u64 len);

  void add(const VirtqBuffer& buffer, bool device_writable);

 private:
  GuestDma* dma_;
  u16 head_;
  std::vector<VirtqBuffer> readable_, writable_;
  u64 readable_len_ = 0, writable_len_ = 0;
};

// What a device makes of one chain: the bytes it wrote into the writable stream, or the
// reason the request is malformed (the transport then sets DEVICE_NEEDS_RESET).
struct VirtqOutcome {
  u32 written = 0;
  std::string error;  // empty = success
  static VirtqOutcome ok(u32 written) { return {written, {}}; }
  static VirtqOutcome bad(std::string why) { return {0, std::move(why)}; }
};

// The device behind a transport: virtio-blk, virtio-rng. Slots with no device have none.
class VirtioBackend {
 public:
  virtual ~VirtioBackend() = default;
  virtual u32 device_id() const = 0;
  virtual std::string_view kind() const = 0;  // "virtio-blk", for messages
  // Device-specific feature bits (the transport adds VERSION_1, INDIRECT_DESC, EVENT_IDX).
  virtual u64 device_features() const = 0;
  virtual unsigned num_queues() const = 0;
  // Device configuration space, little-endian; false for an offset it does not have.
  virtual bool read_config(u64 offset, unsigned size, u64& value) = 0;
  // One available chain of `queue`.
  virtual VirtqOutcome process(unsigned queue, DescriptorChain& chain) = 0;
  // Status written 0: forget any request state.
  virtual void reset() {}
  // Snapshots: the device's own state (false: it cannot be saved, and the snapshot fails
  // naming the slot); restore_state reads what save_state wrote.
  virtual bool save_state(StateWriter& /*out*/) const { return true; }
  virtual void restore_state(StateReader& /*in*/) {}
};

class VirtioMmio final : public Device {
 public:
  // `backend` may be null (an empty slot: device id 0). `label` names the slot and the
  // user's id in warnings, e.g. "virtio slot 7 (disk0)". `irq` drives the PLIC line.
  VirtioMmio(GuestDma& dma, VirtioBackend* backend, std::string label,
             std::function<void(bool level)> irq);

  std::string_view name() const override { return "virtio-mmio"; }
  bool read(u64 offset, unsigned size, u64& value) override;
  bool write(u64 offset, unsigned size, u64 value) override;
  bool save_state(StateWriter& out) const override;
  void restore_state(StateReader& in) override;

  u32 status() const { return status_; }
  u32 interrupt_status() const { return interrupt_status_; }
  bool needs_reset() const { return (status_ & virtio::kStatusNeedsReset) != 0; }
  // The last error that set DEVICE_NEEDS_RESET (empty when none), as logged.
  const std::string& last_error() const { return last_error_; }

 private:
  struct Queue {
    u16 num = 0;
    bool ready = false;
    u64 desc = 0, avail = 0, used = 0;
    u16 last_avail = 0;  // the next available-ring entry to take
    u16 used_idx = 0;
  };

  u64 offered_features() const;
  bool read_register(u64 offset, u32& value);
  void write_register(u64 offset, u32 value);
  void write_status(u32 value);
  void reset();
  void notify(unsigned queue_index);
  // Builds the chain starting at `head`, or returns why it is malformed.
  std::optional<std::string> build_chain(const Queue& q, u16 head, DescriptorChain& chain);
  std::optional<std::string> check_rings(const Queue& q) const;
  void fail_device(unsigned queue_index, std::optional<u16> head, const std::string& why);
  void raise(u32 bits);
  void update_irq();

  GuestDma& dma_;
  VirtioBackend* backend_;
  std::string label_;
  std::function<void(bool)> irq_;

  u32 device_features_sel_ = 0;
  u32 driver_features_sel_ = 0;
  u64 driver_features_ = 0;
  u32 queue_sel_ = 0;
  u32 status_ = 0;
  u32 interrupt_status_ = 0;
  u32 config_generation_ = 0;
  std::vector<Queue> queues_;
  std::string last_error_;
};

}  // namespace rvscope
