// RISC-V reference for the fp unit tests: runs one F/D instruction per input line (under
// qemu-riscv64) and prints its result bits and fflags.
//
// Input lines:  <op> <rm> <a> <b> <c>   (all hex; op indexes kOps)
// Output lines: <result> <fflags>       (hex; integer results as the 64-bit register value)
// Build: riscv64-linux-gnu-gcc -static -O2 -o fp_ref fp_ref.c
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint64_t (*OpFn)(uint64_t, uint64_t, uint64_t);

static float f32(uint64_t v) {
  uint32_t w = (uint32_t)v;
  float f;
  memcpy(&f, &w, 4);
  return f;
}
static double f64(uint64_t v) {
  double d;
  memcpy(&d, &v, 8);
  return d;
}
static uint64_t b32(float f) {
  uint32_t w;
  memcpy(&w, &f, 4);
  return w;
}
static uint64_t b64(double d) {
  uint64_t v;
  memcpy(&v, &d, 8);
  return v;
}

// Float-to-float ops, S and D.
#define FF2(name, insn)                                                          \
  static uint64_t name##_s(uint64_t a, uint64_t b, uint64_t c) {                 \
    float r;                                                                     \
    (void)c;                                                                     \
    __asm__ volatile(insn ".s %0, %1, %2" : "=f"(r) : "f"(f32(a)), "f"(f32(b))); \
    return b32(r);                                                               \
  }                                                                              \
  static uint64_t name##_d(uint64_t a, uint64_t b, uint64_t c) {                 \
    double r;                                                                    \
    (void)c;                                                                     \
    __asm__ volatile(insn ".d %0, %1, %2" : "=f"(r) : "f"(f64(a)), "f"(f64(b))); \
    return b64(r);                                                               \
  }
FF2(fadd, "fadd")
FF2(fsub, "fsub")
FF2(fmul, "fmul")
FF2(fdiv, "fdiv")
FF2(fmin, "fmin")
FF2(fmax, "fmax")

#define FF3(name, insn)                                                                           \
  static uint64_t name##_s(uint64_t a, uint64_t b, uint64_t c) {                                  \
    float r;                                                                                      \
    __asm__ volatile(insn ".s %0, %1, %2, %3" : "=f"(r) : "f"(f32(a)), "f"(f32(b)), "f"(f32(c))); \
    return b32(r);                                                                                \
  }                                                                                               \
  static uint64_t name##_d(uint64_t a, uint64_t b, uint64_t c) {                                  \
    double r;                                                                                     \
    __asm__ volatile(insn ".d %0, %1, %2, %3" : "=f"(r) : "f"(f64(a)), "f"(f64(b)), "f"(f64(c))); \
    return b64(r);                                                                                \
  }
FF3(fmadd, "fmadd")
FF3(fmsub, "fmsub")
FF3(fnmsub, "fnmsub")
FF3(fnmadd, "fnmadd")

// Float compare -> integer register.
#define FCMP(name, insn)                                                         \
  static uint64_t name##_s(uint64_t a, uint64_t b, uint64_t c) {                 \
    uint64_t r;                                                                  \
    (void)c;                                                                     \
    __asm__ volatile(insn ".s %0, %1, %2" : "=r"(r) : "f"(f32(a)), "f"(f32(b))); \
    return r;                                                                    \
  }                                                                              \
  static uint64_t name##_d(uint64_t a, uint64_t b, uint64_t c) {                 \
    uint64_t r;                                                                  \
    (void)c;                                                                     \
    __asm__ volatile(insn ".d %0, %1, %2" : "=r"(r) : "f"(f64(a)), "f"(f64(b))); \
    return r;                                                                    \
  }
FCMP(feq, "feq")
FCMP(flt, "flt")
FCMP(fle, "fle")

static uint64_t fsqrt_s(uint64_t a, uint64_t b, uint64_t c) {
  float r;
  (void)b, (void)c;
  __asm__ volatile("fsqrt.s %0, %1" : "=f"(r) : "f"(f32(a)));
  return b32(r);
}
static uint64_t fsqrt_d(uint64_t a, uint64_t b, uint64_t c) {
  double r;
  (void)b, (void)c;
  __asm__ volatile("fsqrt.d %0, %1" : "=f"(r) : "f"(f64(a)));
  return b64(r);
}
static uint64_t fclass_s(uint64_t a, uint64_t b, uint64_t c) {
  uint64_t r;
  (void)b, (void)c;
  __asm__ volatile("fclass.s %0, %1" : "=r"(r) : "f"(f32(a)));
  return r;
}
static uint64_t fclass_d(uint64_t a, uint64_t b, uint64_t c) {
  uint64_t r;
  (void)b, (void)c;
  __asm__ volatile("fclass.d %0, %1" : "=r"(r) : "f"(f64(a)));
  return r;
}

