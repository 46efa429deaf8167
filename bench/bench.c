// rvscope's CPU benchmark: a CoreMark-like mix (linked-list processing, integer matrix
// multiply, a state machine, CRC-32, a strided walk over a few MiB) plus a floating-point
// kernel, printing one checksum. BENCH_ITERATIONS scales the run (about 5e5 instructions
// per iteration).
#include "rt.h"

#ifndef BENCH_ITERATIONS
#define BENCH_ITERATIONS 2000
#endif

// ---- linked lists: build, reverse, merge sort, search ----
#define LIST_NODES 512
struct Node {
  struct Node* next;
  i32 key;
  i32 value;
};
static struct Node nodes[LIST_NODES];

static u32 lcg(u32* state) {
  *state = *state * 1664525u + 1013904223u;
  return *state >> 8;
}

static struct Node* list_build(u32 seed) {
  struct Node* head = 0;
  for (int i = 0; i < LIST_NODES; ++i) {
    nodes[i].key = (i32)(lcg(&seed) & 0xffff);
    nodes[i].value = i;
    nodes[i].next = head;
    head = &nodes[i];
  }
  return head;
}

static struct Node* list_reverse(struct Node* head) {
  struct Node* prev = 0;
  while (head) {
    struct Node* next = head->next;
    head->next = prev;
    prev = head;
    head = next;
  }
  return prev;
}

static struct Node* list_sort(struct Node* list) {
  // Bottom-up merge sort (Simon Tatham's), stable, O(n log n).
  int insize = 1;
  for (;;) {
    struct Node *p = list, *tail = 0;
    list = 0;
    int merges = 0;
    while (p) {
      ++merges;
      struct Node* q = p;
      int psize = 0;
      for (int i = 0; i < insize && q; ++i) {
        ++psize;
        q = q->next;
      }
      int qsize = insize;
      while (psize > 0 || (qsize > 0 && q)) {
        struct Node* e;
        if (psize == 0) {
          e = q; q = q->next; --qsize;
        } else if (qsize == 0 || !q || p->key <= q->key) {
          e = p; p = p->next; --psize;
        } else {
          e = q; q = q->next; --qsize;
        }
        if (tail) tail->next = e; else list = e;
        tail = e;
      }
      p = q;
    }
    tail->next = 0;
    if (merges <= 1) return list;
    insize *= 2;
  }
}

static u32 list_kernel(u32 seed) {
  struct Node* head = list_build(seed);
  head = list_reverse(head);
  head = list_sort(head);
  u32 sum = 0;
  i32 prev = -1;
  int ordered = 1;
  for (struct Node* n = head; n; n = n->next) {
    if (n->key < prev) ordered = 0;
    prev = n->key;
    sum = sum * 31 + (u32)n->value;
  }
  // a few searches
  for (i32 k = 0; k < 0x10000; k += 0x1000) {
    for (struct Node* n = head; n; n = n->next) {
      if (n->key >= k) {
        sum += (u32)n->value;
        break;
      }
    }
  }
  return sum ^ (u32)ordered;
}

// ---- integer matrix multiply ----
#define MAT 24
static i32 mat_a[MAT][MAT], mat_b[MAT][MAT], mat_c[MAT][MAT];

static u32 matrix_kernel(u32 seed) {
  for (int i = 0; i < MAT; ++i) {
    for (int j = 0; j < MAT; ++j) {
      mat_a[i][j] = (i32)(lcg(&seed) & 0xff) - 128;
      mat_b[i][j] = (i32)(lcg(&seed) & 0xff) - 128;
    }
  }
  for (int i = 0; i < MAT; ++i) {
    for (int j = 0; j < MAT; ++j) {
      i32 acc = 0;
      for (int k = 0; k < MAT; ++k) acc += mat_a[i][k] * mat_b[k][j];
      mat_c[i][j] = acc;
    }
  }
  u32 sum = 0;
  for (int i = 0; i < MAT; ++i) {
    for (int j = 0; j < MAT; ++j) sum = (sum << 1 | sum >> 31) ^ (u32)mat_c[i][j];
  }
  return sum;
}

// ---- a state machine scanning text for numbers, as CoreMark's core_state ----
#define TEXT_LEN 2048
static char text[TEXT_LEN];
enum State { kStart, kInt, kFloat, kExponent, kInvalid, kStates };

