// A results table of integer and floating-point corner cases, printed in hex. Built twice:
// bare metal (rvscope, HTIF) and Linux user mode (qemu-riscv64); CTest compares the two
// outputs line by line. A handful of values are also checked here so the program fails on
// its own when run alone.
#include "rt.h"

static const u64 kDoubles[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
    0x4008000000000000, 0x3fd5555555555555, 0x7fefffffffffffff, 0x0010000000000000,
    0x0000000000000001, 0x800fffffffffffff, 0x7ff0000000000000, 0xfff0000000000000,
    0x7ff8000000000000, 0x7ff0000000000001, 0x43e0000000000000, 0xc1e0000000200000,
    0x41f0000000000000, 0x4004000000000000, 0xc00c000000000000, 0x3ff0000000000001,
};
static const u32 kSingles[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x40400000, 0x3eaaaaab, 0x7f7fffff,
    0x00800000, 0x00000001, 0x807fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001,
    0x5f000000, 0xcf000000, 0x4f800000, 0x40200000, 0xc0600000, 0x3f800001,
};
#define N_D (sizeof kDoubles / sizeof kDoubles[0])
#define N_S (sizeof kSingles / sizeof kSingles[0])

static int failures;

static void set_rm(u64 rm) { __asm__ volatile("fsrm %0" ::"r"(rm)); }
static u64 take_flags(void) {
  u64 f;
  __asm__ volatile("frflags %0\n\tfsflags zero" : "=r"(f));
  return f;
}
static double d_of(u64 bits) {
  double d;
  __asm__ volatile("fmv.d.x %0, %1" : "=f"(d) : "r"(bits));
  return d;
}
static u64 bits_of_d(double d) {
  u64 b;
  __asm__ volatile("fmv.x.d %0, %1" : "=r"(b) : "f"(d));
  return b;
}
static float s_of(u32 bits) {
  float s;
  __asm__ volatile("fmv.w.x %0, %1" : "=f"(s) : "r"(bits));
  return s;
}
static u32 bits_of_s(float s) {
  u64 b;
  __asm__ volatile("fmv.x.w %0, %1" : "=r"(b) : "f"(s));
  return (u32)b;
}

// Each operation runs with the dynamic rounding mode (rm field 7 = frm).
#define OP2(name, insn, T, reg)                                            \
  static T name(T a, T b) {                                                \
    T r;                                                                   \
    __asm__ volatile(insn " %0, %1, %2" : "=f"(r) : "f"(a), "f"(b));       \
    return r;                                                              \
  }
OP2(add_d, "fadd.d", double, f)
OP2(sub_d, "fsub.d", double, f)
OP2(mul_d, "fmul.d", double, f)
OP2(div_d, "fdiv.d", double, f)
OP2(min_d, "fmin.d", double, f)
OP2(max_d, "fmax.d", double, f)
OP2(add_s, "fadd.s", float, f)
OP2(mul_s, "fmul.s", float, f)
OP2(div_s, "fdiv.s", float, f)
OP2(min_s, "fmin.s", float, f)

static double fma_d(double a, double b, double c) {
  double r;
  __asm__ volatile("fmadd.d %0, %1, %2, %3" : "=f"(r) : "f"(a), "f"(b), "f"(c));
  return r;
}
static double sqrt_d(double a) {
  double r;
  __asm__ volatile("fsqrt.d %0, %1" : "=f"(r) : "f"(a));
  return r;
}
static float sqrt_s(float a) {
  float r;
  __asm__ volatile("fsqrt.s %0, %1" : "=f"(r) : "f"(a));
  return r;
}
#define CVT_TO_X(name, insn, T)                                  \
  static u64 name(T a) {                                         \
    u64 r;                                                       \
    __asm__ volatile(insn " %0, %1" : "=r"(r) : "f"(a));         \
    return r;                                                    \
  }
CVT_TO_X(cvt_w_d, "fcvt.w.d", double)
CVT_TO_X(cvt_wu_d, "fcvt.wu.d", double)
CVT_TO_X(cvt_l_d, "fcvt.l.d", double)
CVT_TO_X(cvt_lu_d, "fcvt.lu.d", double)
CVT_TO_X(cvt_w_s, "fcvt.w.s", float)
CVT_TO_X(cvt_lu_s, "fcvt.lu.s", float)
CVT_TO_X(class_d, "fclass.d", double)
CVT_TO_X(class_s, "fclass.s", float)

static float cvt_s_d(double a) {
  float r;
  __asm__ volatile("fcvt.s.d %0, %1" : "=f"(r) : "f"(a));
  return r;
}
static double cvt_d_l(u64 a) {
  double r;
  __asm__ volatile("fcvt.d.l %0, %1" : "=f"(r) : "r"(a));
  return r;
}
static float cvt_s_lu(u64 a) {
  float r;
  __asm__ volatile("fcvt.s.lu %0, %1" : "=f"(r) : "r"(a));
  return r;
}

