// Bare-metal M-mode virtio driver: finds the transports, negotiates, reads and writes sectors
// of a virtio-blk disk, takes the used-buffer and RTC alarm interrupts through the PLIC,
// reads virtio-rng entropy and the goldfish RTC, and provokes DEVICE_NEEDS_RESET with a
// looping chain. Expects rvscope with devices.virtio [blk (readwrite), rng]; see
// run_virtio_driver.sh. Exit 0 = every check passed, N = check N failed.
#include "rt.h"

typedef unsigned short u16;
typedef unsigned char u8;

#define REG(base, off) (*(volatile u32*)((base) + (off)))
#define CHECK(n, cond)                           \
  do {                                           \
    if (!(cond)) {                               \
      rt_puts("FAIL check " #n ": " #cond "\n"); \
      return n;                                  \
    }                                            \
  } while (0)

enum {
  kMagic = 0x000,
  kVersion = 0x004,
  kDeviceId = 0x008,
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
  kConfig = 0x100,
};
enum { kAck = 1, kDriver = 2, kDriverOk = 4, kFeaturesOk = 8, kNeedsReset = 64 };
enum { kNext = 1, kWrite = 2, kIndirect = 4 };

#define VIRTIO_BASE(slot) (0x10001000ul + 0x1000ul * (slot))
#define PLIC 0x0c000000ul
#define RTC 0x00101000ul
#define QSIZE 8

struct desc {
  u64 addr;
  u32 len;
  u16 flags;
  u16 next;
};
struct queue {
  struct desc desc[QSIZE] __attribute__((aligned(16)));
  struct {
    u16 flags, idx, ring[QSIZE], used_event;
  } avail __attribute__((aligned(4)));
  struct {
    u16 flags, idx;
    struct {
      u32 id, len;
    } ring[QSIZE];
    u16 avail_event;
  } used __attribute__((aligned(4)));
  u16 last_used;
};

static struct queue blk_q, rng_q;
static struct desc indirect_table[4] __attribute__((aligned(16)));
static struct {
  u32 type, reserved;
  u64 sector;
} header;
static u8 sector_buf[512];
static u8 status_byte;
static u8 entropy[32];

static void fence(void) { __asm__ volatile("fence" ::: "memory"); }
static u64 read_mip(void) {
  u64 v;
  __asm__ volatile("csrr %0, mip" : "=r"(v));
  return v;
}

// 3.1.1's sequence up to FEATURES_OK; returns the status read back.
static u32 negotiate(u64 base, u64 features) {
  REG(base, kStatus) = 0;
  REG(base, kStatus) = kAck;
  REG(base, kStatus) = kAck | kDriver;
  REG(base, kDriverFeaturesSel) = 0;
  REG(base, kDriverFeatures) = (u32)features;
  REG(base, kDriverFeaturesSel) = 1;
  REG(base, kDriverFeatures) = (u32)(features >> 32);
  REG(base, kStatus) = kAck | kDriver | kFeaturesOk;
  return REG(base, kStatus);
}

static u64 device_features(u64 base) {
  REG(base, kDeviceFeaturesSel) = 0;
  u64 f = REG(base, kDeviceFeatures);
  REG(base, kDeviceFeaturesSel) = 1;
  return f | ((u64)REG(base, kDeviceFeatures) << 32);
}

static void setup_queue(u64 base, struct queue* q) {
  memset(q, 0, sizeof *q);
  REG(base, kQueueSel) = 0;
  REG(base, kQueueNum) = QSIZE;
  REG(base, kQueueDescLow) = (u32)(u64)q->desc;
  REG(base, kQueueDescHigh) = (u32)((u64)q->desc >> 32);
  REG(base, kQueueDriverLow) = (u32)(u64)&q->avail;
  REG(base, kQueueDriverHigh) = (u32)((u64)&q->avail >> 32);
  REG(base, kQueueDeviceLow) = (u32)(u64)&q->used;
  REG(base, kQueueDeviceHigh) = (u32)((u64)&q->used >> 32);
  REG(base, kQueueReady) = 1;
}

// Offers the chain at `head` and notifies; returns the used length (or -1 if none came).
static long submit(u64 base, struct queue* q, u16 head) {
  q->avail.ring[q->avail.idx % QSIZE] = head;
  fence();
  q->avail.idx++;
  fence();
  REG(base, kQueueNotify) = 0;
  fence();
  if (q->used.idx == q->last_used) return -1;
  const long len = q->used.ring[q->last_used % QSIZE].len;
  q->last_used++;
  return len;
}

// A virtio-blk request: header, one sector of data, status.
static long blk_rw(u64 base, u32 type, u64 sector) {
  header.type = type;
  header.sector = sector;
  status_byte = 0xff;
  blk_q.desc[0] = (struct desc){(u64)&header, 16, kNext, 1};
  blk_q.desc[1] = (struct desc){(u64)sector_buf, 512, (u16)(kNext | (type == 0 ? kWrite : 0)), 2};
  blk_q.desc[2] = (struct desc){(u64)&status_byte, 1, kWrite, 0};
  return submit(base, &blk_q, 0);
}

static int start_blk(u64 blk) {
  const u64 offered = device_features(blk);
  CHECK(10, offered & (1ul << 32));                          // VERSION_1
  CHECK(11, offered & (1ul << 28));                          // INDIRECT_DESC
  CHECK(12, (offered & (1ul << 5)) == 0);                    // not read-only in readwrite mode
  CHECK(13, (negotiate(blk, 1ul << 9) & kFeaturesOk) == 0);  // a legacy driver is refused
  const u64 wanted = (1ul << 32) | (1ul << 28) | (1ul << 9);
  CHECK(14, negotiate(blk, wanted) & kFeaturesOk);
  CHECK(15, REG(blk, kQueueNumMax) >= QSIZE);
  setup_queue(blk, &blk_q);
  REG(blk, kStatus) = kAck | kDriver | kFeaturesOk | kDriverOk;
  CHECK(16, REG(blk, kStatus) == (kAck | kDriver | kFeaturesOk | kDriverOk));
  return 0;
}

static int check_sector1(u64 blk) {
  static const char want[] = "RVSCOPE-SECTOR-1";
  memset(sector_buf, 0, sizeof sector_buf);
  CHECK(20, blk_rw(blk, 0, 1) == 513);
  CHECK(21, status_byte == 0);
  for (int i = 0; want[i]; ++i) CHECK(22, sector_buf[i] == (u8)want[i]);
  return 0;
}

static int test_blk(u64 blk) {
  int r = start_blk(blk);
  if (r) return r;
  const u64 capacity = REG(blk, kConfig) | ((u64)REG(blk, kConfig + 4) << 32);
  CHECK(17, capacity == 64);
  // PLIC source 8 (slot 7) to hart 0's M-mode context.
  REG(PLIC, 4 * 8) = 1;
  REG(PLIC, 0x2000) = (1u << 8) | (1u << 11);
  REG(PLIC, 0x200000) = 0;
  r = check_sector1(blk);
  if (r) return r;
  CHECK(23, REG(blk, kInterruptStatus) & 1);
  CHECK(24, read_mip() & (1ul << 11));  // MEIP through the PLIC
  CHECK(25, REG(PLIC, 0x200004) == 8);  // claim
  REG(blk, kInterruptAck) = 1;
  REG(PLIC, 0x200004) = 8;  // complete
  CHECK(26, (read_mip() & (1ul << 11)) == 0);

  // Write sector 2, flush, read it back.
  for (int i = 0; i < 512; ++i) sector_buf[i] = (u8)(i * 3 + 1);
  CHECK(27, blk_rw(blk, 1, 2) == 1);
  CHECK(28, status_byte == 0);
  header.type = 4;  // FLUSH: header and status only
  blk_q.desc[0] = (struct desc){(u64)&header, 16, kNext, 2};
  CHECK(29, submit(blk, &blk_q, 0) == 1 && status_byte == 0);
  memset(sector_buf, 0, sizeof sector_buf);
  CHECK(30, blk_rw(blk, 0, 2) == 513);
  for (int i = 0; i < 512; ++i) CHECK(31, sector_buf[i] == (u8)(i * 3 + 1));

  // The same read through an indirect table.
  memset(sector_buf, 0, sizeof sector_buf);
  header.type = 0;
  header.sector = 1;
  indirect_table[0] = (struct desc){(u64)&header, 16, kNext, 1};
  indirect_table[1] = (struct desc){(u64)sector_buf, 512, kNext | kWrite, 2};
  indirect_table[2] = (struct desc){(u64)&status_byte, 1, kWrite, 0};
  blk_q.desc[3] = (struct desc){(u64)indirect_table, 3 * 16, kIndirect, 0};
  CHECK(32, submit(blk, &blk_q, 3) == 513 && sector_buf[0] == 'R');
  REG(blk, kInterruptAck) = REG(blk, kInterruptStatus);

  // A chain that loops back on itself: DEVICE_NEEDS_RESET and a config-change interrupt.
  blk_q.desc[0] = (struct desc){(u64)&header, 16, kNext, 1};
  blk_q.desc[1] = (struct desc){(u64)sector_buf, 512, kNext, 0};
  CHECK(40, submit(blk, &blk_q, 0) == -1);
  CHECK(41, REG(blk, kStatus) & kNeedsReset);
  CHECK(42, REG(blk, kInterruptStatus) & 2);
  CHECK(43, REG(PLIC, 0x200004) == 8);
  REG(blk, kInterruptAck) = 2;
  REG(PLIC, 0x200004) = 8;
  // A reset brings it back.
  r = start_blk(blk);
  if (r) return r;
  return check_sector1(blk);
}

static int test_rng(u64 rng) {
  CHECK(50, negotiate(rng, 1ul << 32) & kFeaturesOk);
  setup_queue(rng, &rng_q);
  REG(rng, kStatus) = kAck | kDriver | kFeaturesOk | kDriverOk;
  rng_q.desc[0] = (struct desc){(u64)entropy, sizeof entropy, kWrite, 0};
  CHECK(51, submit(rng, &rng_q, 0) == (long)sizeof entropy);
  u64 ored = 0;
  rt_puts("entropy: ");
  for (u64 i = 0; i < sizeof entropy; ++i) {
    rt_hex(entropy[i], 2);
    ored |= entropy[i];
  }
  rt_nl();
  CHECK(52, ored != 0);
  return 0;
}

static u64 rtc_now(void) {
  const u64 low = REG(RTC, 0x00);
  return low | ((u64)REG(RTC, 0x04) << 32);
}

static int test_rtc(void) {
  const u64 t0 = rtc_now();
  CHECK(60, t0 >= 1700000000ul * 1000000000ul && t0 < 1700000001ul * 1000000000ul);
  // Simulated time moves at the timebase's resolution (100 ns at 10 MHz).
  u64 t1 = rtc_now();
  for (int i = 0; i < 10000 && t1 == t0; ++i) t1 = rtc_now();
  CHECK(61, t1 > t0 && t1 - t0 <= 1000000);
  // An alarm 1 ms ahead, waited for with wfi (the run loop skips to it), through PLIC 11.
  REG(PLIC, 4 * 11) = 1;
  REG(PLIC, 0x2000) = 1u << 11;  // only the RTC: the disk's last used buffer is still pending
  REG(RTC, 0x10) = 1;
  const u64 alarm = t1 + 1000000;
  REG(RTC, 0x0c) = (u32)(alarm >> 32);
  REG(RTC, 0x08) = (u32)alarm;
  CHECK(62, REG(RTC, 0x18) == 1);
  __asm__ volatile("csrs mie, %0" ::"r"(1ul << 11));
  while ((read_mip() & (1ul << 11)) == 0) __asm__ volatile("wfi");
  CHECK(63, rtc_now() >= alarm);
  CHECK(64, REG(PLIC, 0x200004) == 11);
  REG(RTC, 0x1c) = 1;
  REG(PLIC, 0x200004) = 11;
  CHECK(65, (read_mip() & (1ul << 11)) == 0);
  rt_puts("rtc: ");
  rt_dec((i64)(rtc_now() / 1000000000ul));
  rt_nl();
  return 0;
}

int main(void) {
  u64 blk = 0, rng = 0;
  for (int slot = 0; slot < 8; ++slot) {
    const u64 base = VIRTIO_BASE(slot);
    CHECK(1, REG(base, kMagic) == 0x74726976);
    CHECK(2, REG(base, kVersion) == 2);
    const u32 id = REG(base, kDeviceId);
    if (id == 2) blk = base;
    if (id == 4) rng = base;
    CHECK(3, id == 0 || id == 2 || id == 4);
  }
  // As QEMU: the first device configured sits in the last slot.
  CHECK(4, blk == VIRTIO_BASE(7));
  CHECK(5, rng == VIRTIO_BASE(6));
  int r = test_blk(blk);
  if (r) return r;
  r = test_rng(rng);
  if (r) return r;
  r = test_rtc();
  if (r) return r;
  rt_puts("virtio driver: all checks passed\n");
  return 0;
}
