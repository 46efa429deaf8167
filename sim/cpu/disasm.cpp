// Disassembler: operand formats from the instruction table, plus objdump's aliases.
#include "sim/cpu/disasm.hpp"

#include <fmt/format.h>

#include "sim/common/bits.hpp"
#include "sim/cpu/decoded_insn.hpp"

namespace rvscope {
namespace {

const char* const kXNames[32] = {"zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2",
                                 "s0",   "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
                                 "a6",   "a7", "s2",  "s3",  "s4", "s5", "s6", "s7",
                                 "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
const char* const kFNames[32] = {"ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",
                                 "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4",  "fa5",
                                 "fa6", "fa7", "fs2",  "fs3",  "fs4", "fs5", "fs6",  "fs7",
                                 "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};
const char* const kRoundingNames[8] = {"rne", "rtz", "rdn", "rup", "rmm", "0x5", "0x6", "dyn"};

struct CsrName {
  u16 number;
  const char* name;
};
constexpr CsrName kCsrNames[] = {
    {0x001, "fflags"},     {0x002, "frm"},        {0x003, "fcsr"},          {0xc00, "cycle"},
    {0xc01, "time"},       {0xc02, "instret"},    {0x100, "sstatus"},       {0x104, "sie"},
    {0x105, "stvec"},      {0x106, "scounteren"}, {0x10a, "senvcfg"},       {0x140, "sscratch"},
    {0x141, "sepc"},       {0x142, "scause"},     {0x143, "stval"},         {0x144, "sip"},
    {0x180, "satp"},       {0xf11, "mvendorid"},  {0xf12, "marchid"},       {0xf13, "mimpid"},
    {0xf14, "mhartid"},    {0xf15, "mconfigptr"}, {0x300, "mstatus"},       {0x301, "misa"},
    {0x302, "medeleg"},    {0x303, "mideleg"},    {0x304, "mie"},           {0x305, "mtvec"},
    {0x306, "mcounteren"}, {0x30a, "menvcfg"},    {0x320, "mcountinhibit"}, {0x340, "mscratch"},
    {0x341, "mepc"},       {0x342, "mcause"},     {0x343, "mtval"},         {0x344, "mip"},
    {0x34a, "mtinst"},     {0x34b, "mtval2"},     {0xb00, "mcycle"},        {0xb02, "minstret"},
    {0x7a0, "tselect"},    {0x7a1, "tdata1"},     {0x7a2, "tdata2"},        {0x7a3, "tdata3"},
    {0x7b0, "dcsr"},       {0x7b1, "dpc"},        {0x7b2, "dscratch0"},     {0x7b3, "dscratch1"},
    {0x14d, "stimecmp"},
};

std::string csr_name_impl(u16 number) {
  for (const auto& entry : kCsrNames) {
    if (entry.number == number) return entry.name;
  }
  if (number >= 0xc03 && number <= 0xc1f) return fmt::format("hpmcounter{}", number - 0xc00);
  if (number >= 0xb03 && number <= 0xb1f) return fmt::format("mhpmcounter{}", number - 0xb00);
  if (number >= 0x323 && number <= 0x33f) return fmt::format("mhpmevent{}", number - 0x320);
  if (number >= 0x3a0 && number <= 0x3af) return fmt::format("pmpcfg{}", number - 0x3a0);
  if (number >= 0x3b0 && number <= 0x3ef) return fmt::format("pmpaddr{}", number - 0x3b0);
  return fmt::format("{:#x}", number);
}

std::string fence_set(unsigned bits4) {
  std::string s;
  if (bits4 & 8) s += 'i';
  if (bits4 & 4) s += 'o';
  if (bits4 & 2) s += 'r';
  if (bits4 & 1) s += 'w';
  return s.empty() ? "0" : s;
}

std::string hex(u64 v) { return fmt::format("{:#x}", v); }

}  // namespace

const char* xreg_name(unsigned r) { return kXNames[r & 31]; }
const char* freg_name(unsigned r) { return kFNames[r & 31]; }
std::string csr_display_name(u16 number) { return csr_name_impl(number); }

std::string disassemble(u32 raw, u64 pc) {
  const DecodedInsn d = decode(raw);
  const bool compressed = d.length == 2;
  if (d.id == InsnId::kIllegal) {
    if (compressed && (raw & 0xffff) == 0) return "unimp";  // c.unimp
    return compressed ? fmt::format(".2byte\t{:#x}", raw & 0xffff)
                      : fmt::format(".4byte\t{:#x}", raw);
  }
  const InsnInfo& info = insn_info(d.id);
  const std::string_view m = info.mnemonic;
  const char* rd = kXNames[d.rd];
  const char* rs1 = kXNames[d.rs1];
  const char* rs2 = kXNames[d.rs2];
  const char* fd = kFNames[d.rd];
  const char* fs1 = kFNames[d.rs1];
  const char* fs2 = kFNames[d.rs2];
  const char* fs3 = kFNames[d.rs3];
  const i64 imm = d.imm;
  const u64 target = pc + static_cast<u64>(imm);
  const std::string rm = d.rm == 7 ? std::string() : std::string(",") + kRoundingNames[d.rm];
  using Id = InsnId;

  // ---- objdump's aliases ----
  switch (d.id) {
    // objdump (binutils 2.40) prints register-immediate ALU and CSR instructions under the
    // register-register mnemonic ("add a0,a0,1"), its aliases for the immediate forms.
    case Id::addi:
      if (d.rd == 0 && d.rs1 == 0 && imm == 0) return "nop";
      if (compressed && d.rd == 0 && d.rs1 == 0) return fmt::format("c.nop\t{}", imm);
      if (d.rs1 == 0) return fmt::format("li\t{},{}", rd, imm);
      if (imm == 0) return fmt::format("mv\t{},{}", rd, rs1);
      return fmt::format("add\t{},{},{}", rd, rs1, imm);
    case Id::addiw:
      if (imm == 0) return fmt::format("sext.w\t{},{}", rd, rs1);
      return fmt::format("addw\t{},{},{}", rd, rs1, imm);
    case Id::xori:
      if (imm == -1) return fmt::format("not\t{},{}", rd, rs1);
      return fmt::format("xor\t{},{},{}", rd, rs1, imm);
    case Id::ori:
      return fmt::format("or\t{},{},{}", rd, rs1, imm);
    case Id::andi:
      if (imm == 255) return fmt::format("zext.b\t{},{}", rd, rs1);
      return fmt::format("and\t{},{},{}", rd, rs1, imm);
    // Conversions that are always exact: objdump shows no rounding mode.
    case Id::fcvt_d_w:
    case Id::fcvt_d_wu:
      return fmt::format("{}\t{},{}", m, fd, rs1);
    case Id::fcvt_d_s:
      return fmt::format("{}\t{},{}", m, fd, fs1);
    case Id::slli:
    case Id::srli:
    case Id::srai:
    case Id::slliw:
    case Id::srliw:
    case Id::sraiw: {
      std::string name(m);
      name.erase(name.find('i'), 1);
      return fmt::format("{}\t{},{},{}", name, rd, rs1, hex(static_cast<u64>(imm)));
    }
    case Id::sltiu:
      if (imm == 1) return fmt::format("seqz\t{},{}", rd, rs1);
      break;
    case Id::add:
      if (compressed && d.rs1 == 0) return fmt::format("mv\t{},{}", rd, rs2);
      break;
    case Id::sub:
      if (d.rs1 == 0) return fmt::format("neg\t{},{}", rd, rs2);
      break;
    case Id::subw:
      if (d.rs1 == 0) return fmt::format("negw\t{},{}", rd, rs2);
      break;
    case Id::sltu:
      if (d.rs1 == 0) return fmt::format("snez\t{},{}", rd, rs2);
      break;
    case Id::slt:
      if (d.rs2 == 0) return fmt::format("sltz\t{},{}", rd, rs1);
      if (d.rs1 == 0) return fmt::format("sgtz\t{},{}", rd, rs2);
      break;
    case Id::beq:
      if (d.rs2 == 0) return fmt::format("beqz\t{},{:x}", rs1, target);
      break;
    case Id::bne:
      if (d.rs2 == 0) return fmt::format("bnez\t{},{:x}", rs1, target);
      break;
    case Id::blt:
      if (d.rs2 == 0) return fmt::format("bltz\t{},{:x}", rs1, target);
      if (d.rs1 == 0) return fmt::format("bgtz\t{},{:x}", rs2, target);
      break;
    case Id::bge:
      if (d.rs2 == 0) return fmt::format("bgez\t{},{:x}", rs1, target);
      if (d.rs1 == 0) return fmt::format("blez\t{},{:x}", rs2, target);
      break;
    case Id::jal:
      if (d.rd == 0) return fmt::format("j\t{:x}", target);
      if (d.rd == 1) return fmt::format("jal\t{:x}", target);
      break;
    case Id::jalr:
      if (d.rd == 0 && d.rs1 == 1 && imm == 0) return "ret";
      if (d.rd == 0) {
        return imm == 0 ? fmt::format("jr\t{}", rs1) : fmt::format("jr\t{}({})", imm, rs1);
      }
      if (d.rd == 1) {
        return imm == 0 ? fmt::format("jalr\t{}", rs1) : fmt::format("jalr\t{}({})", imm, rs1);
      }
      if (imm == 0) return fmt::format("jalr\t{},{}", rd, rs1);
      break;
    case Id::fence:
      if (bits(d.bits, 31, 28) == 8 && bits(d.bits, 27, 20) == 0x33) return "fence.tso";
      if (bits(d.bits, 27, 20) == 0xff) return "fence";
      if (bits(d.bits, 27, 24) == 0 && bits(d.bits, 23, 20) == 1) return "pause";
      return fmt::format("fence\t{},{}", fence_set(bits(d.bits, 27, 24)),
                         fence_set(bits(d.bits, 23, 20)));
    case Id::csrrs: {
      const u16 c = static_cast<u16>(imm);
      if (d.rs1 == 0) {
        if (c == 0xc00) return fmt::format("rdcycle\t{}", rd);
        if (c == 0xc01) return fmt::format("rdtime\t{}", rd);
        if (c == 0xc02) return fmt::format("rdinstret\t{}", rd);
        if (c == 0x003) return fmt::format("frcsr\t{}", rd);
        if (c == 0x002) return fmt::format("frrm\t{}", rd);
        if (c == 0x001) return fmt::format("frflags\t{}", rd);
        return fmt::format("csrr\t{},{}", rd, csr_name_impl(c));
      }
      if (d.rd == 0) return fmt::format("csrs\t{},{}", csr_name_impl(c), rs1);
      break;
    }
    case Id::csrrw: {
      const u16 c = static_cast<u16>(imm);
      if (d.bits == 0xc0001073) return "unimp";  // csrw cycle,zero: the canonical unimp
      if (c == 0x003)
        return d.rd == 0 ? fmt::format("fscsr\t{}", rs1) : fmt::format("fscsr\t{},{}", rd, rs1);
      if (c == 0x002)
        return d.rd == 0 ? fmt::format("fsrm\t{}", rs1) : fmt::format("fsrm\t{},{}", rd, rs1);
      if (c == 0x001)
        return d.rd == 0 ? fmt::format("fsflags\t{}", rs1) : fmt::format("fsflags\t{},{}", rd, rs1);
      if (d.rd == 0) return fmt::format("csrw\t{},{}", csr_name_impl(c), rs1);
      break;
    }
    case Id::csrrc:
      if (d.rd == 0) return fmt::format("csrc\t{},{}", csr_name_impl(static_cast<u16>(imm)), rs1);
      break;
    case Id::csrrwi: {
      const u16 c = static_cast<u16>(imm);
      // fsrmi/fsflagsi always name rd, even x0.
      if (c == 0x002) return fmt::format("fsrmi\t{},{}", rd, d.rs1);
      if (c == 0x001) return fmt::format("fsflagsi\t{},{}", rd, d.rs1);
      if (d.rd == 0) return fmt::format("csrw\t{},{}", csr_name_impl(c), d.rs1);
      return fmt::format("csrrw\t{},{},{}", rd, csr_name_impl(c), d.rs1);
    }
    case Id::csrrsi:
    case Id::csrrci: {
      const char* name = d.id == Id::csrrsi ? "s" : "c";
      const std::string csr = csr_name_impl(static_cast<u16>(imm));
      if (d.rd == 0) return fmt::format("csr{}\t{},{}", name, csr, d.rs1);
      return fmt::format("csrr{}\t{},{},{}", name, rd, csr, d.rs1);
    }
    case Id::fsgnj_s:
    case Id::fsgnj_d:
      if (d.rs1 == d.rs2) return fmt::format("fmv.{}\t{},{}", m.back(), fd, fs1);
      break;
    case Id::fsgnjn_s:
    case Id::fsgnjn_d:
      if (d.rs1 == d.rs2) return fmt::format("fneg.{}\t{},{}", m.back(), fd, fs1);
      break;
    case Id::fsgnjx_s:
    case Id::fsgnjx_d:
      if (d.rs1 == d.rs2) return fmt::format("fabs.{}\t{},{}", m.back(), fd, fs1);
      break;
    default:
      break;
  }

  // ---- plain forms by operand format ----
  std::string name(m);
  switch (info.format) {
    case Format::kR:
      return fmt::format("{}\t{},{},{}", name, rd, rs1, rs2);
    case Format::kI:
      return fmt::format("{}\t{},{},{}", name, rd, rs1, imm);
    case Format::kShift:
    case Format::kShiftW:
      return fmt::format("{}\t{},{},{}", name, rd, rs1, hex(static_cast<u64>(imm)));
    case Format::kLoad:
    case Format::kJalr:
      return fmt::format("{}\t{},{}({})", name, rd, imm, rs1);
    case Format::kStore:
      return fmt::format("{}\t{},{}({})", name, rs2, imm, rs1);
    case Format::kB:
      return fmt::format("{}\t{},{},{:x}", name, rs1, rs2, target);
    case Format::kU:
      return fmt::format("{}\t{},{}", name, rd, hex((static_cast<u64>(imm) >> 12) & 0xfffff));
    case Format::kJ:
      return fmt::format("{}\t{},{:x}", name, rd, target);
    case Format::kNone:
      return name;
    case Format::kFence:
      return name;
    case Format::kCsr:
      return fmt::format("{}\t{},{},{}", name, rd, csr_name_impl(static_cast<u16>(imm)), rs1);
    case Format::kCsrI:
      return fmt::format("{}\t{},{},{}", name, rd, csr_name_impl(static_cast<u16>(imm)), d.rs1);
    case Format::kSfence:
      if (d.rs1 == 0 && d.rs2 == 0) return name;
      if (d.rs2 == 0) return fmt::format("{}\t{}", name, rs1);
      return fmt::format("{}\t{},{}", name, rs1, rs2);
    case Format::kLr:
    case Format::kAmo: {
      const bool aq = bit(d.bits, 26), rl = bit(d.bits, 25);
      name += aq && rl ? ".aqrl" : aq ? ".aq" : rl ? ".rl" : "";
      if (info.format == Format::kLr) return fmt::format("{}\t{},({})", name, rd, rs1);
      return fmt::format("{}\t{},{},({})", name, rd, rs2, rs1);
    }
    case Format::kFLoad:
      return fmt::format("{}\t{},{}({})", name, fd, imm, rs1);
    case Format::kFStore:
      return fmt::format("{}\t{},{}({})", name, fs2, imm, rs1);
    case Format::kFR:
      return fmt::format("{}\t{},{},{}{}", name, fd, fs1, fs2, rm);
    case Format::kFRNoRm:
      return fmt::format("{}\t{},{},{}", name, fd, fs1, fs2);
    case Format::kFR4:
      return fmt::format("{}\t{},{},{},{}{}", name, fd, fs1, fs2, fs3, rm);
    case Format::kF1:
      return fmt::format("{}\t{},{}{}", name, fd, fs1, rm);
    case Format::kFCmp:
      return fmt::format("{}\t{},{},{}", name, rd, fs1, fs2);
    case Format::kFToX:
      return fmt::format("{}\t{},{}{}", name, rd, fs1, rm);
    case Format::kFToXNoRm:
      return fmt::format("{}\t{},{}", name, rd, fs1);
    case Format::kXToF:
      return fmt::format("{}\t{},{}{}", name, fd, rs1, rm);
    case Format::kXToFNoRm:
      return fmt::format("{}\t{},{}", name, fd, rs1);
  }
  return name;
}

}  // namespace rvscope
