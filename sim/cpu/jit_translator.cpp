// x86-64 code generation for blocks: integer ALU, M, branches, jumps and soft-TLB loads and
// stores inline; other computation through the interpreter's execute bodies; the rest left
// to the interpreter.
#include "sim/cpu/jit_translator.hpp"

#include "sim/cpu/decode_cache.hpp"
#include "sim/cpu/insn_info.hpp"

#if defined(RVSCOPE_HAVE_ASMJIT) && defined(__x86_64__)
#include <asmjit/x86.h>

#include <vector>

namespace rvscope {

namespace {

using namespace asmjit;

// Fixed host registers of a block (callee-saved, so helper calls keep them).
const x86::Gp kRegs = x86::rbx;      // guest x[0..32]
const x86::Gp kLoadTlb = x86::r12;   // active soft TLB, loads
const x86::Gp kStoreTlb = x86::r13;  // active soft TLB, stores
const x86::Gp kPcBase = x86::r14;    // virtual pc of the block's first instruction
const x86::Gp kHart = x86::r15;
const x86::Gp kBudget = x86::rbp;  // instructions the slice has left

constexpr unsigned kMaxBlockInsns = 64;

x86::Mem reg(unsigned r) { return x86::qword_ptr(kRegs, static_cast<i32>(r * 8)); }
x86::Mem reg32(unsigned r) { return x86::dword_ptr(kRegs, static_cast<i32>(r * 8)); }

class FirstError final : public ErrorHandler {
 public:
  void handleError(Error err, const char*, BaseEmitter*) override {
    if (error == kErrorOk) error = err;
  }
  Error error = kErrorOk;
};

// An exit placed after the block's straight-line code.
struct PendingExit {
  Label label;
  i32 pc_offset;  // from the block's first pc
  u32 retired;    // instructions retired on the path to this exit
  bool interpret_next;
  bool pc_in_rax;  // jalr: the target is already in rax
  bool take_back;  // after a body that called out: the loop takes the count from the hart
};

class Emitter {
 public:
  Emitter(x86::Assembler& a, const JitSlot* page_slots, unsigned first, const JitHartLayout& hart)
      : a_(a), page_slots_(page_slots), first_(first), hart_(hart) {}

  // False when the instruction is left to the interpreter (nothing emitted).
  bool emit(const DecodedInsn& d, i32 off, unsigned retired_before, bool& ends_block);
  void exit_here(i32 pc_offset, u32 retired, bool interpret_next = false) {
    a_.jmp(exit_later(pc_offset, retired, interpret_next));
  }
  Label exit_later(i32 pc_offset, u32 retired, bool interpret_next = false,
                   bool pc_in_rax = false) {
    Label l = a_.newLabel();
    pending_.push_back({l, pc_offset, retired, interpret_next, pc_in_rax, false});
    return l;
  }
  void prologue() {
    epilogue_ = a_.newLabel();
    a_.push(x86::rbx);
    a_.push(x86::rbp);
    a_.push(x86::r12);
    a_.push(x86::r13);
    a_.push(x86::r14);
    a_.push(x86::r15);
    a_.sub(x86::rsp, 8);  // 16-byte aligned for helper calls
    a_.mov(kRegs, x86::rdi);
    a_.mov(kLoadTlb, x86::rsi);
    a_.mov(kStoreTlb, x86::rdx);
    a_.mov(kPcBase, x86::rcx);
    a_.mov(kHart, x86::r8);
    a_.mov(kBudget, x86::r9);
    // Every block's prologue is the same code, so every block's body starts at this offset.
    chain_entry_ = static_cast<u32>(a_.offset());
  }
  u32 chain_entry() const { return chain_entry_; }
  void finish() {
    for (const PendingExit& e : pending_) {
      a_.bind(e.label);
      if (e.take_back) {  // next pc in rax; the count is in the hart's budget_
        a_.mov(x86::rdx, kJitTakeBack);
        a_.jmp(epilogue_);
        continue;
      }
      if (e.retired != 0) a_.sub(kBudget, e.retired);
      if (e.pc_in_rax) {
        chain_dynamic();
      } else {
        if (!e.interpret_next) chain_static(e.pc_offset);
        a_.lea(x86::rax, x86::ptr(kPcBase, e.pc_offset));
      }
      a_.mov(x86::rdx, kBudget);
      if (e.interpret_next) a_.bts(x86::rdx, 63);
      a_.jmp(epilogue_);
    }
    a_.bind(epilogue_);
    a_.add(x86::rsp, 8);
    a_.pop(x86::r15);
    a_.pop(x86::r14);
    a_.pop(x86::r13);
    a_.pop(x86::r12);
    a_.pop(x86::rbp);
    a_.pop(x86::rbx);
    a_.ret();
  }

