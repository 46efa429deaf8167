/* Payload main: SBI probing, counters, the SBI timer and software interrupts, then the verdict. */
#include "payload.h"

void payload_main(u64 hartid, u64 dtb) {
  (void)dtb;
  put_str("# rvscope S-mode payload: SBI, timer, traps, Sv39, U-mode, harts\n");
  test_sbi();
  test_counters_and_timer();
  test_plic_uart(hartid);
  test_traps();
  test_sv39();
  test_user_mode();
  test_harts(hartid);
  put_str("1..");
  put_dec(checks_run());
  put_str("\n# ");
  put_dec(checks_failed());
  put_str(" failures in ");
  put_dec(checks_run());
  put_str(" checks\n");
  payload_exit(checks_failed());
}

void test_sbi(void) {
  const struct sbiret spec = sbi_call(SBI_EXT_BASE, 0, 0, 0, 0);
  check_eq((u64)spec.value, 0x01000000, "SBI spec version is 1.0 (OpenSBI v1.1)");
  check_eq((u64)sbi_call(SBI_EXT_BASE, 1, 0, 0, 0).value, 1, "SBI implementation is OpenSBI");
  const u64 probes[] = {SBI_EXT_TIME, SBI_EXT_IPI, SBI_EXT_RFENCE, SBI_EXT_HSM, SBI_EXT_SRST};
  int all = 1;
  for (unsigned i = 0; i < sizeof probes / sizeof probes[0]; ++i) {
    if (sbi_call(SBI_EXT_BASE, 3, probes[i], 0, 0).value == 0) all = 0;
  }
  check(all, "SBI probe finds TIME, IPI, RFENCE, HSM and SRST");
  check_eq((u64)sbi_call(SBI_EXT_BASE, 3, SBI_EXT_DBCN, 0, 0).value, 0,
           "SBI probe: no DBCN in v1.1, so the console is legacy putchar");
  check_eq((u64)sbi_call(0x0A000000, 0, 0, 0, 0).error, (u64)SBI_ERR_NOT_SUPPORTED,
           "an unknown SBI extension returns SBI_ERR_NOT_SUPPORTED");
}

static u64 rdtime(void) { return csr_read(time); }

void test_counters_and_timer(void) {
  const u64 t0 = rdtime();
  const u64 c0 = csr_read(cycle), i0 = csr_read(instret);
  for (volatile int i = 0; i < 1000; ++i) {
  }
  check(rdtime() > t0, "time advances");
  check(csr_read(cycle) > c0, "cycle advances");
  check(csr_read(instret) > i0 + 1000, "instret counts at least the loop's instructions");

  /* sie keeps only the S-level bits OpenSBI delegates (SSIP, STIP, SEIP). */
  csr_write(sie, ~0ul);
  check_eq(csr_read(sie), SIE_SSIE | SIE_STIE | SIE_SEIE, "sie writable bits are SSIE, STIE, SEIE");
  csr_write(sie, 0);
  check_eq(csr_read(sip) & SIP_STIP, 0, "sip.STIP is clear before any set_timer");

  /* Three timer interrupts in direct mode, 1 ms apart (10 MHz timebase). */
  csr_write(stvec, trap_direct);
  csr_write(sie, SIE_STIE);
  timer_start(10000, 3);
  const u64 limit = rdtime() + 10000000;
  timer_wait(3, limit);
  check_eq(timer_ticks, 3, "three SBI timer interrupts taken (set_timer, sie.STIE, sstatus.SIE)");
  check_eq(timer_deadline_missed, 0, "no timer interrupt before its deadline");
  check_eq(timer_handler_sstatus_bad, 0, "in the handler: SIE = 0, SPIE = 1, SPP = S");
  check_eq(last_trap.vector, -1, "direct stvec: the interrupt entered at the base");
  check_eq(csr_read(sip) & SIP_STIP, 0, "set_timer(-1) clears sip.STIP");

  /* Vectored mode: the timer enters at base + 4 * 5. */
  csr_write(stvec, (u64)vector_table | 1);
  check_eq(csr_read(stvec), (u64)vector_table | 1, "stvec holds a vectored base");
  timer_start(5000, 1);
  timer_wait(1, limit + 10000000);
  check(timer_ticks == 1 && last_trap.vector == 5, "vectored stvec: timer entered at base + 20");
  expect_trap(TRAP_SKIP, 0);
  __asm__ volatile("ebreak");
  check(last_trap.cause == CAUSE_BREAKPOINT && last_trap.vector == -1,
        "vectored stvec: an exception (ebreak) entered at the base");
  csr_write(stvec, trap_direct);
  csr_write(sie, 0);

  /* wfi with STIP pending but SIE off still wakes and does not trap. */
  sbi_set_timer(0);
  csr_write(sie, SIE_STIE);
  __asm__ volatile("wfi");
  check((csr_read(sip) & SIP_STIP) != 0,
        "sip.STIP set by an expired set_timer; wfi returns with SIE off");
  sbi_set_timer(~0ul);
  csr_write(sie, 0);

  /* Software interrupts: S-mode may set its own SSIP; an SBI IPI to itself sets it too. */
  csr_write(sie, SIE_SSIE);
  soft_irqs = 0;
  csr_set(sip, SIP_SSIP);
  check_eq(soft_irqs, 0, "sip.SSIP set with SIE off: no interrupt yet");
  csr_set(sstatus, SSTATUS_SIE);
  __asm__ volatile("nop");
  csr_clear(sstatus, SSTATUS_SIE);
  check_eq(soft_irqs, 1, "enabling SIE takes the pending software interrupt (scause 1)");

  /* Priority: with SSIP and STIP both pending, the software interrupt goes first. */
  timer_start(0, 1);
  while (!(csr_read(sip) & SIP_STIP) && rdtime() < limit + 20000000) {
  }
  csr_set(sip, SIP_SSIP);
  csr_write(sie, SIE_SSIE | SIE_STIE);
  irq_count = 0;
  csr_set(sstatus, SSTATUS_SIE);
  __asm__ volatile("nop");
  csr_clear(sstatus, SSTATUS_SIE);
  check(irq_count == 2 && irq_order[0] == 1 && irq_order[1] == 5,
        "SSIP and STIP pending together: the software interrupt is taken first");
  csr_write(sie, 0);
}
