// Mmu: one hart's address translation: Sv39 walks with hardware A/D updates, PMP, and the
// soft TLB that maps a virtual page straight to host memory for loads and stores to RAM.
#pragma once

#include <array>
#include <cstring>

#include "sim/common/events.hpp"
#include "sim/devices/bus.hpp"
#include "sim/mmu/pmp.hpp"

namespace rvscope {

enum class MemFault : u8 { kNone, kMisaligned, kAccess, kPage };

// Who executes from which physical RAM pages; stores there must invalidate decoded code.
class CodeWriteListener {
 public:
  virtual ~CodeWriteListener() = default;
  // One byte per RAM page: non-zero when the page holds decoded instructions.
  virtual const u8* code_page_flags() const = 0;
  virtual void on_code_write(u64 paddr, u64 size) = 0;
};

struct TranslationContext {
  u64 satp = 0;
  Priv fetch_priv = Priv::kMachine;
  Priv data_priv = Priv::kMachine;  // MPRV applied
  bool sum = false;
  bool mxr = false;
  bool operator==(const TranslationContext&) const = default;
};

// Marks a store entry for a page that holds code: no inline compare matches it (the
// compared address keeps at most its low three bits, those of a misaligned access).
inline constexpr u64 kCodePageTag = 0x800;

struct SoftTlbEntry {
  u64 tag = ~0ull;  // virtual page address (| kCodePageTag), or ~0 when empty
  u64 addend = 0;   // host address = vaddr + addend
};
static_assert(sizeof(SoftTlbEntry) == 16, "tlb_entry() indexes by byte offset");

class Mmu {
 public:
  static constexpr unsigned kTlbEntries = 1024;

  Mmu(Bus& bus, CodeWriteListener* code);
  Mmu(const Mmu&) = delete;  // active_ points into this object
  Mmu& operator=(const Mmu&) = delete;

  // By value: its caller builds it field by field, and reading that back through memory
  // as whole words stalls on store forwarding.
  void set_context(TranslationContext context);
  const TranslationContext& context() const { return ctx_; }
  void flush();                     // sfence.vma, satp/PMP changes
  void drop_store_page(u64 ppage);  // a page became code: its stores must take the slow path
  // While recording, every access of the current instruction is kept for the retire event.
  void set_recording(bool on) { recording_ = on; }
  Pmp& pmp() { return pmp_; }
  const Pmp& pmp() const { return pmp_; }

  // Full translation for an access of `size` bytes (walk, A/D update, PMP on the result).
  MemFault translate(u64 vaddr, AccessType type, u64 size, u64& paddr);
  // Side-effect-free translation for debuggers and tracers: no A/D writes, no TLB fill.
  bool debug_translate(u64 vaddr, AccessType type, u64& paddr, bool check_perms = true) const;

  template <typename T>
  [[gnu::always_inline]] inline MemFault load(u64 vaddr, T& out) {
    const SoftTlbEntry& e = tlb_entry(active_->load, vaddr);
    if (e.tag == (vaddr & ~static_cast<u64>(0xfff & ~(sizeof(T) - 1)))) [[likely]] {
      std::memcpy(&out, reinterpret_cast<const void*>(vaddr + e.addend), sizeof(T));
      if (recording_) [[unlikely]]
        record_fast(vaddr, active_->load_ppage, sizeof(T), static_cast<u64>(out), false);
      return MemFault::kNone;
    }
    u64 value = 0;
    const MemFault fault = load_slow(vaddr, sizeof(T), value);
    out = static_cast<T>(value);
    return fault;
  }

  template <typename T>
  [[gnu::always_inline]] inline MemFault store(u64 vaddr, T value) {
    const SoftTlbEntry& e = tlb_entry(active_->store, vaddr);
    if (e.tag == (vaddr & ~static_cast<u64>(0xfff & ~(sizeof(T) - 1)))) [[likely]] {
      std::memcpy(reinterpret_cast<void*>(vaddr + e.addend), &value, sizeof(T));
      if (recording_) [[unlikely]]
        record_fast(vaddr, active_->store_ppage, sizeof(T), static_cast<u64>(value), true);
      return MemFault::kNone;
    }
    return store_slow(vaddr, sizeof(T), value);
  }

