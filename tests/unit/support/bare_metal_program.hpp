// Unit tests' bare-metal guest programs: assembly after a _start label, assembled and linked
// with the cross toolchain into an ELF with HTIF tohost/fromhost, as the ISA tests are.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace rvscope::test {

// The ELF's path, or "" when the toolchain failed. CTest runs tests in parallel processes, and
// some share a program: the files are one per process.
inline std::string build_bare_metal(const std::string& name, const std::string& body) {
  const std::string base = ::testing::TempDir() + "/" + name + "_" + std::to_string(getpid());
  const std::string src = base + ".S", elf = base + ".elf";
  std::ofstream(src) << ".section .text.init\n.globl _start\n_start:\n"
                     << body
                     << "\n.section .tohost,\"aw\",@progbits\n.align 6\n.globl tohost\n"
                        "tohost: .dword 0\n.globl fromhost\nfromhost: .dword 0\n";
  const std::string cmd =
      "riscv64-unknown-elf-gcc -nostdlib -nostartfiles -march=rv64gc "
      "-mabi=lp64d -T " RVSCOPE_SOURCE_DIR "/tests/isa/link.ld -o " +
      elf + " " + src;
  if (std::system(cmd.c_str()) != 0) return "";
  return elf;
}

}  // namespace rvscope::test
