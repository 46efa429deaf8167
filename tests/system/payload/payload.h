/* Shared vocabulary of the S-mode payload: CSR access, SBI calls, console, checks, traps. */
#pragma once

typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
typedef long i64;

#define csr_read(csr)                                        \
  ({                                                         \
    u64 v_;                                                  \
    __asm__ volatile("csrr %0, " #csr : "=r"(v_)::"memory"); \
    v_;                                                      \
  })
#define csr_write(csr, val) __asm__ volatile("csrw " #csr ", %0" ::"rK"((u64)(val)) : "memory")
#define csr_set(csr, val) __asm__ volatile("csrs " #csr ", %0" ::"rK"((u64)(val)) : "memory")
#define csr_clear(csr, val) __asm__ volatile("csrc " #csr ", %0" ::"rK"((u64)(val)) : "memory")

#define SSTATUS_SIE (1ul << 1)
#define SSTATUS_SPIE (1ul << 5)
#define SSTATUS_SPP (1ul << 8)
#define SSTATUS_FS (3ul << 13)
#define SSTATUS_SUM (1ul << 18)
#define SSTATUS_MXR (1ul << 19)
#define SSTATUS_SD (1ul << 63)
#define SIP_SSIP (1ul << 1)
#define SIP_STIP (1ul << 5)
#define SIE_SSIE (1ul << 1)
#define SIE_STIE (1ul << 5)
#define SIE_SEIE (1ul << 9)

#define CAUSE_INTERRUPT (1ul << 63)
#define CAUSE_FETCH_ACCESS 1
#define CAUSE_ILLEGAL 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_LOAD_MISALIGNED 4
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_STORE_MISALIGNED 6
#define CAUSE_STORE_ACCESS 7
#define CAUSE_USER_ECALL 8
#define CAUSE_FETCH_PAGE 12
#define CAUSE_LOAD_PAGE 13
#define CAUSE_STORE_PAGE 15

/* SBI (v1.0 as OpenSBI v1.1 implements it). */
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_DBCN 0x4442434E
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)
#define SBI_HSM_STARTED 0
#define SBI_HSM_STOPPED 1

struct sbiret {
  i64 error;
  i64 value;
};
struct sbiret sbi_call(u64 ext, u64 fid, u64 a0, u64 a1, u64 a2);
struct sbiret sbi_call4(u64 ext, u64 fid, u64 a0, u64 a1, u64 a2, u64 a3);
void sbi_putchar(int c);
void sbi_set_timer(u64 when);
/* Ends the run: code 0 through SRST shutdown, else the test device's fail code. */
__attribute__((noreturn)) void payload_exit(unsigned code);

/* Console (SBI legacy putchar: OpenSBI v1.1 has no DBCN). */
void put_str(const char* s);
void put_dec(u64 v);
void put_hex(u64 v);

/* Checks print TAP lines "ok N - what" / "not ok N - what"; values only on failure. */
int check(int ok, const char* what);
int check_eq(u64 actual, u64 expected, const char* what);
/* Failed checks plus unexpected traps (which print a "# UNEXPECTED" line, no check number). */
unsigned checks_failed(void);
void note_unexpected_trap(void);
unsigned checks_run(void);

/* Trap handling. The frame mirrors entry.S: x0..x31, sepc, sstatus, scause, stval. */
struct frame {
  u64 x[32];
  u64 sepc, sstatus, scause, stval;
};
enum trap_mode {
  TRAP_UNEXPECTED, /* any exception is a failure */
  TRAP_SKIP,       /* record it and continue after the faulting instruction */
  TRAP_FIX,        /* record it, call the fixer, retry the instruction */
  TRAP_USER,       /* record it and leave U-mode through user_return (a0 = ~cause for faults
                      and interrupts) */
  TRAP_RETURN,     /* record it and return to ra with a0 = ~cause (a call that cannot fetch) */
};
struct trap_record {
  u64 count, cause, tval, epc, sstatus;
  i64 vector;
};
extern volatile struct trap_record last_trap;
void expect_trap(enum trap_mode mode, void (*fixer)(u64 cause, u64 tval));
void timer_start(u64 ticks_from_now, unsigned count);
/* Sleeps until the timer has fired `ticks` times or time reaches time_limit; SIE off after. */
void timer_wait(unsigned ticks, u64 time_limit);
extern volatile unsigned timer_ticks;
extern volatile u64 timer_deadline_missed;
extern volatile u64 timer_handler_sstatus_bad;
extern volatile u64 soft_irqs;
/* The interrupt causes taken since the last clear, in order (at most 8 kept). */
extern volatile u64 irq_order[8];
extern volatile unsigned irq_count;

/* entry.S */
extern char vector_table[];
extern char trap_direct[];
extern char secondary_entry[];
long enter_user(u64 pc, u64 arg);

/* Test groups, in the order they run. */
void test_sbi(void);
void test_counters_and_timer(void);
void test_plic_uart(u64 hartid);
void test_traps(void);
void test_sv39(void);
void test_user_mode(void);
void test_harts(u64 boot_hartid);

/* Sv39 helpers shared by the VM and U-mode tests. */
#define PTE_V (1ul << 0)
#define PTE_R (1ul << 1)
#define PTE_W (1ul << 2)
#define PTE_X (1ul << 3)
#define PTE_U (1ul << 4)
#define PTE_G (1ul << 5)
#define PTE_A (1ul << 6)
#define PTE_D (1ul << 7)
#define TEST_VA_BASE 0x40000000ul /* 4 KiB test pages, one per slot */
u64 test_va(unsigned slot);
void map_slot(unsigned slot, u64 pa, u64 flags);
volatile u64* pte_of_slot(unsigned slot);
u8* scratch_page(unsigned index);
void sfence_vma(u64 va);
