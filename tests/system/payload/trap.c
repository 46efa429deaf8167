/* Payload trap handler: expected-exception bookkeeping, the SBI timer and software interrupts. */
#include "payload.h"

volatile struct trap_record last_trap;
static volatile enum trap_mode mode;
static void (*volatile fixer_fn)(u64 cause, u64 tval);

volatile unsigned timer_ticks;
volatile u64 timer_deadline_missed;
volatile u64 timer_handler_sstatus_bad;
volatile u64 soft_irqs;
volatile u64 irq_order[8];
volatile unsigned irq_count;
static volatile u64 timer_deadline, timer_period;
static volatile unsigned timer_target;

extern char user_return[];

void expect_trap(enum trap_mode m, void (*fixer)(u64 cause, u64 tval)) {
  last_trap.count = 0;
  last_trap.cause = last_trap.tval = last_trap.epc = 0;
  last_trap.vector = 0;
  fixer_fn = fixer;
  mode = m;
}

void timer_start(u64 ticks_from_now, unsigned count) {
  timer_ticks = 0;
  timer_deadline_missed = 0;
  timer_handler_sstatus_bad = 0;
  timer_target = count;
  timer_period = ticks_from_now;
  timer_deadline = csr_read(time) + ticks_from_now;
  sbi_set_timer(timer_deadline);
}

/* The test looks at timer_ticks with SIE off, so an interrupt that lands between the look and
 * the wfi stays pending and wakes the wfi (which ignores sstatus.SIE) instead of being taken
 * just before it and leaving the hart asleep for good. */
void timer_wait(unsigned ticks, u64 time_limit) {
  csr_clear(sstatus, SSTATUS_SIE);
  while (timer_ticks < ticks && csr_read(time) < time_limit) {
    __asm__ volatile("wfi");
    csr_set(sstatus, SSTATUS_SIE);
    csr_clear(sstatus, SSTATUS_SIE);
  }
}

static void on_timer(void) {
  /* The trap entered with SIE cleared, SPIE holding the old SIE (1) and SPP = S. */
  const u64 s = csr_read(sstatus);
  if ((s & SSTATUS_SIE) || !(s & SSTATUS_SPIE) || !(s & SSTATUS_SPP)) ++timer_handler_sstatus_bad;
  if (csr_read(time) < timer_deadline) ++timer_deadline_missed;
  if (++timer_ticks < timer_target) {
    timer_deadline = csr_read(time) + timer_period;
    sbi_set_timer(timer_deadline);
  } else {
    sbi_set_timer(~0ul);
  }
}

static unsigned insn_length(u64 pc) { return (*(volatile u16*)pc & 3) == 3 ? 4 : 2; }

/* An unexpected exception is a failed check; the run goes on after the instruction (or back
 * to the caller when the fetch itself failed) so one bug does not hide the later checks. */
static void unexpected(struct frame* f) {
  static unsigned count;
  put_str("# UNEXPECTED trap: scause ");
  put_hex(f->scause);
  put_str(" sepc ");
  put_hex(f->sepc);
  put_str(" stval ");
  put_hex(f->stval);
  put_str("\n");
  note_unexpected_trap();
  if (++count > 10 || (f->scause & CAUSE_INTERRUPT)) payload_exit(100);
  const u64 cause = f->scause;
  if (cause == 0 || cause == CAUSE_FETCH_ACCESS || cause == CAUSE_FETCH_PAGE) {
    f->sepc = f->x[1];
  } else {
    f->sepc += insn_length(f->sepc);
  }
}

/* Back to enter_user's caller in S-mode; a0 = ~cause unless U-mode asked with ecall. */
static void leave_user(struct frame* f, u64 cause) {
  if (cause != CAUSE_USER_ECALL) f->x[10] = ~cause;
  f->sepc = (u64)user_return;
  f->sstatus |= SSTATUS_SPP;
  f->sstatus &= ~SSTATUS_SPIE;
  mode = TRAP_UNEXPECTED;
}

void trap_handler(struct frame* f, i64 vector) {
  if (f->scause & CAUSE_INTERRUPT) {
    const u64 irq = f->scause & ~CAUSE_INTERRUPT;
    last_trap.vector = vector;
    if (irq_count < 8) irq_order[irq_count] = irq;
    ++irq_count;
    if (irq == 5) {
      on_timer();
    } else if (irq == 1) {
      csr_clear(sip, SIP_SSIP);
      ++soft_irqs;
    } else {
      unexpected(f);
    }
    if (mode == TRAP_USER && !(f->sstatus & SSTATUS_SPP)) leave_user(f, f->scause);
    return;
  }
  last_trap.count = last_trap.count + 1;
  last_trap.cause = f->scause;
  last_trap.tval = f->stval;
  last_trap.epc = f->sepc;
  last_trap.sstatus = f->sstatus;
  last_trap.vector = vector;
  switch (mode) {
    case TRAP_SKIP:
      f->sepc += insn_length(f->sepc);
      break;
    case TRAP_FIX:
      fixer_fn(f->scause, f->stval);
      break;
    case TRAP_USER:
      if (f->sstatus & SSTATUS_SPP) {
        unexpected(f);
        break;
      }
      leave_user(f, f->scause);
      break;
    case TRAP_RETURN:
      f->x[10] = ~f->scause;
      f->sepc = f->x[1];
      break;
    default:
      unexpected(f);
  }
  mode = TRAP_UNEXPECTED;
}
