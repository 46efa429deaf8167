// Fuzz target: the virtio-mmio transport and its devices as a hostile driver drives them. The
// input fills a small guest RAM (descriptor tables, rings, request headers all attacker-made),
// then is a script of register writes, reads and notifications against virtio-blk (over an
// overlay or read-only image) or virtio-rng. Nothing may crash; a malformed request must put
// the device in DEVICE_NEEDS_RESET with the reason kept; the image file never changes.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "sim/common/error.hpp"
#include "sim/common/input_file.hpp"
#include "sim/devices/ram.hpp"
#include "sim/devices/virtio/virtio_blk.hpp"
#include "sim/devices/virtio/virtio_mmio.hpp"
#include "sim/devices/virtio/virtio_rng.hpp"
#include "tests/fuzz/support/fuzz_support.hpp"

namespace {

using namespace rvscope;
using namespace rvscope::virtio;
using rvscope::fuzz::check;

constexpr u64 kRamBase = 0x80000000;
constexpr u64 kRamSize = 64 * 1024;
constexpr size_t kRamPrefix = 4096;  // input bytes copied to the start of RAM
constexpr u64 kImageBytes = 16 * 512;

std::vector<u8> image_pattern() {
  std::vector<u8> bytes(kImageBytes);
  for (u64 i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<u8>(i * 13 + i / 512);
  return bytes;
}

// The image every run reads; made once per process.
const std::string& image_path() {
  static rvscope::fuzz::ScratchFile file("virtio-image");
  static const std::string& path = []() -> const std::string& {
    const std::vector<u8> bytes = image_pattern();
    return file.write(bytes.data(), bytes.size());
  }();
  return path;
}

// Reads the script: fixed-size little-endian fields, zero past the end.
class Script {
 public:
  Script(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool done() const { return at_ >= size_; }
  u32 take(unsigned bytes) {
    u32 v = 0;
    for (unsigned i = 0; i < bytes; ++i)
      v |= static_cast<u32>(at_ < size_ ? data_[at_++] : 0) << (8 * i);
    return v;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t at_ = 0;
};

// A well-behaved driver's bring-up of queue 0 with the rings at fuzz-chosen places, so the
// fuzzer reaches request handling without discovering the whole handshake first.
void bring_up(VirtioMmio& mmio, Script& script) {
  auto set = [&](u64 reg, u32 value) { (void)mmio.write(reg, 4, value); };
  set(kStatus, 0);
  set(kStatus, kStatusAcknowledge | kStatusDriver);
  set(kDriverFeaturesSel, 1);
  set(kDriverFeatures, 1);  // VERSION_1
  set(kDriverFeaturesSel, 0);
  set(kDriverFeatures, script.take(4));
  set(kStatus, kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk);
  set(kQueueSel, 0);
  set(kQueueNum, script.take(1) % (kQueueSizeMax + 1));
  set(kQueueDescLow, static_cast<u32>(kRamBase + (script.take(2) & 0xfff0)));
  set(kQueueDescHigh, 0);
  set(kQueueDriverLow, static_cast<u32>(kRamBase + (script.take(2) & 0xfffe)));
  set(kQueueDriverHigh, 0);
  set(kQueueDeviceLow, static_cast<u32>(kRamBase + (script.take(2) & 0xfffc)));
  set(kQueueDeviceHigh, 0);
  set(kQueueReady, 1);
  set(kStatus, kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk | kStatusDriverOk);
}

void run_script(VirtioMmio& mmio, Ram& ram, Script& script) {
  for (int step = 0; step < 256 && !script.done(); ++step) {
    const u32 op = script.take(1);
    switch (op % 6) {
      case 0:
        bring_up(mmio, script);
        break;
      case 1: {  // any register write, any width
        const u64 offset = script.take(2) & 0x1ff;
        const unsigned size = 1u << (script.take(1) % 4);
        (void)mmio.write(offset, size, script.take(4));
        break;
      }
      case 2: {  // any register read, any width
        const u64 offset = script.take(2) & 0x1ff;
        const unsigned size = 1u << (script.take(1) % 4);
        u64 value = 0;
        (void)mmio.read(offset, size, value);
        break;
      }
      case 3:  // notify a queue
        (void)mmio.write(kQueueNotify, 4, script.take(1) % 3);
        break;
      case 4: {  // the driver rewrites a word of RAM (a new available entry, say)
        const u64 offset = script.take(2) % (kRamSize - 4);
        const u32 value = script.take(4);
        std::memcpy(ram.data() + offset, &value, 4);
        break;
      }
      case 5:  // acknowledge interrupts
        (void)mmio.write(kInterruptAck, 4, script.take(1) & 3);
        break;
    }
    check((mmio.interrupt_status() & ~(kIntUsedBuffer | kIntConfigChange)) == 0,
          "InterruptStatus holds a bit the transport never raises");
    if (mmio.needs_reset())
      check(!mmio.last_error().empty(), "DEVICE_NEEDS_RESET without a reason");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const std::vector<u8> original = image_pattern();
  const std::string& path = image_path();
  // [device][u16 script length][script][guest RAM's first bytes]: the script comes first so
  // that short inputs already drive the device.
  const u8 device = data[0] % 3;  // 0 blk overlay, 1 blk read-only, 2 rng
  const size_t script_len = size >= 3 ? std::min<size_t>(size - 3, data[1] | (data[2] << 8)) : 0;
  const uint8_t* script_bytes = data + std::min<size_t>(size, 3);
  const uint8_t* ram_bytes = script_bytes + script_len;
  const size_t prefix = std::min<size_t>(data + size - ram_bytes, kRamPrefix);

  Ram ram(kRamBase, kRamSize);
  std::memcpy(ram.data(), ram_bytes, prefix);
  GuestDma dma(ram);
  std::unique_ptr<DiskImage> image;
  std::unique_ptr<VirtioBackend> backend;
  try {
    if (device == 2) {
      backend = std::make_unique<VirtioRng>(script_len);
    } else {
      image = std::make_unique<DiskImage>(
          path, device == 0 ? DiskMode::kOverlay : DiskMode::kReadOnly, "disk0");
      backend = std::make_unique<VirtioBlk>(*image, "fuzz-serial");
    }
  } catch (const SimError&) {
    check(false, "the fuzz image could not be opened");
  }
  bool irq = false;
  VirtioMmio mmio(dma, backend.get(), "virtio slot 7 (disk0)", [&irq](bool level) { irq = level; });
  Script script(script_bytes, script_len);
  run_script(mmio, ram, script);
  check(irq == ((mmio.interrupt_status() & (kIntUsedBuffer | kIntConfigChange)) != 0),
        "the interrupt line disagrees with InterruptStatus");

  if (image) {
    // Guest writes stay in the overlay (or are refused): the file keeps its bytes.
    const std::optional<std::vector<u8>> now = try_read_input_file(path);
    check(now && *now == original, "the image file changed");
    if (image->mode() == DiskMode::kReadOnly)
      check(image->overlay_pages() == 0, "a read-only disk kept a write");
  }
  return 0;
}
