// SiFive test finisher (QEMU virt 0x100000): the guest writes here to pass, fail or reset.
#pragma once

#include <functional>

#include "sim/devices/device.hpp"

namespace rvscope {

class SifiveTest final : public Device {
 public:
  enum class Request { kNone, kPass, kFail, kReset };
  static constexpr u32 kFail = 0x3333;
  static constexpr u32 kPass = 0x5555;
  static constexpr u32 kReset = 0x7777;

  std::string_view name() const override { return "sifive_test"; }
  bool read(u64 offset, unsigned size, u64& value) override;
  bool write(u64 offset, unsigned size, u64 value) override;
  bool peek(u64 offset, unsigned size, u64& value) override { return read(offset, size, value); }

  // What the guest last asked for; the machine stops (or resets) the run when it sees one.
  bool save_state(StateWriter& out) const override;
  void restore_state(StateReader& in) override;

  // Called when a write makes a request: the machine looks for one between slices, so the
  // running slice must end there.
  void set_on_request(std::function<void()> on_request) { on_request_ = std::move(on_request); }
  Request request() const { return request_; }
  bool stop_requested() const { return request_ == Request::kPass || request_ == Request::kFail; }
  bool reset_requested() const { return request_ == Request::kReset; }
  // 0 for pass, the guest's code (bits 31:16 of the write) for fail.
  int exit_code() const { return exit_code_; }
  void clear() {
    request_ = Request::kNone;
    exit_code_ = 0;
  }

 private:
  Request request_ = Request::kNone;
  int exit_code_ = 0;
  std::function<void()> on_request_;
};

}  // namespace rvscope
