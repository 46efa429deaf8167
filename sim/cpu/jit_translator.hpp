// JitTranslator: turns a run of decoded RV64 instructions into an x86-64 function (a block).
#pragma once

#include <functional>
#include <memory>

#include "sim/cpu/decoded_insn.hpp"
#include "sim/cpu/jit_block.hpp"

namespace rvscope {

class JitTranslator {
 public:
  // Whether this host can run translated blocks (x86-64 built with asmjit).
  static bool available();

  JitTranslator();
  ~JitTranslator();
  JitTranslator(const JitTranslator&) = delete;
  JitTranslator& operator=(const JitTranslator&) = delete;

  // The decoded instruction in halfword slot i of the page (decoded on demand), or nullptr
  // when there is none to translate (page end, undecodable bytes).
  using SlotReader = std::function<const DecodedInsn*(unsigned slot)>;

  struct Block {
    JitBlockFn code = nullptr;  // nullptr: not even the first instruction translates
    u16 insns = 0;              // instructions on the longest path
    u16 end = 0;                // the slot after the last one
  };
  // A block starting at slot `first`: straight-line code, conditional branches that exit
  // when taken, ending at a jump, the page end, or the first instruction it leaves to the
  // interpreter.
  // `page_slots` is the page's block table: exits to a pc on the same page jump straight
  // into the block there when it exists and fits in the budget.
  // `hart` says where blocks find the hart's slice bookkeeping.
  Block translate(unsigned first, const JitSlot* page_slots, const JitHartLayout& hart,
                  const SlotReader& slot_at);
  void release(JitBlockFn code);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rvscope
