// ns16550a UART (QEMU virt's UART0): registers, 16-byte RX FIFO, IER/IIR interrupts, host
// console input polled in tick() and output written straight through.
#pragma once

#include <array>
#include <functional>

#include "sim/devices/char_io.hpp"
#include "sim/devices/device.hpp"

namespace rvscope {

class Uart16550 final : public Device {
 public:
  // Register offsets (reg-shift 0; the 8 registers repeat through the 0x100 window).
  enum Reg : unsigned {
    kRbrThr = 0,
    kIer = 1,
    kIirFcr = 2,
    kLcr = 3,
    kMcr = 4,
    kLsr = 5,
    kMsr = 6,
    kScr = 7
  };
  static constexpr u8 kIerRdi = 0x01, kIerThri = 0x02, kIerRlsi = 0x04, kIerMsi = 0x08;
  static constexpr u8 kIirNone = 0x01, kIirRls = 0x06, kIirRdi = 0x04, kIirTimeout = 0x0c,
                      kIirThri = 0x02, kIirFifoBits = 0xc0;
  static constexpr u8 kLsrDr = 0x01, kLsrOe = 0x02, kLsrThre = 0x20, kLsrTemt = 0x40;
  static constexpr u8 kLcrDlab = 0x80;
  static constexpr u8 kMcrLoop = 0x10;
  static constexpr std::size_t kFifoSize = 16;
  // Default input poll period in mtime ticks (1 ms at the 10 MHz timebase).
  static constexpr u64 kDefaultPollInterval = 10'000;

  using IrqCallback = std::function<void(bool level)>;

  // `input` may be null (no console input). Both streams must outlive the UART.
  Uart16550(CharInput* input, CharOutput& output, u64 poll_interval = kDefaultPollInterval);

  // The interrupt line, e.g. [&plic](bool l) { plic.set_source_level(kVirtUart0Irq, l); }.
  void set_irq(IrqCallback irq) { irq_ = std::move(irq); }

  std::string_view name() const override { return "uart16550"; }
  bool read(u64 offset, unsigned size, u64& value) override;
  bool write(u64 offset, unsigned size, u64 value) override;
  // RBR shows the byte a read would pop, IIR and LSR what they report, acknowledging nothing.
  bool peek(u64 offset, unsigned size, u64& value) override;
  // Polls input (at most every poll_interval) and flushes output.
  void tick(u64 mtime) override;
  u64 next_event(u64 mtime) const override;

  // Output is flushed first; console input not yet in the FIFO stays with the host.
  bool save_state(StateWriter& out) const override;
  void restore_state(StateReader& in) override;

  bool irq_level() const { return irq_level_; }
  std::size_t rx_count() const { return rx_count_; }

 private:
  std::size_t rx_capacity() const { return fifo_enabled_ ? kFifoSize : 1; }
  void rx_push(u8 byte);
  u8 rx_pop();
  u8 iir() const;
  u8 lsr() const;
  u8 msr() const;
  void update_irq();
  bool read_register(u64 offset, unsigned size, u64& value, bool consume);

  CharInput* input_;
  CharOutput& output_;
  u64 poll_interval_;
  u64 next_poll_ = 0;
  IrqCallback irq_;

  std::array<u8, kFifoSize> rx_{};
  std::size_t rx_head_ = 0;
  std::size_t rx_count_ = 0;
  u8 ier_ = 0, lcr_ = 0, mcr_ = 0, scr_ = 0, dll_ = 0, dlm_ = 0;
  bool fifo_enabled_ = false;
  std::size_t rx_trigger_ = 1;
  bool overrun_ = false;          // LSR.OE, cleared by reading LSR
  bool thr_ipending_ = false;     // THR-empty interrupt armed, cleared by IIR read/THR write
  bool timeout_pending_ = false;  // character timeout: data below the trigger level sat a tick
  bool irq_level_ = false;
};

}  // namespace rvscope