static void field(u64 value, int digits, u64 flags) {
  rt_puts(" ");
  rt_hex(value, digits);
  rt_puts("/");
  rt_hex(flags, 2);
}

static void fp_double_table(void) {
  for (unsigned i = 0; i < N_D; ++i) {
    for (unsigned j = 0; j < N_D; ++j) {
      const double a = d_of(kDoubles[i]), b = d_of(kDoubles[j]);
      rt_puts("d ");
      rt_hex(kDoubles[i], 16);
      rt_puts(" ");
      rt_hex(kDoubles[j], 16);
      for (u64 rm = 0; rm < 5; ++rm) {
        set_rm(rm);
        take_flags();
        u64 r = bits_of_d(add_d(a, b));
        field(r, 16, take_flags());
        r = bits_of_d(sub_d(a, b));
        field(r, 16, take_flags());
        r = bits_of_d(mul_d(a, b));
        field(r, 16, take_flags());
        r = bits_of_d(div_d(a, b));
        field(r, 16, take_flags());
        r = bits_of_d(fma_d(a, b, d_of(kDoubles[(i + j) % N_D])));
        field(r, 16, take_flags());
      }
      set_rm(0);
      take_flags();
      u64 r = bits_of_d(min_d(a, b));
      field(r, 16, take_flags());
      r = bits_of_d(max_d(a, b));
      field(r, 16, take_flags());
      rt_nl();
    }
  }
}

static void fp_double_unary_table(void) {
  for (unsigned i = 0; i < N_D; ++i) {
    const double a = d_of(kDoubles[i]);
    rt_puts("d1 ");
    rt_hex(kDoubles[i], 16);
    for (u64 rm = 0; rm < 5; ++rm) {
      set_rm(rm);
      take_flags();
      u64 r = bits_of_d(sqrt_d(a));
      field(r, 16, take_flags());
      r = cvt_w_d(a);
      field(r, 16, take_flags());
      r = cvt_wu_d(a);
      field(r, 16, take_flags());
      r = cvt_l_d(a);
      field(r, 16, take_flags());
      r = cvt_lu_d(a);
      field(r, 16, take_flags());
      r = bits_of_s(cvt_s_d(a));
      field(r, 8, take_flags());
      r = bits_of_d(cvt_d_l(kDoubles[i]));
      field(r, 16, take_flags());
      r = bits_of_s(cvt_s_lu(kDoubles[i]));
      field(r, 8, take_flags());
    }
    field(class_d(a), 4, take_flags());
    rt_nl();
  }
}

static void fp_single_table(void) {
  for (unsigned i = 0; i < N_S; ++i) {
    for (unsigned j = 0; j < N_S; ++j) {
      const float a = s_of(kSingles[i]), b = s_of(kSingles[j]);
      rt_puts("s ");
      rt_hex(kSingles[i], 8);
      rt_puts(" ");
      rt_hex(kSingles[j], 8);
      for (u64 rm = 0; rm < 5; ++rm) {
        set_rm(rm);
        take_flags();
        u64 r = bits_of_s(add_s(a, b));
        field(r, 8, take_flags());
        r = bits_of_s(mul_s(a, b));
        field(r, 8, take_flags());
        r = bits_of_s(div_s(a, b));
        field(r, 8, take_flags());
      }
      set_rm(0);
      take_flags();
      field(bits_of_s(min_s(a, b)), 8, take_flags());
      if (j == 0) {
        for (u64 rm = 0; rm < 5; ++rm) {
          set_rm(rm);
          take_flags();
          u64 r = bits_of_s(sqrt_s(a));
          field(r, 8, take_flags());
          r = cvt_w_s(a);
          field(r, 16, take_flags());
          r = cvt_lu_s(a);
          field(r, 16, take_flags());
        }
        field(class_s(a), 4, take_flags());
      }
      rt_nl();
    }
  }
  set_rm(0);
}

// ---- integer corner cases through compiled C (operands hidden from the optimiser) ----
static const i64 kInts[] = {0, 1, -1, 2, -2, 7, -7, 0x7fffffffffffffff, (i64)0x8000000000000000,
                            0x7fffffff, (i64)0xffffffff80000000, 0xffffffff, 0x123456789abcdef};
#define N_I (sizeof kInts / sizeof kInts[0])

static i64 hide(i64 v) {
  __asm__ volatile("" : "+r"(v));
  return v;
}

