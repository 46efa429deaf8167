// SiFive test finisher: status in bits 15:0 of a write to offset 0, fail code in bits 31:16.
#include "sim/devices/sifive_test.hpp"

namespace rvscope {

namespace {
// QEMU's sifive_test accepts 2- and 4-byte accesses only.
bool valid_access(u64 offset, unsigned size) {
  return (size == 2 || size == 4) && offset % size == 0 && offset + size <= 0x1000;
}
}  // namespace

bool SifiveTest::save_state(StateWriter& out) const {
  out.put<u8>(static_cast<u8>(request_));
  out.put<i32>(exit_code_);
  return true;
}

void SifiveTest::restore_state(StateReader& in) {
  request_ = static_cast<Request>(in.get_below<u8>(4, "request"));
  exit_code_ = in.get<i32>();
}

bool SifiveTest::read(u64 offset, unsigned size, u64& value) {
  if (!valid_access(offset, size)) return false;
  value = 0;
  return true;
}

bool SifiveTest::write(u64 offset, unsigned size, u64 value) {
  if (!valid_access(offset, size)) return false;
  if (offset != 0) return true;  // unused space: ignored, as QEMU does
  switch (value & 0xffff) {
    case kPass:
      request_ = Request::kPass;
      exit_code_ = 0;
      break;
    case kFail:
      request_ = Request::kFail;
      exit_code_ = static_cast<int>((value >> 16) & 0xffff);
      break;
    case kReset:
      request_ = Request::kReset;
      exit_code_ = 0;
      break;
    default:
      return true;  // unknown status values are ignored
  }
  if (on_request_) on_request_();
  return true;
}

}  // namespace rvscope
