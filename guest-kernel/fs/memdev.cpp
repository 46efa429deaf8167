// The memory character devices of major 1 (Linux's drivers/char/mem.c): null, zero, full,
// random and urandom, the last two from the kernel's deterministic generator.
#include "fs/vfs.hpp"
#include "mm/vm.hpp"

namespace starlet {
namespace {
enum MemMinor : u64 { kNull = 3, kZero = 5, kFull = 7, kRandom = 8, kUrandom = 9 };

u64 minor_of(Inode* in) { return in->rdev & 0xff; }

// Fills user memory from `next` a chunk at a time; a fault after some bytes is a short read.
template <typename Fill>
long fill_user(u64 uva, u64 n, Fill fill) {
  u8 buf[256];
  u64 done = 0;
  while (done < n) {
    u64 chunk = min<u64>(n - done, sizeof buf);
    fill(buf, chunk);
    if (!copy_to_user(uva + done, buf, chunk)) return done ? static_cast<long>(done) : -kEFAULT;
    done += chunk;
  }
  return static_cast<long>(done);
}
}  // namespace

void memdev_init(Inode* dev) {
  static const struct {
    const char* name;
    u64 minor;
  } kDevices[] = {{"null", kNull},
                  {"zero", kZero},
                  {"full", kFull},
                  {"random", kRandom},
                  {"urandom", kUrandom}};
  for (const auto& d : kDevices) {
    Inode* in = inode_new(kSIfchr | 0666);
    in->rdev = (1 << 8) | d.minor;
    dir_add(dev, d.name, in);
  }
}

bool is_memdev(Inode* in) { return (in->mode & kSIfmt) == kSIfchr && (in->rdev >> 8) == 1; }

long memdev_read(Inode* in, u64 uva, u64 n) {
  switch (minor_of(in)) {
    case kNull:
      return 0;
    case kZero:
    case kFull:
      return fill_user(uva, n, [](u8* b, u64 len) { memset(b, 0, len); });
    default:  // random, urandom: never block, like Linux once its pool is initialised
      // Linux caps one read of the random devices at INT_MAX rounded down to a page.
      return fill_user(uva, min<u64>(n, 0x7ffff000), [](u8* b, u64 len) { random_bytes(b, len); });
  }
}

long memdev_write(Inode* in, u64 n) {
  // Writing to the random devices mixes the bytes into the pool; ours stays deterministic.
  return minor_of(in) == kFull ? -kENOSPC : static_cast<long>(n);
}

}  // namespace starlet
