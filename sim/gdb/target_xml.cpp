// The riscv:rv64 target description (target.xml) gdb reads through qXfer:features:read.
#include "sim/gdb/target_xml.hpp"

#include <fmt/format.h>

#include <array>

namespace rvscope::gdb {

namespace {

constexpr std::array<const char*, kNumGprs> kGprNames = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "fp", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

constexpr std::array<const char*, kNumFprs> kFprNames = {
    "ft0", "ft1", "ft2", "ft3", "ft4",  "ft5",  "ft6", "ft7", "fs0",  "fs1", "fa0",
    "fa1", "fa2", "fa3", "fa4", "fa5",  "fa6",  "fa7", "fs2", "fs3",  "fs4", "fs5",
    "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};

// Types follow gdb's own features/riscv/64bit-*.xml so gdb prints pointers and doubles the
// way it does for a native target.
const char* gpr_type(unsigned i) {
  if (i == 1) return "code_ptr";
  if (i >= 2 && i <= 4) return "data_ptr";
  if (i == 8) return "data_ptr";
  return "int";
}

bool is_fp_csr(u16 csr) { return csr >= 0x001 && csr <= 0x003; }

// CSR names come from the machine; anything that could break the XML is left out.
bool is_safe_name(const std::string& name) {
  if (name.empty() || name.size() > 32) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string build_target_xml(bool has_fpu, const std::vector<CsrInfo>& csrs) {
  std::string xml =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
      "<target version=\"1.0\">\n"
      "<architecture>riscv:rv64</architecture>\n"
      // A whole machine, not a Linux process: without this gdb takes its default OS ABI
      // (GNU/Linux on Debian), whose software single-step plants a breakpoint at pc + 4 and
      // so runs away on mret, sret and ecall. With "none" gdb steps with vCont;s and the
      // machine executes exactly one instruction, following traps and xRETs.
      "<osabi>none</osabi>\n"
      "<feature name=\"org.gnu.gdb.riscv.cpu\">\n";
  // Explicit regnum on every register: gdb would otherwise number them in document order,
  // and fflags (66) would not follow f31 (64) directly.
  for (unsigned i = 0; i < kNumGprs; ++i) {
    xml += fmt::format("  <reg name=\"{}\" bitsize=\"64\" type=\"{}\" regnum=\"{}\"/>\n",
                       kGprNames[i], gpr_type(i), kRegX0 + i);
  }
  xml +=
      fmt::format("  <reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"{}\"/>\n", kRegPc);
  xml += "</feature>\n";
  if (has_fpu) {
    xml +=
        "<feature name=\"org.gnu.gdb.riscv.fpu\">\n"
        "  <union id=\"riscv_double\">\n"
        "    <field name=\"float\" type=\"ieee_single\"/>\n"
        "    <field name=\"double\" type=\"ieee_double\"/>\n"
        "  </union>\n";
    for (unsigned i = 0; i < kNumFprs; ++i) {
      xml +=
          fmt::format("  <reg name=\"{}\" bitsize=\"64\" type=\"riscv_double\" regnum=\"{}\"/>\n",
                      kFprNames[i], kRegF0 + i);
    }
    xml += fmt::format("  <reg name=\"fflags\" bitsize=\"32\" type=\"int\" regnum=\"{}\"/>\n",
                       kRegFflags);
    xml +=
        fmt::format("  <reg name=\"frm\" bitsize=\"32\" type=\"int\" regnum=\"{}\"/>\n", kRegFrm);
    xml +=
        fmt::format("  <reg name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"{}\"/>\n", kRegFcsr);
    xml += "</feature>\n";
  }
  xml += fmt::format(
      "<feature name=\"org.gnu.gdb.riscv.virtual\">\n"
      "  <reg name=\"priv\" bitsize=\"64\" type=\"int\" regnum=\"{}\"/>\n"
      "</feature>\n",
      kRegPriv);
  xml += "<feature name=\"org.gnu.gdb.riscv.csr\">\n";
  for (const CsrInfo& csr : csrs) {
    if (is_fp_csr(csr.number) || csr.number > 0xfff || !is_safe_name(csr.name)) continue;
    xml += fmt::format("  <reg name=\"{}\" bitsize=\"64\" type=\"int\" regnum=\"{}\"/>\n", csr.name,
                       kRegCsrBase + csr.number);
  }
  xml += "</feature>\n</target>\n";
  return xml;
}

}  // namespace rvscope::gdb