static u32 state_kernel(u32 seed) {
  static const char alphabet[] = "0123456789.,+-eE x";
  for (int i = 0; i < TEXT_LEN; ++i) text[i] = alphabet[lcg(&seed) % (sizeof alphabet - 1)];
  u32 counts[kStates] = {0};
  enum State state = kStart;
  for (int i = 0; i < TEXT_LEN; ++i) {
    const char c = text[i];
    if (c == ',' || c == ' ') {
      ++counts[state];
      state = kStart;
      continue;
    }
    switch (state) {
      case kStart:
        state = (c >= '0' && c <= '9') || c == '+' || c == '-' ? kInt : kInvalid;
        break;
      case kInt:
        if (c == '.') state = kFloat;
        else if (c == 'e' || c == 'E') state = kExponent;
        else if (!(c >= '0' && c <= '9')) state = kInvalid;
        break;
      case kFloat:
        if (c == 'e' || c == 'E') state = kExponent;
        else if (!(c >= '0' && c <= '9')) state = kInvalid;
        break;
      case kExponent:
        if (!(c >= '0' && c <= '9') && c != '+' && c != '-') state = kInvalid;
        break;
      default:
        break;
    }
  }
  u32 sum = 0;
  for (int s = 0; s < kStates; ++s) sum = sum * 1009 + counts[s];
  return sum;
}

// ---- CRC-32 (bitwise, the branchy reference form) ----
static u32 crc32(const unsigned char* data, int len, u32 crc) {
  crc = ~crc;
  for (int i = 0; i < len; ++i) {
    crc ^= data[i];
    for (int b = 0; b < 8; ++b) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
  }
  return ~crc;
}

// ---- memory: a pseudo-random walk over a few MiB (TLB and cache pressure) ----
#define WALK_WORDS (4u << 20) / 8   // 4 MiB
static u64 walk_mem[WALK_WORDS];

static u64 walk_kernel(u32 seed) {
  u64 sum = 0;
  u32 index = seed % WALK_WORDS;
  for (int i = 0; i < 4096; ++i) {
    index = (index * 1103515245u + 12345u) % WALK_WORDS;
    walk_mem[index] += (u64)i;
    sum += walk_mem[(index + 4099) % WALK_WORDS];
  }
  return sum;
}

// ---- floating point: Mandelbrot rows and a small n-body style update ----
static double fp_kernel(u32 seed) {
  double total = 0.0;
  const double y0 = -1.0 + (double)(seed % 64) / 32.0;
  for (int x = 0; x < 48; ++x) {
    const double cr = -2.0 + (double)x / 16.0, ci = y0;
    double zr = 0.0, zi = 0.0;
    int n = 0;
    while (n < 64 && zr * zr + zi * zi <= 4.0) {
      const double t = zr * zr - zi * zi + cr;
      zi = 2.0 * zr * zi + ci;
      zr = t;
      ++n;
    }
    total += n;
  }
  double px[8], vx[8];
  for (int i = 0; i < 8; ++i) {
    px[i] = (double)i * 1.25;
    vx[i] = 0.0;
  }
  for (int step = 0; step < 8; ++step) {
    for (int i = 0; i < 8; ++i) {
      double force = 0.0;
      for (int j = 0; j < 8; ++j) {
        if (i == j) continue;
        const double d = px[j] - px[i];
        force += d / (d * d + 0.01);
      }
      vx[i] += 0.01 * force;
    }
    for (int i = 0; i < 8; ++i) px[i] += vx[i];
  }
  for (int i = 0; i < 8; ++i) total += px[i] * 0.5 + vx[i];
  return total;
}

static u64 bits_of(double d) {
  u64 b;
  __asm__("fmv.x.d %0, %1" : "=r"(b) : "f"(d));
  return b;
}

int main(void) {
  u64 checksum = 0;
  for (u32 it = 0; it < BENCH_ITERATIONS; ++it) {
    const u32 seed = it * 2654435761u;
    checksum = checksum * 0x100000001b3ull + list_kernel(seed);
    checksum = checksum * 0x100000001b3ull + matrix_kernel(seed);
    checksum = checksum * 0x100000001b3ull + state_kernel(seed);
    checksum = checksum * 0x100000001b3ull +
               crc32((const unsigned char*)text, TEXT_LEN, (u32)checksum);
    checksum = checksum * 0x100000001b3ull + walk_kernel(seed);
    checksum = checksum * 0x100000001b3ull + bits_of(fp_kernel(seed));
  }
  rt_puts("bench: iterations ");
  rt_dec(BENCH_ITERATIONS);
  rt_puts(" checksum 0x");
  rt_hex(checksum, 16);
  rt_nl();
  return 0;
}