// float -> int: fcvt.<int>.<fmt>
#define F2I(name, insn, conv)                                  \
  static uint64_t name(uint64_t a, uint64_t b, uint64_t c) {   \
    uint64_t r;                                                \
    (void)b, (void)c;                                          \
    __asm__ volatile(insn " %0, %1" : "=r"(r) : "f"(conv(a))); \
    return r;                                                  \
  }
F2I(fcvt_w_s, "fcvt.w.s", f32)
F2I(fcvt_wu_s, "fcvt.wu.s", f32)
F2I(fcvt_l_s, "fcvt.l.s", f32)
F2I(fcvt_lu_s, "fcvt.lu.s", f32)
F2I(fcvt_w_d, "fcvt.w.d", f64)
F2I(fcvt_wu_d, "fcvt.wu.d", f64)
F2I(fcvt_l_d, "fcvt.l.d", f64)
F2I(fcvt_lu_d, "fcvt.lu.d", f64)

// int -> float: fcvt.<fmt>.<int>
#define I2F(name, insn, T, pack)                             \
  static uint64_t name(uint64_t a, uint64_t b, uint64_t c) { \
    T r;                                                     \
    (void)b, (void)c;                                        \
    __asm__ volatile(insn " %0, %1" : "=f"(r) : "r"(a));     \
    return pack(r);                                          \
  }
I2F(fcvt_s_w, "fcvt.s.w", float, b32)
I2F(fcvt_s_wu, "fcvt.s.wu", float, b32)
I2F(fcvt_s_l, "fcvt.s.l", float, b32)
I2F(fcvt_s_lu, "fcvt.s.lu", float, b32)
I2F(fcvt_d_w, "fcvt.d.w", double, b64)
I2F(fcvt_d_wu, "fcvt.d.wu", double, b64)
I2F(fcvt_d_l, "fcvt.d.l", double, b64)
I2F(fcvt_d_lu, "fcvt.d.lu", double, b64)

static uint64_t fcvt_s_d(uint64_t a, uint64_t b, uint64_t c) {
  float r;
  (void)b, (void)c;
  __asm__ volatile("fcvt.s.d %0, %1" : "=f"(r) : "f"(f64(a)));
  return b32(r);
}
static uint64_t fcvt_d_s(uint64_t a, uint64_t b, uint64_t c) {
  double r;
  (void)b, (void)c;
  __asm__ volatile("fcvt.d.s %0, %1" : "=f"(r) : "f"(f32(a)));
  return b64(r);
}

// The order is the contract with fp_ref_test.cpp's kRefOps.
static const OpFn kOps[] = {
    fadd_s,   fsub_s,    fmul_s,   fdiv_s,    fsqrt_s,  fmin_s,    fmax_s,   fmadd_s,
    fmsub_s,  fnmsub_s,  fnmadd_s, feq_s,     flt_s,    fle_s,     fclass_s, fadd_d,
    fsub_d,   fmul_d,    fdiv_d,   fsqrt_d,   fmin_d,   fmax_d,    fmadd_d,  fmsub_d,
    fnmsub_d, fnmadd_d,  feq_d,    flt_d,     fle_d,    fclass_d,  fcvt_w_s, fcvt_wu_s,
    fcvt_l_s, fcvt_lu_s, fcvt_w_d, fcvt_wu_d, fcvt_l_d, fcvt_lu_d, fcvt_s_w, fcvt_s_wu,
    fcvt_s_l, fcvt_s_lu, fcvt_d_w, fcvt_d_wu, fcvt_d_l, fcvt_d_lu, fcvt_s_d, fcvt_d_s,
};

static const char* parse_hex(const char* p, uint64_t* out) {
  uint64_t v = 0;
  while (*p == ' ') ++p;
  for (;; ++p) {
    int d;
    if (*p >= '0' && *p <= '9')
      d = *p - '0';
    else if (*p >= 'a' && *p <= 'f')
      d = *p - 'a' + 10;
    else
      break;
    v = (v << 4) | (uint64_t)d;
  }
  *out = v;
  return p;
}

int main(void) {
  static char out_buf[1 << 16];
  setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
  char line[256];
  while (fgets(line, sizeof line, stdin)) {
    uint64_t op, rm, a, b, c;
    const char* p = parse_hex(line, &op);
    p = parse_hex(p, &rm);
    p = parse_hex(p, &a);
    p = parse_hex(p, &b);
    parse_hex(p, &c);
    if (op >= sizeof kOps / sizeof kOps[0]) {
      printf("bad-op\n");
      continue;
    }
    uint64_t flags;
    __asm__ volatile("fsrm %0" : : "r"(rm));
    __asm__ volatile("fsflags zero");
    const uint64_t r = kOps[op](a, b, c);
    __asm__ volatile("frflags %0" : "=r"(flags));
    printf("%llx %llx\n", (unsigned long long)r, (unsigned long long)flags);
  }
  return 0;
}
