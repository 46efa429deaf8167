// virtio-rng requests: every device-writable byte of a chain is entropy; nothing is read.
#include "sim/devices/virtio/virtio_rng.hpp"

#include <fmt/format.h>

#include <vector>

namespace rvscope {

VirtqOutcome VirtioRng::process(unsigned /*queue*/, DescriptorChain& chain) {
  if (chain.readable_len() != 0) {
    return VirtqOutcome::bad(fmt::format(
        "entropy request has {} driver-written bytes (its buffers must be device-writable)",
        chain.readable_len()));
  }
  // The stream continues across requests and is not rewound by a device reset: the guest
  // never sees the same bytes twice in one run.
  constexpr u64 kChunk = 4096;
  std::vector<u8> buf(std::min<u64>(chain.writable_len(), kChunk));
  for (u64 done = 0; done < chain.writable_len();) {
    const u64 n = std::min<u64>(chain.writable_len() - done, buf.size());
    random_.fill(buf.data(), n);
    chain.write(done, buf.data(), n);
    done += n;
  }
  return VirtqOutcome::ok(static_cast<u32>(chain.writable_len()));
}

}  // namespace rvscope
