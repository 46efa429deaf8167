/* Several harts: HSM start and stop, per-hart SBI timers, IPIs, RFENCE, LR/SC across harts. */
#include "payload.h"

static u64 rdtime(void) { return csr_read(time); }

static void test_self_ipi(u64 hartid) {
  soft_irqs = 0;
  csr_write(sie, SIE_SSIE);
  check_eq((u64)sbi_call(SBI_EXT_IPI, 0, 1, hartid, 0).error, 0, "IPI send_ipi to itself");
  const u64 limit = rdtime() + 1000000;
  while (!(csr_read(sip) & SIP_SSIP) && rdtime() < limit) {
  }
  csr_set(sstatus, SSTATUS_SIE);
  __asm__ volatile("nop");
  csr_clear(sstatus, SSTATUS_SIE);
  check_eq(soft_irqs, 1, "  it arrives as an S-mode software interrupt");
  csr_write(sie, 0);
}

/* Secondary harts count in, take their own timer interrupt, one of them stores into the
 * boot hart's LR reservation on cue, then they wait for an IPI, count out and stop. */
static volatile u32 started, timers_taken, acknowledged, poke_done;
static volatile u64 poker_hart = ~0ul, poke_at = ~0ul;
static volatile u64 reserved_word __attribute__((aligned(64)));
static u8 secondary_stacks[8][4096] __attribute__((aligned(16)));

void secondary_main(u64 hartid, u64 opaque) {
  (void)opaque;
  __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
  /* mtimecmp is per hart: this timer must not disturb the others. */
  const u64 limit = rdtime() + 5000000;
  csr_write(sie, SIE_STIE);
  sbi_set_timer(rdtime() + 2000);
  while (!(csr_read(sip) & SIP_STIP) && rdtime() < limit) __asm__ volatile("wfi");
  if (csr_read(sip) & SIP_STIP) __atomic_fetch_add(&timers_taken, 1, __ATOMIC_SEQ_CST);
  sbi_set_timer(~0ul);
  if (hartid == poker_hart) {
    while (rdtime() < poke_at && rdtime() < limit) {
    }
    reserved_word = 2;
    __atomic_store_n(&poke_done, 1, __ATOMIC_SEQ_CST);
  }
  csr_write(sie, SIE_SSIE);
  while (!(csr_read(sip) & SIP_SSIP)) __asm__ volatile("wfi");
  csr_clear(sip, SIP_SSIP);
  __atomic_fetch_add(&acknowledged, 1, __ATOMIC_SEQ_CST);
  sbi_call(SBI_EXT_HSM, 1, 0, 0, 0);
}

static int wait_count(volatile u32* counter, u32 want) {
  const u64 limit = rdtime() + 5000000;
  while (__atomic_load_n(counter, __ATOMIC_SEQ_CST) != want && rdtime() < limit) {
  }
  return __atomic_load_n(counter, __ATOMIC_SEQ_CST) == want;
}

/* The boot hart holds a reservation while the poker stores to it; between its lr.d and
 * sc.d it only loads (the cue is a time agreed on before), so nothing of its own can have
 * cleared the reservation. */
static void test_remote_store_breaks_reservation(void) {
  reserved_word = 1;
  u64 value = 0, fail = 0;
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  poke_at = rdtime() + 100000; /* 10 ms: the boot hart reaches its lr.d well before */
  __asm__ volatile("lr.d %0, (%1)" : "=&r"(value) : "r"(&reserved_word) : "memory");
  const u64 limit = rdtime() + 5000000;
  while (!__atomic_load_n(&poke_done, __ATOMIC_RELAXED) && rdtime() < limit) {
  }
  __asm__ volatile("sc.d %0, %2, (%1)" : "=&r"(fail) : "r"(&reserved_word), "r"(3ul) : "memory");
  if (check(value == 1 && poke_done && fail != 0 && reserved_word == 2,
            "another hart's store between lr.d and sc.d makes sc.d fail")) {
    return;
  }
  put_str("#   lr.d read ");
  put_dec(value);
  put_str(poke_done ? ", the other hart stored 2" : ", the other hart did not store");
  put_str(", sc.d returned ");
  put_dec(fail);
  put_str(", the word is ");
  put_dec(reserved_word);
  put_str("\n");
}

void test_harts(u64 boot_hartid) {
  unsigned harts = 0;
  while (harts < 8 && sbi_call(SBI_EXT_HSM, 2, harts, 0, 0).error == 0) ++harts;
  put_str("# harts: ");
  put_dec(harts);
  put_str("\n");
  check(boot_hartid < harts, "the boot hart id is a hart HSM knows");
  check_eq((u64)sbi_call(SBI_EXT_HSM, 2, boot_hartid, 0, 0).value, SBI_HSM_STARTED,
           "HSM: the boot hart is started");
  check_eq((u64)sbi_call(SBI_EXT_HSM, 2, 8, 0, 0).error, (u64)SBI_ERR_INVALID_PARAM,
           "HSM: hart 8 does not exist");
  test_self_ipi(boot_hartid);
  u64 mask = 0;
  int ok = 1;
  poker_hart = boot_hartid == 0 ? 1 : 0;
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  for (unsigned h = 0; h < harts; ++h) {
    if (h == boot_hartid) continue;
    mask |= 1ul << h;
    if (sbi_call(SBI_EXT_HSM, 2, h, 0, 0).value != SBI_HSM_STOPPED) ok = 0;
    const u64 stack_top = (u64)&secondary_stacks[h][4096];
    if (sbi_call(SBI_EXT_HSM, 0, h, (u64)secondary_entry, stack_top).error != 0) ok = 0;
  }
  check(ok, "HSM: secondary harts were stopped and hart_start accepts them");
  check(wait_count(&started, harts - 1), "every secondary hart runs the payload in S-mode");
  check(wait_count(&timers_taken, harts - 1),
        "every secondary hart takes its own SBI timer (per-hart mtimecmp)");
  if (harts > 1) test_remote_store_breaks_reservation();
  check_eq((u64)sbi_call(SBI_EXT_RFENCE, 0, mask, 0, 0).error, 0, "RFENCE remote_fence_i");
  check_eq((u64)sbi_call4(SBI_EXT_RFENCE, 1, mask, 0, 0, ~0ul).error, 0,
           "RFENCE remote_sfence_vma (all addresses)");
  check_eq((u64)sbi_call(SBI_EXT_IPI, 0, mask, 0, 0).error, 0, "IPI send_ipi to the secondaries");
  check(wait_count(&acknowledged, harts - 1), "every secondary hart took its IPI (sip.SSIP)");
  int stopped = 1;
  for (unsigned h = 0; h < harts; ++h) {
    if (h == boot_hartid) continue;
    const u64 limit = rdtime() + 5000000;
    while (sbi_call(SBI_EXT_HSM, 2, h, 0, 0).value != SBI_HSM_STOPPED && rdtime() < limit) {
    }
    if (sbi_call(SBI_EXT_HSM, 2, h, 0, 0).value != SBI_HSM_STOPPED) stopped = 0;
  }
  check(stopped, "HSM: secondary harts stopped themselves");
}