 private:
  // Chaining: when the next pc is on this page and its block is translated and fits in the
  // budget left, jump straight into that block's body (past its prologue), as the loop's
  // dispatch would have called it. Otherwise fall through to the return to the loop.
  void chain_static(i32 pc_offset) {
    const i64 target = static_cast<i64>(first_) + pc_offset / 2;
    if (pc_offset % 2 != 0 || target < 0 || target >= DecodedPage::kSlots) return;
    const Label no = a_.newLabel();
    a_.mov(x86::rcx, reinterpret_cast<u64>(&page_slots_[target]));
    a_.mov(x86::rax, x86::qword_ptr(x86::rcx, offsetof(JitSlot, code)));
    a_.test(x86::rax, x86::rax);
    a_.jz(no);
    a_.movzx(x86::edx, x86::word_ptr(x86::rcx, offsetof(JitSlot, insns)));
    a_.cmp(kBudget, x86::rdx);
    a_.jl(no);
    a_.add(kPcBase, pc_offset);
    a_.add(x86::rax, chain_entry_);
    a_.jmp(x86::rax);
    a_.bind(no);
  }
  // The same for a target computed at run time (jalr), already in rax.
  void chain_dynamic() {
    const Label no = a_.newLabel();
    a_.mov(x86::rcx, x86::rax);
    a_.xor_(x86::rcx, kPcBase);
    a_.test(x86::rcx, Imm(-4096));
    a_.jnz(no);  // another page
    a_.mov(x86::ecx, x86::eax);
    a_.and_(x86::ecx, 0xffe);
    a_.mov(x86::rdx, reinterpret_cast<u64>(page_slots_));
    static_assert(sizeof(JitSlot) == 16, "slot index (halfwords) * 8 is its byte offset");
    a_.lea(x86::rcx, x86::ptr(x86::rdx, x86::rcx, 3));
    a_.mov(x86::rdx, x86::qword_ptr(x86::rcx, offsetof(JitSlot, code)));
    a_.test(x86::rdx, x86::rdx);
    a_.jz(no);
    a_.movzx(x86::r8d, x86::word_ptr(x86::rcx, offsetof(JitSlot, insns)));
    a_.cmp(kBudget, x86::r8);
    a_.jl(no);
    a_.mov(kPcBase, x86::rax);
    a_.add(x86::rdx, chain_entry_);
    a_.jmp(x86::rdx);
    a_.bind(no);
  }

