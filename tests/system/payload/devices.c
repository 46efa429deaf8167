/* The PLIC's S-mode context and the UART's THR-empty interrupt, driven from S-mode. */
#include "payload.h"

#define PLIC_BASE 0x0c000000ul
#define UART_BASE 0x10000000ul
#define UART_IRQ 10
#define UART_IER 1
#define UART_IIR 2
#define UART_IER_ETBEI 0x02
#define SIP_SEIP (1ul << 9)

static volatile u32* plic_reg(u64 offset) { return (volatile u32*)(PLIC_BASE + offset); }
static volatile u8* uart_reg(unsigned reg) { return (volatile u8*)(UART_BASE + reg); }

static int wait_seip(int want) {
  const u64 limit = csr_read(time) + 100000;
  while (((csr_read(sip) & SIP_SEIP) != 0) != want && csr_read(time) < limit) {
  }
  return ((csr_read(sip) & SIP_SEIP) != 0) == want;
}

/* Nothing may print between enabling ETBEI and the end: OpenSBI's putchar writes THR,
 * which re-arms the THR-empty interrupt. The results are kept and checked afterwards. */
void test_plic_uart(u64 hartid) {
  const u64 ctx = 2 * hartid + 1; /* context 2N is hart N's M-mode, 2N+1 its S-mode */
  volatile u32* enable = plic_reg(0x2000 + 0x80 * ctx);
  volatile u32* threshold = plic_reg(0x200000 + 0x1000 * ctx);
  volatile u32* claim = plic_reg(0x200004 + 0x1000 * ctx);
  const u32 saved_enable = *enable;

  *plic_reg(4 * UART_IRQ) = 1;
  *threshold = 1;
  *enable = saved_enable | (1u << UART_IRQ);
  csr_write(sie, SIE_SEIE);
  *uart_reg(UART_IER) = UART_IER_ETBEI;
  const int masked = wait_seip(0);
  const u32 pending = *plic_reg(0x1000) & (1u << UART_IRQ);
  *threshold = 0;
  const int raised = wait_seip(1);
  const u32 claimed = *claim;
  const u32 claimed_again = *claim;
  const u8 iir = *uart_reg(UART_IIR); /* reading IIR while it reports THRE clears it */
  const u8 iir_after = *uart_reg(UART_IIR);
  *uart_reg(UART_IER) = 0;
  *claim = claimed;
  const int lowered = wait_seip(0);
  *enable = saved_enable;
  *plic_reg(4 * UART_IRQ) = 0;
  csr_write(sie, 0);

  check(masked && pending != 0, "PLIC: a pending source at the threshold's priority stays masked");
  check(raised, "PLIC: threshold 0 lets the UART's THR-empty interrupt raise sip.SEIP");
  check_eq(claimed, UART_IRQ, "PLIC: the S context's claim returns source 10 (UART0)");
  check_eq(claimed_again, 0, "PLIC: a second claim before complete returns 0");
  check_eq(iir & 0x0f, 0x02, "UART: IIR reports THR empty");
  check_eq(iir_after & 0x0f, 0x01, "UART: reading IIR cleared it (no interrupt pending)");
  check(lowered, "PLIC: with ETBEI off and the claim completed, sip.SEIP drops");
}
