// A tiny assembler for the loop kernels: just the mnemonics they use, turned into events.
#include "kernel_program.hpp"

#include <array>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace rvscope::timing::test {

namespace {

enum class Fmt { kR, kI, kU, kLoad, kStore, kB, kBz, kJ, kR4, kR1 };

struct Spec {
  TimingClass cls;
  Fmt fmt;
  bool fp_rd = false, fp_rs = false;
  u32 bits = 0;  // the fields the issue rule's classification reads: funct5 and fmt for FP, funct5
                 // for LR/SC
  u8 size = 8;
};

constexpr u32 fp(u32 funct5, bool dbl) { return (funct5 << 27) | (dbl ? 1u << 25 : 0u); }

const std::map<std::string, Spec>& specs() {
  static const std::map<std::string, Spec> table = {
      {"add", {TimingClass::kAlu, Fmt::kR}},
      {"addw", {TimingClass::kAlu, Fmt::kR}},
      {"sub", {TimingClass::kAlu, Fmt::kR}},
      {"xor", {TimingClass::kAlu, Fmt::kR}},
      {"and", {TimingClass::kAlu, Fmt::kR}},
      {"or", {TimingClass::kAlu, Fmt::kR}},
      {"addi", {TimingClass::kAlu, Fmt::kI}},
      {"slli", {TimingClass::kAlu, Fmt::kI}},
      {"srli", {TimingClass::kAlu, Fmt::kI}},
      {"lui", {TimingClass::kAlu, Fmt::kU}},
      {"mul", {TimingClass::kMul, Fmt::kR}},
      {"mulw", {TimingClass::kMul, Fmt::kR}},
      {"div", {TimingClass::kDiv, Fmt::kR}},
      {"divu", {TimingClass::kDiv, Fmt::kR}},
      {"rem", {TimingClass::kDiv, Fmt::kR}},
      {"ld", {TimingClass::kLoad, Fmt::kLoad}},
      {"lw", {TimingClass::kLoad, Fmt::kLoad, false, false, 0, 4}},
      {"lh", {TimingClass::kLoad, Fmt::kLoad, false, false, 0, 2}},
      {"lhu", {TimingClass::kLoad, Fmt::kLoad, false, false, 0, 2}},
      {"lb", {TimingClass::kLoad, Fmt::kLoad, false, false, 0, 1}},
      {"lbu", {TimingClass::kLoad, Fmt::kLoad, false, false, 0, 1}},
      {"sd", {TimingClass::kStore, Fmt::kStore}},
      {"sw", {TimingClass::kStore, Fmt::kStore, false, false, 0, 4}},
      {"fld", {TimingClass::kFpLoad, Fmt::kLoad, true, false}},
      {"fsd", {TimingClass::kFpStore, Fmt::kStore, false, true}},
      {"fadd.d", {TimingClass::kFpAdd, Fmt::kR, true, true, fp(0, true)}},
      {"fsub.d", {TimingClass::kFpAdd, Fmt::kR, true, true, fp(1, true)}},
      {"fadd.s", {TimingClass::kFpAdd, Fmt::kR, true, true, fp(0, false)}},
      {"fmul.d", {TimingClass::kFpMul, Fmt::kR, true, true, fp(2, true)}},
      {"fmul.s", {TimingClass::kFpMul, Fmt::kR, true, true, fp(2, false)}},
      {"fmadd.d", {TimingClass::kFpFma, Fmt::kR4, true, true, fp(0, true)}},
      {"fmadd.s", {TimingClass::kFpFma, Fmt::kR4, true, true, fp(0, false)}},
      {"fdiv.d", {TimingClass::kFpDiv, Fmt::kR, true, true, fp(3, true)}},
      {"fdiv.s", {TimingClass::kFpDiv, Fmt::kR, true, true, fp(3, false)}},
      {"fsqrt.d", {TimingClass::kFpSqrt, Fmt::kR1, true, true, fp(11, true)}},
      {"fsgnj.d", {TimingClass::kFpAdd, Fmt::kR, true, true, fp(4, true)}},
      {"beq", {TimingClass::kBranch, Fmt::kB}},
      {"bne", {TimingClass::kBranch, Fmt::kB}},
      {"blt", {TimingClass::kBranch, Fmt::kB}},
      {"bnez", {TimingClass::kBranch, Fmt::kBz}},
      {"beqz", {TimingClass::kBranch, Fmt::kBz}},
      {"j", {TimingClass::kJump, Fmt::kJ}},
  };
  return table;
}

u8 reg_number(const std::string& name, bool fp_reg) {
  static const std::array<const char*, 32> x = {"zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2",
                                                "s0",   "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
                                                "a6",   "a7", "s2",  "s3",  "s4", "s5", "s6", "s7",
                                                "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
  static const std::array<const char*, 32> f = {
      "ft0", "ft1", "ft2", "ft3", "ft4",  "ft5",  "ft6", "ft7", "fs0",  "fs1", "fa0",
      "fa1", "fa2", "fa3", "fa4", "fa5",  "fa6",  "fa7", "fs2", "fs3",  "fs4", "fs5",
      "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};
  const auto& names = fp_reg ? f : x;
  for (u8 i = 0; i < 32; ++i) {
    if (name == names[i]) return fp_reg ? static_cast<u8>(kFpRegBase + i) : i;
  }
  throw std::runtime_error("unknown register '" + name + "'");
}

}  // namespace

KernelProgram parse_kernel(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  KernelProgram prog;
  std::map<std::string, int> labels;
  std::vector<std::pair<std::size_t, std::string>> fixups;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const std::string where = path + ":" + std::to_string(line_no) + ": ";
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    for (char& c : line) {
      if (c == ',' || c == '(' || c == ')' || c == '\t') c = ' ';
    }
    std::istringstream words(line);
    std::string mnemonic;
    if (!(words >> mnemonic)) continue;
    if (mnemonic.back() == ':') {
      labels[mnemonic.substr(0, mnemonic.size() - 1)] = static_cast<int>(prog.insns.size());
      continue;
    }
    const auto it = specs().find(mnemonic);
    if (it == specs().end()) throw std::runtime_error(where + "unsupported '" + mnemonic + "'");
    const Spec& s = it->second;
    std::vector<std::string> ops;
    for (std::string w; words >> w;) ops.push_back(w);
    KernelInsn k;
    k.text = mnemonic;
    RetireEvent& e = k.event;
    e.timing_class = s.cls;
    e.bits = s.bits;
    e.pc = 0x80000000 + 4 * prog.insns.size();
    e.priv = e.next_priv = Priv::kUser;
    auto need = [&](std::size_t n) {
      if (ops.size() != n) throw std::runtime_error(where + "wrong operand count");
    };
    try {
      switch (s.fmt) {
        case Fmt::kR:
          need(3);
          e.rd = reg_number(ops[0], s.fp_rd);
          e.rs1 = reg_number(ops[1], s.fp_rs);
          e.rs2 = reg_number(ops[2], s.fp_rs);
          if (mnemonic == "add") k.op = KernelInsn::Op::kAdd;
          break;
        case Fmt::kR1:
          need(2);
          e.rd = reg_number(ops[0], s.fp_rd);
          e.rs1 = reg_number(ops[1], s.fp_rs);
          break;
        case Fmt::kR4:
          need(4);
          e.rd = reg_number(ops[0], true);
          e.rs1 = reg_number(ops[1], true);
          e.rs2 = reg_number(ops[2], true);
          e.rs3 = reg_number(ops[3], true);
          break;
        case Fmt::kI:
          need(3);
          e.rd = reg_number(ops[0], false);
          e.rs1 = reg_number(ops[1], false);
          k.imm = std::stoll(ops[2], nullptr, 0);
          if (mnemonic == "addi") k.op = KernelInsn::Op::kAddi;
          break;
        case Fmt::kU:
          need(2);
          e.rd = reg_number(ops[0], false);
          break;
        case Fmt::kLoad:
        case Fmt::kStore:
          need(3);
          if (s.fmt == Fmt::kLoad) {
            e.rd = reg_number(ops[0], s.fp_rd);
          } else {
            e.rs2 = reg_number(ops[0], s.fp_rs);
          }
          k.mem_offset = std::stoll(ops[1], nullptr, 0);
          k.mem_base = reg_number(ops[2], false);
          e.rs1 = k.mem_base;
          k.has_mem = true;
          k.mem_store = s.fmt == Fmt::kStore;
          k.mem_size = s.size;
          break;
        case Fmt::kB:
          need(3);
          e.rs1 = reg_number(ops[0], false);
          e.rs2 = reg_number(ops[1], false);
          fixups.emplace_back(prog.insns.size(), ops[2]);
          break;
        case Fmt::kBz:
          need(2);
          e.rs1 = reg_number(ops[0], false);
          fixups.emplace_back(prog.insns.size(), ops[1]);
          break;
        case Fmt::kJ:
          need(1);
          e.rd = 0;
          fixups.emplace_back(prog.insns.size(), ops[0]);
          break;
      }
    } catch (const std::invalid_argument&) {
      throw std::runtime_error(where + "bad number");
    } catch (const std::runtime_error& err) {
      throw std::runtime_error(where + err.what());
    }
    e.rd_written = e.rd != kNoReg && e.rd != 0;
    prog.insns.push_back(k);
  }
  for (const auto& [index, label] : fixups) {
    const auto it = labels.find(label);
    if (it == labels.end()) throw std::runtime_error(path + ": undefined label " + label);
    prog.insns[index].target = it->second;
  }
  if (prog.insns.empty()) throw std::runtime_error(path + ": no instructions");
  return prog;
}

std::vector<RetireEvent> kernel_events(const KernelProgram& program, unsigned iterations) {
  std::vector<RetireEvent> out;
  const std::size_t n = program.insns.size();
  out.reserve(n * iterations);
  u64 instret = 0;
  for (unsigned it = 0; it < iterations; ++it) {
    std::array<u64, 64> regs{};
    for (std::size_t r = 1; r < 32; ++r) regs[r] = 0x80100000 + 0x1000 * r;
    const bool last = it + 1 == iterations;
    std::size_t i = 0;
    while (i < n) {
      const KernelInsn& k = program.insns[i];
      RetireEvent e = k.event;
      e.instret = ++instret;
      std::size_t next = i + 1;
      if (k.has_mem) {
        MemAccess& a = e.mem[0];
        e.num_mem = 1;
        a.vaddr = a.paddr = regs[k.mem_base] + static_cast<u64>(k.mem_offset);
        a.size = k.mem_size;
        a.is_store = k.mem_store;
      }
      if (k.target >= 0) {
        const u64 target = program.insns[static_cast<std::size_t>(k.target)].event.pc;
        const bool backward = static_cast<std::size_t>(k.target) <= i;
        const bool taken = e.timing_class == TimingClass::kJump || (backward && !last);
        e.is_branch = e.timing_class == TimingClass::kBranch;
        e.taken = taken;
        e.next_pc = taken ? target : e.pc + 4;
        if (taken && !backward) next = static_cast<std::size_t>(k.target);
      } else {
        e.next_pc = e.pc + 4;
      }
      if (k.op == KernelInsn::Op::kAddi) regs[e.rd] = regs[e.rs1] + static_cast<u64>(k.imm);
      if (k.op == KernelInsn::Op::kAdd) regs[e.rd] = regs[e.rs1] + regs[e.rs2];
      regs[0] = 0;
      out.push_back(e);
      if (k.target >= 0 && static_cast<std::size_t>(k.target) <= i) break;  // loop closes
      i = next;
    }
  }
  return out;
}

}  // namespace rvscope::timing::test