  void alu_rr(const DecodedInsn& d, InstId op) {
    a_.mov(x86::rax, reg(d.rs1));
    a_.emit(op, x86::rax, reg(d.rs2));
    a_.mov(reg(d.rd), x86::rax);
  }
  void alu_ri(const DecodedInsn& d, InstId op) {
    a_.mov(x86::rax, reg(d.rs1));
    a_.emit(op, x86::rax, Imm(d.imm));
    a_.mov(reg(d.rd), x86::rax);
  }
  void alu_rr_w(const DecodedInsn& d, InstId op) {
    a_.mov(x86::eax, reg32(d.rs1));
    a_.emit(op, x86::eax, reg32(d.rs2));
    a_.movsxd(x86::rax, x86::eax);
    a_.mov(reg(d.rd), x86::rax);
  }
  void shift_rr(const DecodedInsn& d, InstId op, bool word) {
    a_.mov(x86::rcx, reg(d.rs2));
    if (word) {
      a_.mov(x86::eax, reg32(d.rs1));
      a_.emit(op, x86::eax, x86::cl);  // x86 masks a 32-bit count to 5 bits, as RV64 does
      a_.movsxd(x86::rax, x86::eax);
    } else {
      a_.mov(x86::rax, reg(d.rs1));
      a_.emit(op, x86::rax, x86::cl);  // and a 64-bit count to 6 bits
    }
    a_.mov(reg(d.rd), x86::rax);
  }
  void shift_ri(const DecodedInsn& d, InstId op, bool word) {
    if (word) {
      a_.mov(x86::eax, reg32(d.rs1));
      a_.emit(op, x86::eax, Imm(d.imm & 31));
      a_.movsxd(x86::rax, x86::eax);
    } else {
      a_.mov(x86::rax, reg(d.rs1));
      a_.emit(op, x86::rax, Imm(d.imm & 63));
    }
    a_.mov(reg(d.rd), x86::rax);
  }
  void set_cc(const DecodedInsn& d, InstId setcc, bool with_imm) {
    a_.xor_(x86::ecx, x86::ecx);
    a_.mov(x86::rax, reg(d.rs1));
    if (with_imm) {
      a_.cmp(x86::rax, Imm(d.imm));
    } else {
      a_.cmp(x86::rax, reg(d.rs2));
    }
    a_.emit(setcc, x86::cl);
    a_.mov(reg(d.rd), x86::rcx);
  }
  void branch(const DecodedInsn& d, InstId jcc, i32 off, unsigned retired_before) {
    a_.mov(x86::rax, reg(d.rs1));
    a_.cmp(x86::rax, reg(d.rs2));
    const Label taken = exit_later(off + static_cast<i32>(d.imm), retired_before + 1);
    a_.emit(jcc, taken);
  }
  // The soft TLB's fast path exactly as Mmu::load/store take it: the tag compare includes
  // the misalignment bits, so a misaligned access misses too and goes to the interpreter.
  void address(const DecodedInsn& d, unsigned size, const x86::Gp& tlb, i32 off,
               unsigned retired_before) {
    a_.mov(x86::rax, reg(d.rs1));
    if (d.imm != 0) a_.add(x86::rax, Imm(d.imm));
    a_.mov(x86::rcx, x86::rax);
    a_.shr(x86::rcx, 12 - 4);
    a_.and_(x86::ecx, (Mmu::kTlbEntries - 1) << 4);
    a_.mov(x86::rdx, x86::rax);
    a_.and_(x86::rdx, Imm(static_cast<i64>(~static_cast<u64>(0xfff & ~(size - 1)))));
    a_.cmp(x86::rdx, x86::qword_ptr(tlb, x86::rcx));
    a_.jne(exit_later(off, retired_before, true));
    a_.add(x86::rax, x86::qword_ptr(tlb, x86::rcx, 0, 8));
  }
  void helper_call(const DecodedInsn& d, i32 off) {
    a_.mov(x86::rdi, kHart);
    a_.mov(x86::rsi, reinterpret_cast<u64>(&d));
    a_.lea(x86::rdx, x86::ptr(kPcBase, off));
    a_.mov(x86::rax, reinterpret_cast<u64>(d.exec));
    a_.call(x86::rax);
  }

