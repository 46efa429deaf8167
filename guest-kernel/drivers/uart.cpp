// ns16550a driver: transmit by polling LSR.THRE, receive into a ring from the RX interrupt.
#include "drivers/uart.hpp"

namespace starlet {
namespace {
constexpr u64 kUartBase = 0x10000000;
enum Reg : u64 { kRbrThr = 0, kIer = 1, kFcr = 2, kLcr = 3, kMcr = 4, kLsr = 5 };
constexpr u8 kLsrDataReady = 0x01;
constexpr u8 kLsrThrEmpty = 0x20;

char g_ring[1024];
size_t g_head, g_tail;  // g_head: next write, g_tail: next read

volatile u8& reg(Reg r) { return *mmio8(kUartBase + r); }
}  // namespace

void uart_init() {
  reg(kIer) = 0x00;
  reg(kLcr) = 0x03;  // 8N1
  // FCR is left alone: toggling FIFO enable clears the receiver and loses early input.
  reg(kMcr) = 0x08;  // OUT2 routes the interrupt line on a real 16550
  reg(kIer) = 0x01;  // receive-data-available interrupt
}

void uart_write(const char* s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\n') {
      while (!(reg(kLsr) & kLsrThrEmpty)) {
      }
      reg(kRbrThr) = '\r';
    }
    while (!(reg(kLsr) & kLsrThrEmpty)) {
    }
    reg(kRbrThr) = static_cast<u8>(s[i]);
  }
}

void uart_irq() {
  while (reg(kLsr) & kLsrDataReady) {
    char c = static_cast<char>(reg(kRbrThr));
    if (c == '\r') c = '\n';
    size_t next = (g_head + 1) % sizeof g_ring;
    if (next != g_tail) {
      g_ring[g_head] = c;
      g_head = next;
    }
  }
}

bool uart_has_input() { return g_head != g_tail; }

size_t uart_read(char* dst, size_t n, bool* eof) {
  size_t got = 0;
  *eof = false;
  while (got < n && g_tail != g_head) {
    char c = g_ring[g_tail];
    if (c == 4) {  // ^D: end of file if nothing precedes it, else it ends this read
      if (got == 0) {
        *eof = true;
        g_tail = (g_tail + 1) % sizeof g_ring;
      }
      break;
    }
    dst[got++] = c;
    g_tail = (g_tail + 1) % sizeof g_ring;
  }
  return got;
}

}  // namespace starlet
