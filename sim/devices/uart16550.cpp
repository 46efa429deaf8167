// ns16550a UART: register file, RX FIFO, interrupt identification, console polling.
#include "sim/devices/uart16550.hpp"

namespace rvscope {

namespace {
constexpr std::array<std::size_t, 4> kTriggerLevels = {1, 4, 8, 14};
// MSR as QEMU reports it with no modem attached: DCD, DSR and CTS asserted.
constexpr u8 kMsrIdle = 0xb0;
}  // namespace

Uart16550::Uart16550(CharInput* input, CharOutput& output, u64 poll_interval)
    : input_(input), output_(output), poll_interval_(poll_interval == 0 ? 1 : poll_interval) {}

void Uart16550::rx_push(u8 byte) {
  if (rx_count_ == rx_capacity()) {
    overrun_ = true;  // the new byte is lost, as on the real part
    return;
  }
  rx_[(rx_head_ + rx_count_) % kFifoSize] = byte;
  ++rx_count_;
}

u8 Uart16550::rx_pop() {
  if (rx_count_ == 0) return 0;
  const u8 byte = rx_[rx_head_];
  rx_head_ = (rx_head_ + 1) % kFifoSize;
  --rx_count_;
  return byte;
}

// Interrupt identification in the 16550's priority order; modem-status changes are never
// reported because our modem lines never change.
u8 Uart16550::iir() const {
  u8 id = kIirNone;
  if ((ier_ & kIerRlsi) && overrun_) {
    id = kIirRls;
  } else if ((ier_ & kIerRdi) && rx_count_ > 0 && (!fifo_enabled_ || rx_count_ >= rx_trigger_)) {
    id = kIirRdi;
  } else if ((ier_ & kIerRdi) && rx_count_ > 0 && timeout_pending_) {
    id = kIirTimeout;
  } else if ((ier_ & kIerThri) && thr_ipending_) {
    id = kIirThri;
  }
  return id | (fifo_enabled_ ? kIirFifoBits : 0);
}

// Transmission is instantaneous, so THR and the shift register are always empty.
u8 Uart16550::lsr() const {
  return (rx_count_ > 0 ? kLsrDr : 0) | (overrun_ ? kLsrOe : 0) | kLsrThre | kLsrTemt;
}

// In loopback the modem inputs mirror the outputs: CTS=RTS, DSR=DTR, RI=OUT1, DCD=OUT2.
u8 Uart16550::msr() const {
  if (!(mcr_ & kMcrLoop)) return kMsrIdle;
  return static_cast<u8>(((mcr_ & 0x02) << 3) | ((mcr_ & 0x01) << 5) | ((mcr_ & 0x04) << 4) |
                         ((mcr_ & 0x08) << 4));
}

void Uart16550::update_irq() {
  const bool level = (iir() & kIirNone) == 0;
  if (level != irq_level_) {
    irq_level_ = level;
    if (irq_) irq_(level);
  }
}

bool Uart16550::read(u64 offset, unsigned size, u64& value) {
  return read_register(offset, size, value, true);
}

bool Uart16550::peek(u64 offset, unsigned size, u64& value) {
  return read_register(offset, size, value, false);
}

bool Uart16550::read_register(u64 offset, unsigned size, u64& value, bool consume) {
  if (size != 1 && size != 2 && size != 4 && size != 8) return false;
  const bool dlab = lcr_ & kLcrDlab;
  u8 result = 0;
  switch (offset & 7) {
    case kRbrThr:
      if (dlab) {
        result = dll_;
      } else if (!consume) {
        result = rx_count_ > 0 ? rx_[rx_head_] : 0;
      } else {
        result = rx_pop();
        timeout_pending_ = false;
      }
      break;
    case kIer:
      result = dlab ? dlm_ : ier_;
      break;
    case kIirFcr:
      result = iir();
      // Reading IIR while it reports THR empty acknowledges that interrupt.
      if (consume && (result & 0x0f) == kIirThri) thr_ipending_ = false;
      break;
    case kLcr:
      result = lcr_;
      break;
    case kMcr:
      result = mcr_;
      break;
    case kLsr:
      result = lsr();
      if (consume) overrun_ = false;
      break;
    case kMsr:
      result = msr();
      break;
    case kScr:
      result = scr_;
      break;
  }
  value = result;
  if (consume) update_irq();
  return true;
}

bool Uart16550::write(u64 offset, unsigned size, u64 value) {
  if (size != 1 && size != 2 && size != 4 && size != 8) return false;
  const bool dlab = lcr_ & kLcrDlab;
  const u8 v = static_cast<u8>(value);
  switch (offset & 7) {
    case kRbrThr:
      if (dlab) {
        dll_ = v;
      } else {
        if (mcr_ & kMcrLoop) {
          rx_push(v);
        } else {
          output_.put(v);
        }
        thr_ipending_ = true;  // the byte left at once: THR is empty again
      }
      break;
    case kIer:
      if (dlab) {
        dlm_ = v;
      } else {
        const u8 old = ier_;
        ier_ = v & 0x0f;
        // Enabling the THR-empty interrupt while THR is empty raises it at once; drivers
        // toggle this bit to restart transmission.
        if ((ier_ & kIerThri) && !(old & kIerThri)) thr_ipending_ = true;
        if (!(ier_ & kIerThri)) thr_ipending_ = false;
      }
      break;
    case kIirFcr: {
      const bool enable = v & 0x01;
      if (enable != fifo_enabled_ || (v & 0x02)) {
        rx_head_ = rx_count_ = 0;
        timeout_pending_ = false;
      }
      fifo_enabled_ = enable;
      rx_trigger_ = kTriggerLevels[v >> 6];
      break;
    }
    case kLcr:
      lcr_ = v;
      break;
    case kMcr:
      mcr_ = v & 0x1f;
      break;
    case kLsr:
    case kMsr:
      break;  // read-only
    case kScr:
      scr_ = v;
      break;
  }
  update_irq();
  return true;
}

bool Uart16550::save_state(StateWriter& out) const {
  output_.flush();
  out.put(next_poll_);
  out.put_bytes(rx_.data(), rx_.size());
  out.put<u64>(rx_head_);
  out.put<u64>(rx_count_);
  for (const u8 reg : {ier_, lcr_, mcr_, scr_, dll_, dlm_}) out.put(reg);
  out.put<u64>(rx_trigger_);
  for (const bool flag : {fifo_enabled_, overrun_, thr_ipending_, timeout_pending_, irq_level_})
    out.put<u8>(flag);
  return true;
}

void Uart16550::restore_state(StateReader& in) {
  in.get(next_poll_);
  in.get_bytes(rx_.data(), rx_.size());
  rx_head_ = in.get_below<u64>(kFifoSize, "rx_head");
  rx_count_ = in.get_below<u64>(kFifoSize + 1, "rx_count");
  for (u8* reg : {&ier_, &lcr_, &mcr_, &scr_, &dll_, &dlm_}) in.get(*reg);
  rx_trigger_ = in.get_below<u64>(kFifoSize + 1, "rx_trigger");
  for (bool* flag : {&fifo_enabled_, &overrun_, &thr_ipending_, &timeout_pending_, &irq_level_})
    *flag = in.get_below<u8>(2, "flag") != 0;
}

void Uart16550::tick(u64 mtime) {
  if (mtime < next_poll_) return;
  next_poll_ = mtime + poll_interval_;
  output_.flush();
  std::size_t got = 0;
  // Read only what fits: the rest stays in the host's buffer, so a flood of input neither
  // overruns the FIFO nor grows our memory.
  if (input_ != nullptr && !(mcr_ & kMcrLoop) && rx_count_ < rx_capacity()) {
    std::array<u8, kFifoSize> buf{};
    got = input_->read(buf.data(), rx_capacity() - rx_count_);
    for (std::size_t i = 0; i < got; ++i) rx_push(buf[i]);
  }
  if (got == 0 && rx_count_ > 0) timeout_pending_ = true;
  update_irq();
}

u64 Uart16550::next_event(u64 /*mtime*/) const {
  const bool input_live = input_ != nullptr && !input_->at_eof();
  const bool timeout_due = rx_count_ > 0 && !timeout_pending_;
  if (!input_live && !timeout_due) return ~0ull;
  return next_poll_;
}

}  // namespace rvscope
