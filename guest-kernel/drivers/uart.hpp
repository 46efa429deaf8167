// ns16550a console UART at 0x10000000: polled output, interrupt-driven input (PLIC source 10).
#pragma once

#include "kernel/kernel.hpp"

namespace starlet {

constexpr u32 kUartIrq = 10;

void uart_init();
void uart_write(const char* s, size_t n);
void uart_irq();                                   // drain the receive FIFO into the input ring
size_t uart_read(char* dst, size_t n, bool* eof);  // non-blocking; ^D alone is end of file
bool uart_has_input();

}  // namespace starlet
