// Mmu: the Sv39 walk (privileged spec 1.12, section 4.3.2), PMP checks and soft-TLB fills.
#include "sim/mmu/mmu.hpp"

#include "sim/common/bits.hpp"

namespace rvscope {
namespace {

constexpr u64 kPteV = 1, kPteR = 2, kPteW = 4, kPteX = 8, kPteU = 16, kPteA = 64, kPteD = 128;
constexpr u64 kSatpModeSv39 = 8;

}  // namespace

Mmu::Mmu(Bus& bus, CodeWriteListener* code) : bus_(bus), code_(code) {}

namespace {
// Data translations depend on these only (fetch has its own cache in the hart).
bool same_data_context(const TranslationContext& a, const TranslationContext& b) {
  // SUM affects supervisor accesses only.
  return a.satp == b.satp && a.data_priv == b.data_priv &&
         (a.data_priv != Priv::kSupervisor || a.sum == b.sum) && a.mxr == b.mxr;
}
}  // namespace

void Mmu::set_context(TranslationContext context) {
  ctx_ = context;
  const unsigned index = context.data_priv == Priv::kUser         ? 0
                         : context.data_priv == Priv::kSupervisor ? (context.sum ? 2 : 1)
                                                                  : 3;
  TlbSet& set = sets_[index];
  if (!same_data_context(set.filled_under, context)) {
    set.flush();
    set.filled_under = context;
  }
  active_ = &set;
}

void Mmu::flush() {
  for (TlbSet& set : sets_) set.flush();
}

void Mmu::drop_store_page(u64 ppage) {
  for (TlbSet& set : sets_) {
    for (unsigned i = 0; i < kTlbEntries; ++i) {
      if (set.store[i].tag != ~0ull && set.store_ppage[i] == ppage) set.store[i].tag = ~0ull;
    }
  }
}

MemFault Mmu::walk(u64 vaddr, AccessType type, Priv priv, u64& paddr, bool update_ad,
                   bool check_perms) const {
  if (priv == Priv::kMachine || (ctx_.satp >> 60) != kSatpModeSv39) {
    paddr = vaddr;
    return MemFault::kNone;
  }
  ++walks_;
  if (static_cast<u64>(sext(vaddr, 39)) != vaddr) return MemFault::kPage;
  u64 table = bits(ctx_.satp, 43, 0) << 12;
  for (int level = 2; level >= 0; --level) {
    const u64 vpn = bits(vaddr, 12 + 9 * level + 8, 12 + 9 * level);
    const u64 pte_addr = table + vpn * 8;
    if (!pmp_.check(pte_addr, 8, AccessType::kLoad, Priv::kSupervisor)) return MemFault::kAccess;
    u64 pte = 0;
    if (!bus_.read(pte_addr, 8, pte)) return MemFault::kAccess;
    if (!(pte & kPteV) || ((pte & (kPteR | kPteW)) == kPteW)) return MemFault::kPage;
    if (pte >> 54) return MemFault::kPage;  // N, PBMT and reserved bits: not implemented
    if (!(pte & (kPteR | kPteX))) {
      if (pte & (kPteA | kPteD | kPteU)) return MemFault::kPage;  // non-leaf must have them 0
      table = bits(pte, 53, 10) << 12;
      continue;
    }
    if (check_perms) {
      const bool user_page = pte & kPteU;
      if (priv == Priv::kUser && !user_page) return MemFault::kPage;
      if (priv == Priv::kSupervisor && user_page && (type == AccessType::kFetch || !ctx_.sum)) {
        return MemFault::kPage;
      }
      switch (type) {
        case AccessType::kFetch:
          if (!(pte & kPteX)) return MemFault::kPage;
          break;
        case AccessType::kLoad:
          if (!(pte & kPteR) && !(ctx_.mxr && (pte & kPteX))) return MemFault::kPage;
          break;
        case AccessType::kStore:
          if (!(pte & kPteW)) return MemFault::kPage;
          break;
      }
    }
    const u64 ppn = bits(pte, 53, 10);
    const u64 super_mask = (1ull << (9 * level)) - 1;
    if (ppn & super_mask) return MemFault::kPage;  // misaligned superpage
    const u64 need = kPteA | (type == AccessType::kStore ? kPteD : 0);
    if (update_ad && (pte & need) != need) {
      // One host thread runs every hart, so the read-modify-write here is atomic already.
      if (!pmp_.check(pte_addr, 8, AccessType::kStore, Priv::kSupervisor) ||
          !bus_.write(pte_addr, 8, pte | need)) {
        return MemFault::kAccess;
      }
    }
    paddr = ((ppn | (bits(vaddr, 38, 12) & super_mask)) << 12) | (vaddr & 0xfff);
    return MemFault::kNone;
  }
  return MemFault::kPage;
}

MemFault Mmu::translate(u64 vaddr, AccessType type, u64 size, u64& paddr) {
  const Priv priv = type == AccessType::kFetch ? ctx_.fetch_priv : ctx_.data_priv;
  const MemFault fault = walk(vaddr, type, priv, paddr, true, true);
  if (fault != MemFault::kNone) return fault;
  if (!pmp_.check(paddr, size, type, priv)) return MemFault::kAccess;
  return MemFault::kNone;
}

bool Mmu::debug_translate(u64 vaddr, AccessType type, u64& paddr, bool check_perms) const {
  const Priv priv = type == AccessType::kFetch ? ctx_.fetch_priv : ctx_.data_priv;
  return walk(vaddr, type, priv, paddr, false, check_perms) == MemFault::kNone;
}

void Mmu::fill(SoftTlbEntry* tlb, u64 vaddr, u64 paddr, AccessType type) {
  const u64 ppage = paddr & ~0xfffull;
  if (!bus_.is_ram(ppage, 4096)) return;
  if (!pmp_.page_allowed_uniformly(ppage, type, ctx_.data_priv)) return;
  // A store to a page holding code must tell the decode cache: its entry gets a tag the
  // inline compare never matches, and the slow path finds the translation there instead
  // of walking again (a kernel's data next to its text is stored to at every syscall).
  const bool code_page = type == AccessType::kStore && code_ != nullptr &&
                         code_->code_page_flags()[(ppage - bus_.ram().base()) >> 12];
  const unsigned index = (vaddr >> 12) % kTlbEntries;
  active_->filled = true;
  tlb[index].tag = (vaddr & ~0xfffull) | (code_page ? kCodePageTag : 0);
  tlb[index].addend = reinterpret_cast<u64>(bus_.ram().host(ppage)) - (vaddr & ~0xfffull);
  (type == AccessType::kStore ? active_->store_ppage : active_->load_ppage)[index] = ppage;
}

void Mmu::record_access(u64 vaddr, u64 paddr, unsigned size, u64 value, bool is_store) {
  if (!recording_ || *record_count_ >= record_capacity_) return;
  record_buffer_[(*record_count_)++] = {
      vaddr, paddr, value, static_cast<u8>(size), is_store, !bus_.is_ram(paddr, size)};
}

MemFault Mmu::access_slow(u64 vaddr, unsigned size, u64& value, bool is_store) {
  const AccessType type = is_store ? AccessType::kStore : AccessType::kLoad;
  const u64 offset = vaddr & 0xfff;
  if (offset + size > 4096) {
    // Crosses a page: translate both halves first so a fault leaves memory untouched.
    const unsigned first = static_cast<unsigned>(4096 - offset);
    u64 pa_lo, pa_hi;
    MemFault fault = translate(vaddr, type, first, pa_lo);
    if (fault != MemFault::kNone) return fault;
    fault = translate(vaddr + first, type, size - first, pa_hi);
    if (fault != MemFault::kNone) return fault;
    if (!bus_.is_ram(pa_lo, first) || !bus_.is_ram(pa_hi, size - first)) {
      return MemFault::kMisaligned;
    }
    u8 bytes[8] = {};
    if (is_store) {
      std::memcpy(bytes, &value, size);
      if (code_ != nullptr) {
        code_->on_code_write(pa_lo, first);
        code_->on_code_write(pa_hi, size - first);
      }
      bus_.write_block(pa_lo, bytes, first);
      bus_.write_block(pa_hi, bytes + first, size - first);
    } else {
      bus_.read_block(pa_lo, bytes, first);
      bus_.read_block(pa_hi, bytes + first, size - first);
      value = 0;
      std::memcpy(&value, bytes, size);
    }
    record_access(vaddr, pa_lo, size, value, is_store);
    return MemFault::kNone;
  }
  if (is_store) {
    const unsigned index = (vaddr >> 12) % kTlbEntries;
    if (active_->store[index].tag == ((vaddr & ~0xfffull) | kCodePageTag)) {
      const u64 paddr = active_->store_ppage[index] | offset;
      code_->on_code_write(paddr, size);
      std::memcpy(reinterpret_cast<void*>(vaddr + active_->store[index].addend), &value, size);
      record_access(vaddr, paddr, size, value, true);
      return MemFault::kNone;
    }
  }
  u64 paddr;
  const MemFault fault = translate(vaddr, type, size, paddr);
  if (fault != MemFault::kNone) return fault;
  if (bus_.is_ram(paddr, size)) {
    if (is_store) {
      if (code_ != nullptr && code_->code_page_flags()[(paddr - bus_.ram().base()) >> 12]) {
        code_->on_code_write(paddr, size);
      }
      std::memcpy(bus_.ram().host(paddr), &value, size);
    } else {
      value = 0;
      std::memcpy(&value, bus_.ram().host(paddr), size);
    }
    fill(is_store ? active_->store.data() : active_->load.data(), vaddr, paddr, type);
  } else {
    if (paddr & (size - 1)) return MemFault::kMisaligned;  // devices take aligned accesses
    const bool ok = is_store ? bus_.write(paddr, size, value) : bus_.read(paddr, size, value);
    if (!ok) return MemFault::kAccess;
  }
  record_access(vaddr, paddr, size, value, is_store);
  return MemFault::kNone;
}

MemFault Mmu::load_slow(u64 vaddr, unsigned size, u64& value) {
  return access_slow(vaddr, size, value, false);
}

MemFault Mmu::store_slow(u64 vaddr, unsigned size, u64 value) {
  return access_slow(vaddr, size, value, true);
}

MemFault Mmu::amo_translate(u64 vaddr, unsigned size, AccessType type, u64& paddr) {
  if (vaddr & (size - 1)) return MemFault::kMisaligned;
  // A page the soft TLB holds for this kind of access needs no walk (a kernel's locks and
  // counters are AMOs at every syscall); a code page's store entry counts too, the caller
  // tells the decode cache of the write.
  const unsigned index = (vaddr >> 12) % kTlbEntries;
  const u64 vpage = vaddr & ~0xfffull;
  if (type == AccessType::kStore) {
    const u64 tag = active_->store[index].tag;
    if (tag == vpage || tag == (vpage | kCodePageTag)) {
      paddr = active_->store_ppage[index] | (vaddr & 0xfff);
      return MemFault::kNone;
    }
  } else if (active_->load[index].tag == vpage) {
    paddr = active_->load_ppage[index] | (vaddr & 0xfff);
    return MemFault::kNone;
  }
  const MemFault fault = translate(vaddr, type, size, paddr);
  if (fault == MemFault::kNone) {
    fill(type == AccessType::kStore ? active_->store.data() : active_->load.data(), vaddr, paddr,
         type);
  }
  return fault;
}

}  // namespace rvscope
