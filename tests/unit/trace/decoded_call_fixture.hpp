// DecodedCallTest: a fake guest and the whole strace line of one decoded syscall, for the
// decoder and strace-format tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "sim/trace/strace_format.hpp"
#include "sim/trace/syscall_decoder.hpp"
#include "tests/unit/trace/fake_guest.hpp"

namespace rvscope::trace::testing {

class DecodedCallTest : public ::testing::Test {
 protected:
  FakeGuest guest;
  GuestMemory mem{guest, 0};

  std::string whole(SyscallArgs s, u64 ret) {
    return format_syscall_entry(mem, s) + format_syscall_exit(mem, s, ret) + " = " +
           format_syscall_return(s.number, ret);
  }
};

}  // namespace rvscope::trace::testing
