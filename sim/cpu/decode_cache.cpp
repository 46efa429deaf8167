// DecodeCache: lazily decoded pages; a slot is decoded on first execution.
#include "sim/cpu/decode_cache.hpp"

#include <cstring>

#include "sim/cpu/hart.hpp"
#include "sim/cpu/jit_translator.hpp"

namespace rvscope {
namespace {

bool read_half(Bus& bus, const DecodedPage& page, u64 paddr, u16& out) {
  if (page.in_ram) {
    std::memcpy(&out, bus.ram().host(paddr), 2);
    return true;
  }
  u64 value = 0;
  if (!bus.read(paddr, 2, value)) return false;
  out = static_cast<u16>(value);
  return true;
}

}  // namespace

// A 4-byte instruction in the last halfword of a page: fetched afresh every time, since
// its second half lives on another page whose mapping may change.
u64 exec_straddling(Hart& h, const DecodedInsn&, u64 pc) {
  Bus& bus = h.decode_cache().bus();
  const DecodedPage* page = h.fetch_page();
  u16 lo = 0, hi = 0;
  if (!read_half(bus, *page, page->paddr + 0xffe, lo)) {
    h.set_fault(MemFault::kAccess, AccessType::kFetch, pc);
    return h.take_fault(pc);
  }
  u64 hi_paddr = 0;
  const MemFault fault = h.mmu().translate(pc + 2, AccessType::kFetch, 2, hi_paddr);
  u64 value = 0;
  if (fault != MemFault::kNone || !bus.read(hi_paddr, 2, value)) {
    h.set_fault(fault != MemFault::kNone ? fault : MemFault::kAccess, AccessType::kFetch, pc + 2);
    return h.take_fault(pc);
  }
  hi = static_cast<u16>(value);
  DecodedInsn& scratch = h.straddle_scratch();
  scratch = decode_for_execution(static_cast<u32>(lo) | (static_cast<u32>(hi) << 16));
  return scratch.exec(h, scratch, pc);
}

DecodeCache::DecodeCache(Bus& bus)
    : bus_(bus), flags_(bus.ram().size() / 4096 + 1, 0), ram_pages_(bus.ram().size() / 4096 + 1) {}

DecodeCache::~DecodeCache() = default;

void DecodeCache::reset_page(DecodedPage& page) {
  DecodedInsn stub{};
  stub.exec = exec_decode_stub;
  stub.id = InsnId::kDecodeStub;
  page.insns.fill(stub);
  DecodedInsn& sentinel = page.insns[DecodedPage::kSlots];
  sentinel.id = InsnId::kPageEnd;
  sentinel.exec = nullptr;  // never executed: the run loops fetch when they step onto it
  sentinel.length = 0;
  page.jit.fill(JitSlot{});
  page.jit_starts.clear();
}

DecodedPage* DecodeCache::page(u64 paddr) {
  const u64 base = paddr & ~0xfffull;
  const Ram& ram = bus_.ram();
  if (ram.contains(base, 4096)) {
    const u64 index = (base - ram.base()) >> 12;
    auto& slot = ram_pages_[index];
    if (!slot) {
      // Not value-initialised: reset_page writes every slot anyway, and zeroing the 64 KiB
      // first doubles the cost of a kernel's many code pages.
      slot = std::make_unique_for_overwrite<DecodedPage>();
      slot->paddr = base;
      slot->in_ram = true;
      reset_page(*slot);
      flags_[index] |= kPageHasCode;
      for (Mmu* mmu : mmus_) mmu->drop_store_page(base);
    }
    return slot.get();
  }
  u64 probe = 0;
  if (!bus_.read(paddr & ~1ull, 2, probe)) return nullptr;
  auto& slot = other_pages_[base];
  if (!slot) {
    slot = std::make_unique<DecodedPage>();
    slot->paddr = base;
    slot->in_ram = false;
    reset_page(*slot);
  }
  return slot.get();
}

void DecodeCache::watch_writes(u64 paddr, std::function<void()> on_write) {
  const Ram& ram = bus_.ram();
  if (!ram.contains(paddr, 8)) return;
  watched_ = paddr;
  on_watched_write_ = std::move(on_write);
  flags_[(paddr - ram.base()) >> 12] |= kPageWatched;
  for (Mmu* mmu : mmus_) mmu->drop_store_page(paddr & ~0xfffull);
}

void DecodeCache::on_code_write(u64 paddr, u64 size) {
  const Ram& ram = bus_.ram();
  if (!ram.contains(paddr, size)) return;
  if (paddr < watched_ + 8 && watched_ < paddr + size && on_watched_write_) on_watched_write_();
  const u64 index = (paddr - ram.base()) >> 12;
  DecodedPage* page = ram_pages_[index].get();
  if (page == nullptr) return;
  const u64 offset = paddr & 0xfff;
  // A 4-byte instruction starting 2 bytes before the write overlaps it too.
  const u64 first = offset >= 2 ? (offset - 2) >> 1 : 0;
  const u64 last = std::min<u64>((offset + size - 1) >> 1, DecodedPage::kSlots - 1);
  for (u64 i = first; i <= last; ++i) {
    page->insns[i].exec = exec_decode_stub;
    page->insns[i].id = InsnId::kDecodeStub;
  }
  if (!page->jit_starts.empty()) drop_blocks(*page, first, last);
}

namespace {

// Decodes the instruction at `offset` of the page into `slot`; false when its bits cannot
// be read.
bool decode_at(Bus& bus, const DecodedPage& page, u64 offset, DecodedInsn& slot) {
  u16 lo = 0;
  if (!read_half(bus, page, page.paddr + offset, lo)) return false;
  if ((lo & 3) != 3) {
    slot = decode_for_execution(lo);
  } else if (offset == 0xffe) {
    slot.exec = exec_straddling;
    slot.id = InsnId::kStraddle;
  } else {
    u16 hi = 0;
    if (!read_half(bus, page, page.paddr + offset + 2, hi)) return false;
    slot = decode_for_execution(static_cast<u32>(lo) | (static_cast<u32>(hi) << 16));
  }
  return true;
}

}  // namespace

bool decode_slot(Hart& h, DecodedInsn& slot, u64 pc) {
  if (decode_at(h.decode_cache().bus(), *h.fetch_page(), pc & 0xfff, slot)) return true;
  h.set_fault(MemFault::kAccess, AccessType::kFetch, pc);
  return false;
}

void DecodeCache::set_jit(bool on, u32 threshold) {
  if (on && JitTranslator::available()) {
    if (!translator_) translator_ = std::make_unique<JitTranslator>();
    jit_threshold_ = std::max<u32>(threshold, 1);
  } else {
    jit_threshold_ = 0;
  }
}

void DecodeCache::translate_block(DecodedPage& page, unsigned first, const JitHartLayout& hart) {
  if (!page.in_ram || jit_threshold_ == 0) return;
  const auto slot_at = [&](unsigned i) -> const DecodedInsn* {
    DecodedInsn& slot = page.insns[i];
    if (slot.id == InsnId::kDecodeStub && !decode_at(bus_, page, u64{i} * 2, slot)) return nullptr;
    return &slot;
  };
  const JitTranslator::Block block = translator_->translate(first, page.jit.data(), hart, slot_at);
  if (block.code == nullptr) return;
  JitSlot& js = page.jit[first];
  js.code = block.code;
  js.insns = block.insns;
  js.end = block.end;
  page.jit_starts.push_back(static_cast<u16>(first));
}

void DecodeCache::drop_blocks(DecodedPage& page, u64 first_slot, u64 last_slot) {
  auto& starts = page.jit_starts;
  for (size_t i = 0; i < starts.size();) {
    JitSlot& js = page.jit[starts[i]];
    if (starts[i] <= last_slot && js.end > first_slot) {
      translator_->release(js.code);
      js = JitSlot{};
      starts[i] = starts.back();
      starts.pop_back();
    } else {
      ++i;
    }
  }
}

u64 exec_decode_stub(Hart& h, const DecodedInsn& insn, u64 pc) {
  auto& slot = const_cast<DecodedInsn&>(insn);
  if (!decode_slot(h, slot, pc)) return h.take_fault(pc);
  return slot.exec(h, slot, pc);
}

}  // namespace rvscope
