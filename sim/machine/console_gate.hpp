// ConsoleGate: the console output with a switch: while reverse execution re-executes the
// past, what the guest prints again was printed already and is dropped.
#pragma once

#include <memory>

#include "sim/devices/char_io.hpp"

namespace rvscope {

class ConsoleGate final : public CharOutput {
 public:
  explicit ConsoleGate(std::unique_ptr<CharOutput> out) : out_(std::move(out)) {}
  void write(const u8* data, std::size_t len) override {
    if (!muted_) out_->write(data, len);
  }
  void flush() override { out_->flush(); }
  void commit() override { out_->commit(); }
  void set_muted(bool muted) {
    out_->flush();
    muted_ = muted;
  }

 private:
  std::unique_ptr<CharOutput> out_;
  bool muted_ = false;
};

}  // namespace rvscope