static void int_table(void) {
  for (unsigned i = 0; i < N_I; ++i) {
    for (unsigned j = 0; j < N_I; ++j) {
      const i64 a = hide(kInts[i]), b = hide(kInts[j]);
      const u64 ua = (u64)a, ub = (u64)b;
      const i32 wa = (i32)a, wb = (i32)b;
      rt_puts("i ");
      rt_hex(ua, 16);
      rt_puts(" ");
      rt_hex(ub, 16);
      u64 r;
      __asm__("div %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
      field(r, 16, 0);
      __asm__("rem %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
      field(r, 16, 0);
      __asm__("divu %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
      field(r, 16, 0);
      __asm__("remuw %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
      field(r, 16, 0);
      __asm__("divw %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
      field(r, 16, 0);
      field((u64)(((unsigned __int128)ua * ub) >> 64), 16, 0);
      field((u64)(((__int128)a * b) >> 64), 16, 0);
      __asm__("mulhsu %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
      field(r, 16, 0);
      field((u64)(i64)(wa * (u32)wb), 16, 0);
      field(ua << (ub & 63), 16, 0);
      field((u64)(a >> (ub & 63)), 16, 0);
      field((u64)(i64)(i32)((u32)wa >> (ub & 31)), 16, 0);
      field((u64)(i64)(wa >> (ub & 31)), 16, 0);
      field((u64)(a < b) | ((u64)(ua < ub) << 1), 1, 0);
      rt_nl();
    }
  }
}

// ---- atomics through the compiler's builtins ----
static void atomic_table(void) {
  static i64 cell64;
  static i32 cell32;
  for (unsigned i = 0; i < N_I; ++i) {
    const i64 v = hide(kInts[i]);
    cell64 = 0x5555555555555555;
    cell32 = 0x55555555;
    rt_puts("a ");
    rt_hex((u64)v, 16);
    field((u64)__atomic_fetch_add(&cell64, v, __ATOMIC_SEQ_CST), 16, 0);
    field((u64)__atomic_fetch_xor(&cell64, v, __ATOMIC_SEQ_CST), 16, 0);
    field((u64)(i64)__atomic_fetch_and(&cell32, (i32)v, __ATOMIC_SEQ_CST), 16, 0);
    field((u64)(i64)__atomic_fetch_or(&cell32, (i32)v, __ATOMIC_SEQ_CST), 16, 0);
    i64 expected = cell64;
    const int ok = __atomic_compare_exchange_n(&cell64, &expected, v, 0, __ATOMIC_SEQ_CST,
                                               __ATOMIC_SEQ_CST);
    field((u64)ok, 1, 0);
    field((u64)cell64, 16, 0);
    field((u64)(i64)cell32, 16, 0);
    rt_nl();
  }
}

// ---- compiled control flow: recursion, a jump table, function pointers ----
static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int classify(int c) {
  switch (c) {
    case 0: return 11;
    case 1: return 22;
    case 2: return 33;
    case 3: return 44;
    case 4: return 55;
    case 5: return 66;
    case 6: return 77;
    default: return -1;
  }
}

static int twice(int v) { return 2 * v; }
static int square(int v) { return v * v; }

static void expect(int what, u64 got, u64 want) {
  if (got != want) {
    rt_puts("MISMATCH ");
    rt_dec(what);
    rt_puts(" got ");
    rt_hex(got, 16);
    rt_puts(" want ");
    rt_hex(want, 16);
    rt_nl();
    ++failures;
  }
}

int main(void) {
  rt_puts("results table v1\n");
  int (*fns[2])(int) = {twice, square};
  int sum = 0;
  for (int i = 0; i < 10; ++i) sum += classify(hide(i) % 8) + fns[i & 1](i);
  rt_puts("c fib(20) ");
  rt_dec(fib((int)hide(20)));
  rt_puts(" switch ");
  rt_dec(sum);
  rt_nl();
  expect(1, (u64)fib((int)hide(20)), 6765);
  expect(2, (u64)sum, 11 + 22 + 33 + 44 + 55 + 66 + 77 - 1 + 11 + 22 + 2 * (0 + 2 + 4 + 6 + 8) +
                         (1 + 9 + 25 + 49 + 81));
  int_table();
  atomic_table();
  fp_double_table();
  fp_double_unary_table();
  fp_single_table();
  // spot checks that make the program self-checking on its own
  set_rm(0);
  take_flags();
  expect(3, bits_of_d(div_d(d_of(0x3ff0000000000000), d_of(0x4008000000000000))),
         0x3fd5555555555555);
  expect(4, take_flags(), 1);
  expect(5, bits_of_d(min_d(d_of(0), d_of(0x8000000000000000))), 0x8000000000000000);
  expect(6, cvt_w_d(d_of(0x7ff8000000000000)), 0x7fffffff);
  {
    i64 a = hide((i64)0x8000000000000000), b = hide(-1), r;
    __asm__("div %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    expect(7, (u64)r, 0x8000000000000000);
  }
  rt_puts(failures == 0 ? "all checks passed\n" : "checks FAILED\n");
  return failures;
}