  x86::Assembler& a_;
  const JitSlot* page_slots_;
  unsigned first_;
  JitHartLayout hart_;
  u32 chain_entry_ = 0;
  Label epilogue_;
  std::vector<PendingExit> pending_;
};

bool computes_only(TimingClass c) {
  return c == TimingClass::kAlu || c == TimingClass::kMul || c == TimingClass::kDiv ||
         c == TimingClass::kFence;
}
// Bodies that may trap, read the count or end the slice, but neither change privilege nor
// translation as their purpose (xRET, ecall, sfence.vma, fence.i end blocks instead).
bool calls_out_in_place(TimingClass c) {
  switch (c) {
    case TimingClass::kCsr:
    case TimingClass::kAmo:
    case TimingClass::kLrSc:
    case TimingClass::kFpAdd:
    case TimingClass::kFpMul:
    case TimingClass::kFpFma:
    case TimingClass::kFpDiv:
    case TimingClass::kFpSqrt:
    case TimingClass::kFpLoad:
    case TimingClass::kFpStore:
      return true;
    default:
      return false;
  }
}

bool Emitter::emit(const DecodedInsn& d, i32 off, unsigned retired_before, bool& ends_block) {
  ends_block = false;
  const i32 next = off + d.length;
  switch (d.id) {
    case InsnId::lui:
      a_.mov(reg(d.rd), Imm(d.imm));
      return true;
    case InsnId::auipc:
      a_.lea(x86::rax, x86::ptr(kPcBase, off + static_cast<i32>(d.imm)));
      a_.mov(reg(d.rd), x86::rax);
      return true;
    case InsnId::jal:
      a_.lea(x86::rax, x86::ptr(kPcBase, next));
      a_.mov(reg(d.rd), x86::rax);
      exit_here(off + static_cast<i32>(d.imm), retired_before + 1);
      ends_block = true;
      return true;
    case InsnId::jalr: {
      a_.mov(x86::rax, reg(d.rs1));
      a_.add(x86::rax, Imm(d.imm));
      a_.and_(x86::rax, Imm(-2));
      a_.lea(x86::rcx, x86::ptr(kPcBase, next));
      a_.mov(reg(d.rd), x86::rcx);  // after reading rs1, which may be rd
      a_.jmp(exit_later(0, retired_before + 1, false, true));
      ends_block = true;
      return true;
    }
    case InsnId::beq:
      branch(d, x86::Inst::kIdJe, off, retired_before);
      return true;
    case InsnId::bne:
      branch(d, x86::Inst::kIdJne, off, retired_before);
      return true;
    case InsnId::blt:
      branch(d, x86::Inst::kIdJl, off, retired_before);
      return true;
    case InsnId::bge:
      branch(d, x86::Inst::kIdJge, off, retired_before);
      return true;
    case InsnId::bltu:
      branch(d, x86::Inst::kIdJb, off, retired_before);
      return true;
    case InsnId::bgeu:
      branch(d, x86::Inst::kIdJae, off, retired_before);
      return true;

    case InsnId::addi:
      alu_ri(d, x86::Inst::kIdAdd);
      return true;
    case InsnId::xori:
      alu_ri(d, x86::Inst::kIdXor);
      return true;
    case InsnId::ori:
      alu_ri(d, x86::Inst::kIdOr);
      return true;
    case InsnId::andi:
      alu_ri(d, x86::Inst::kIdAnd);
      return true;
    case InsnId::slti:
      set_cc(d, x86::Inst::kIdSetl, true);
      return true;
    case InsnId::sltiu:
      set_cc(d, x86::Inst::kIdSetb, true);
      return true;
    case InsnId::slli:
      shift_ri(d, x86::Inst::kIdShl, false);
      return true;
    case InsnId::srli:
      shift_ri(d, x86::Inst::kIdShr, false);
      return true;
    case InsnId::srai:
      shift_ri(d, x86::Inst::kIdSar, false);
      return true;
    case InsnId::add:
      alu_rr(d, x86::Inst::kIdAdd);
      return true;
    case InsnId::sub:
      alu_rr(d, x86::Inst::kIdSub);
      return true;
    case InsnId::xor_:
      alu_rr(d, x86::Inst::kIdXor);
      return true;
    case InsnId::or_:
      alu_rr(d, x86::Inst::kIdOr);
      return true;
    case InsnId::and_:
      alu_rr(d, x86::Inst::kIdAnd);
      return true;
    case InsnId::slt:
      set_cc(d, x86::Inst::kIdSetl, false);
      return true;
    case InsnId::sltu:
      set_cc(d, x86::Inst::kIdSetb, false);
      return true;
    case InsnId::sll:
      shift_rr(d, x86::Inst::kIdShl, false);
      return true;
    case InsnId::srl:
      shift_rr(d, x86::Inst::kIdShr, false);
      return true;
    case InsnId::sra:
      shift_rr(d, x86::Inst::kIdSar, false);
      return true;
    case InsnId::addiw:
      a_.mov(x86::eax, reg32(d.rs1));
      a_.add(x86::eax, Imm(d.imm));
      a_.movsxd(x86::rax, x86::eax);
      a_.mov(reg(d.rd), x86::rax);
      return true;
    case InsnId::slliw:
      shift_ri(d, x86::Inst::kIdShl, true);
      return true;
    case InsnId::srliw:
      shift_ri(d, x86::Inst::kIdShr, true);
      return true;
    case InsnId::sraiw:
      shift_ri(d, x86::Inst::kIdSar, true);
      return true;
    case InsnId::addw:
      alu_rr_w(d, x86::Inst::kIdAdd);
      return true;
    case InsnId::subw:
      alu_rr_w(d, x86::Inst::kIdSub);
      return true;
    case InsnId::sllw:
      shift_rr(d, x86::Inst::kIdShl, true);
      return true;
    case InsnId::srlw:
      shift_rr(d, x86::Inst::kIdShr, true);
      return true;
    case InsnId::sraw:
      shift_rr(d, x86::Inst::kIdSar, true);
      return true;
    case InsnId::mul:
      a_.mov(x86::rax, reg(d.rs1));
      a_.imul(x86::rax, reg(d.rs2));
      a_.mov(reg(d.rd), x86::rax);
      return true;
    case InsnId::mulw:
      a_.mov(x86::eax, reg32(d.rs1));
      a_.imul(x86::eax, reg32(d.rs2));
      a_.movsxd(x86::rax, x86::eax);
      a_.mov(reg(d.rd), x86::rax);
      return true;

#define LOAD(id, size, ...)                          \
  case InsnId::id:                                   \
    address(d, size, kLoadTlb, off, retired_before); \
    a_.__VA_ARGS__;                                  \
    a_.mov(reg(d.rd), x86::rdx);                     \
    return true;
      LOAD(lb, 1, movsx(x86::rdx, x86::byte_ptr(x86::rax)))
      LOAD(lh, 2, movsx(x86::rdx, x86::word_ptr(x86::rax)))
      LOAD(lw, 4, movsxd(x86::rdx, x86::dword_ptr(x86::rax)))
      LOAD(ld, 8, mov(x86::rdx, x86::qword_ptr(x86::rax)))
      LOAD(lbu, 1, movzx(x86::edx, x86::byte_ptr(x86::rax)))
      LOAD(lhu, 2, movzx(x86::edx, x86::word_ptr(x86::rax)))
      LOAD(lwu, 4, mov(x86::edx, x86::dword_ptr(x86::rax)))
#undef LOAD
#define STORE(id, size, value)                        \
  case InsnId::id:                                    \
    address(d, size, kStoreTlb, off, retired_before); \
    a_.mov(x86::rdx, reg(d.rs2));                     \
    a_.mov(x86::ptr(x86::rax, 0, size), value);       \
    return true;
      STORE(sb, 1, x86::dl)
      STORE(sh, 2, x86::dx)
      STORE(sw, 4, x86::edx)
      STORE(sd, 8, x86::rdx)
#undef STORE

    default: {
      if (d.id >= InsnId::kIllegal) return false;
      const TimingClass c = kInsnInfo[static_cast<size_t>(d.id)].timing_class;
      if (computes_only(c)) {
        helper_call(d, off);
        return true;
      }
      if (!calls_out_in_place(c)) return false;
      // As the loop runs a body that calls out: the count before it published, and after
      // it, a trap, a jump, an ended slice or a changed fetch context leaves the block.
      a_.mov(x86::rax, kBudget);
      a_.sub(x86::rax, retired_before);
      a_.mov(x86::qword_ptr(kHart, hart_.budget), x86::rax);
      helper_call(d, off);
      const Label out = a_.newLabel();
      pending_.push_back({out, 0, 0, false, true, true});
      a_.lea(x86::rcx, x86::ptr(kPcBase, next));
      a_.cmp(x86::rax, x86::rcx);
      a_.jne(out);
      a_.cmp(x86::byte_ptr(kHart, hart_.batch_ended), 0);
      a_.jne(out);
      a_.cmp(x86::byte_ptr(kHart, hart_.fetch_changed), 0);
      a_.jne(out);
      return true;
    }
  }
}

}  // namespace

struct JitTranslator::Impl {
  JitRuntime runtime;
  u32 chain_entry = 0;
};

bool JitTranslator::available() { return true; }

JitTranslator::JitTranslator() : impl_(std::make_unique<Impl>()) {}
JitTranslator::~JitTranslator() = default;

JitTranslator::Block JitTranslator::translate(unsigned first, const JitSlot* page_slots,
                                              const JitHartLayout& hart,
                                              const SlotReader& slot_at) {
  CodeHolder code;
  code.init(impl_->runtime.environment());
  FirstError errors;
  code.setErrorHandler(&errors);
  x86::Assembler a(&code);
  Emitter e(a, page_slots, first, hart);
  e.prologue();
  // Chained jumps enter other blocks at this block's body offset.
  if (impl_->chain_entry == 0) impl_->chain_entry = e.chain_entry();
  if (e.chain_entry() != impl_->chain_entry) return {};

  Block block;
  unsigned slot = first;
  unsigned retired = 0;
  bool ended = false;
  while (!ended) {
    const i32 off = static_cast<i32>((slot - first) * 2);
    if (retired == kMaxBlockInsns || slot >= DecodedPage::kSlots) {
      e.exit_here(off, retired);  // goes on at the next instruction, through the loop
      break;
    }
    const DecodedInsn* d = slot_at(slot);
    if (d == nullptr || !e.emit(*d, off, retired, ended)) {
      if (retired == 0) return block;
      e.exit_here(off, retired, true);
      break;
    }
    ++retired;
    slot += d->length / 2;
  }
  e.finish();
  if (errors.error != kErrorOk) return block;
  JitBlockFn fn = nullptr;
  if (impl_->runtime.add(&fn, &code) != kErrorOk) return block;
  block.code = fn;
  block.insns = static_cast<u16>(retired);
  block.end = static_cast<u16>(slot);
  return block;
}

void JitTranslator::release(JitBlockFn code) { impl_->runtime.release(code); }

}  // namespace rvscope

#else  // no translator on this host: the interpreter runs everything

namespace rvscope {

struct JitTranslator::Impl {};
bool JitTranslator::available() { return false; }
JitTranslator::JitTranslator() = default;
JitTranslator::~JitTranslator() = default;
JitTranslator::Block JitTranslator::translate(unsigned, const JitSlot*, const JitHartLayout&,
                                              const SlotReader&) {
  return {};
}
void JitTranslator::release(JitBlockFn) {}

}  // namespace rvscope

#endif
