// DecodeCache: decoded instructions per physical page, shared by all harts, invalidated by
// stores to those pages (so self-modifying code and loaders just work without fence.i).
#pragma once

#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "sim/cpu/decoded_insn.hpp"
#include "sim/cpu/jit_block.hpp"
#include "sim/devices/bus.hpp"
#include "sim/mmu/mmu.hpp"

namespace rvscope {

class JitTranslator;

struct DecodedPage {
  static constexpr unsigned kSlots = 2048;  // one per halfword
  u64 paddr = 0;
  bool in_ram = true;
  // The slots, then a kPageEnd sentinel: the run loop steps from one slot to the next
  // without looking at the pc, and the sentinel sends it to a fresh fetch at the page end.
  std::array<DecodedInsn, kSlots + 1> insns;
  // Translated blocks by first slot, and the slots where blocks start (for invalidation).
  std::array<JitSlot, kSlots> jit;
  std::vector<u16> jit_starts;
};

class DecodeCache final : public CodeWriteListener {
 public:
  explicit DecodeCache(Bus& bus);
  ~DecodeCache() override;

  // The page for a physical address, created on first use; nullptr when nothing executable
  // is there (neither RAM nor a device that can be read).
  DecodedPage* page(u64 paddr);
  void register_mmu(Mmu* mmu) { mmus_.push_back(mmu); }
  // Calls `on_write` after any store to the 8 bytes at paddr (HTIF's tohost): the page is
  // kept out of the fast store path so no write is missed.
  void watch_writes(u64 paddr, std::function<void()> on_write);

  const u8* code_page_flags() const override { return flags_.data(); }
  void on_code_write(u64 paddr, u64 size) override;

  Bus& bus() { return bus_; }

  // Block translation (the plain loop only): a slot becomes a block after `threshold`
  // jumps to it (1: at once). Off, or on a host without a translator, nothing translates.
  void set_jit(bool on, u32 threshold);
  bool jit_on() const { return jit_threshold_ != 0; }
  u32 jit_threshold() const { return jit_threshold_; }
  // Translates the block at `slot` of a page being executed; leaves the slot without code
  // when its first instruction is not translatable.
  void translate_block(DecodedPage& page, unsigned slot, const JitHartLayout& hart);

 private:
  void reset_page(DecodedPage& page);
  void drop_blocks(DecodedPage& page, u64 first_slot, u64 last_slot);

  Bus& bus_;
  std::vector<u8> flags_;
  std::vector<std::unique_ptr<DecodedPage>> ram_pages_;
  std::unordered_map<u64, std::unique_ptr<DecodedPage>> other_pages_;
  std::vector<Mmu*> mmus_;
  u64 watched_ = ~0ull;
  std::function<void()> on_watched_write_;
  std::unique_ptr<JitTranslator> translator_;
  u32 jit_threshold_ = 0;
};

// code_page_flags() bits.
inline constexpr u8 kPageHasCode = 1;
inline constexpr u8 kPageWatched = 2;

// Decodes the instruction at pc (in the hart's current fetch page) into `slot`; false, with
// the fault recorded in the hart, when its bits cannot be read.
bool decode_slot(Hart& hart, DecodedInsn& slot, u64 pc);
// The execute body of a slot not decoded yet: decodes in place, then executes.
u64 exec_decode_stub(Hart& hart, const DecodedInsn& insn, u64 pc);
// The execute body of a 4-byte instruction in a page's last halfword.
u64 exec_straddling(Hart& hart, const DecodedInsn& insn, u64 pc);

}  // namespace rvscope