  // Entry (vaddr >> 12) % kTlbEntries, found with a shift and a mask (a byte offset): the
  // lookup is on the dependency chain of every load, and the compiler's index arithmetic
  // costs two more operations.
  [[gnu::always_inline]] static const SoftTlbEntry& tlb_entry(
      const std::array<SoftTlbEntry, kTlbEntries>& tlb, u64 vaddr) {
    const u64 offset = (vaddr >> (12 - 4)) & ((kTlbEntries - 1) << 4);
    return *reinterpret_cast<const SoftTlbEntry*>(reinterpret_cast<const char*>(tlb.data()) +
                                                  offset);
  }
  MemFault load_slow(u64 vaddr, unsigned size, u64& value);
  MemFault store_slow(u64 vaddr, unsigned size, u64 value);
  // Translation plus physical access of an aligned AMO/LR/SC operand.
  MemFault amo_translate(u64 vaddr, unsigned size, AccessType type, u64& paddr);

  // Observed mode: the accesses of the current instruction go straight into the caller's
  // buffer (the hart's retire event), `capacity` of them at most.
  void record_into(MemAccess* buffer, u8* count, unsigned capacity) {
    record_buffer_ = buffer;
    record_count_ = count;
    record_capacity_ = capacity;
  }
  void begin_record() { *record_count_ = 0; }
  void record_access(u64 vaddr, u64 paddr, unsigned size, u64 value, bool is_store);
  void record_fast(u64 vaddr, const std::array<u64, kTlbEntries>& ppages, unsigned size, u64 value,
                   bool is_store) {
    const u64 ppage = ppages[(vaddr >> 12) % kTlbEntries];
    if (*record_count_ < record_capacity_) {
      record_buffer_[(*record_count_)++] = {
          vaddr, ppage | (vaddr & 0xfff), value, static_cast<u8>(size), is_store, false};
    }
  }

  u64 walks() const { return walks_; }
  // The active TLB set's entries, for translated blocks' inline fast paths. set_context can
  // change them: a caller holding them must fetch them again after it.
  const SoftTlbEntry* load_tlb() const { return active_->load.data(); }
  const SoftTlbEntry* store_tlb() const { return active_->store.data(); }

 private:
  MemFault walk(u64 vaddr, AccessType type, Priv priv, u64& paddr, bool update_ad,
                bool check_perms) const;
  MemFault access_slow(u64 vaddr, unsigned size, u64& value, bool is_store);
  void fill(SoftTlbEntry* tlb, u64 vaddr, u64 paddr, AccessType type);

  Bus& bus_;
  CodeWriteListener* code_;
  Pmp pmp_;
  TranslationContext ctx_;
  mutable u64 walks_ = 0;
  // One TLB set for user accesses, two for supervisor ones (sstatus.SUM clear and set) and one
  // for machine ones, each remembering the context it was filled under: a syscall's U->S->U
  // round trip, and a kernel's SUM toggles around each user copy, switch sets instead of
  // flushing them.
  struct TlbSet {
    std::array<SoftTlbEntry, kTlbEntries> load{};
    std::array<SoftTlbEntry, kTlbEntries> store{};
    std::array<u64, kTlbEntries> load_ppage{};
    std::array<u64, kTlbEntries> store_ppage{};
    TranslationContext filled_under{};
    // Trap-heavy code changes context at every trap and xRET; a set nobody filled since its
    // last flush need not be swept again (2,048 entries each time).
    bool filled = false;
    void flush() {
      if (!filled) return;
      for (auto& e : load) e.tag = ~0ull;
      for (auto& e : store) e.tag = ~0ull;
      filled = false;
    }
  };
  std::array<TlbSet, 4> sets_{};
  TlbSet* active_ = &sets_[3];
  MemAccess* record_buffer_ = nullptr;
  u8 no_records_ = 0;
  u8* record_count_ = &no_records_;
  unsigned record_capacity_ = 0;
  bool recording_ = false;
};

}  // namespace rvscope
