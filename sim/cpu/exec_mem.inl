// Execute bodies of loads, stores, LR/SC and the AMOs (inlined, see hart_run.cpp).
// clang-format off: one instruction (or one field) per line, like the ISA manual's tables.
#pragma once

#include "sim/cpu/exec_vocab.hpp"

namespace rvscope {

#define LOAD(id, type, extend)                    \
  EXEC(id) {                                      \
    type value;                                   \
    if (!h.load<type>(RS1 + IMM, value)) FAULT(); \
    WRITE_RD(extend(value));                      \
    return NEXT;                                  \
  }
#define SIGNED(v) static_cast<u64>(static_cast<i64>(v))
#define UNSIGNED(v) static_cast<u64>(v)
LOAD(lb, i8, SIGNED)
LOAD(lh, i16, SIGNED)
LOAD(lw, i32, SIGNED)
LOAD(ld, u64, UNSIGNED)
LOAD(lbu, u8, UNSIGNED)
LOAD(lhu, u16, UNSIGNED)
LOAD(lwu, u32, UNSIGNED)

#define STORE(id, type)                                             \
  EXEC(id) {                                                        \
    if (!h.store<type>(RS1 + IMM, static_cast<type>(RS2))) FAULT(); \
    return NEXT;                                                    \
  }
STORE(sb, u8)
STORE(sh, u16)
STORE(sw, u32)
STORE(sd, u64)

namespace exec_detail {

// Reads, combines and writes an aligned AMO operand in place; nullopt-like false on fault.
template <typename T, typename Op>
inline u64 amo(Hart& h, const DecodedInsn& d, u64 pc, Op op) {
  const u64 vaddr = RS1;
  u64 paddr = 0;
  // An AMO needs write permission; its faults are store/AMO faults.
  const MemFault fault = h.mmu().amo_translate(vaddr, sizeof(T), AccessType::kStore, paddr);
  if (fault != MemFault::kNone) {
    h.set_fault(fault, AccessType::kStore, vaddr);
    FAULT();
  }
  Bus& bus = h.decode_cache().bus();
  u64 raw = 0;
  if (!bus.read(paddr, sizeof(T), raw)) {
    h.set_fault(MemFault::kAccess, AccessType::kStore, vaddr);
    FAULT();
  }
  const T old = static_cast<T>(raw);
  const T result = op(old, static_cast<T>(RS2));
  if (bus.is_ram(paddr, sizeof(T))) {
    h.decode_cache().on_code_write(paddr, sizeof(T));
  }
  if (!bus.write(paddr, sizeof(T), static_cast<u64>(result))) {
    h.set_fault(MemFault::kAccess, AccessType::kStore, vaddr);
    FAULT();
  }
  h.mmu().record_access(vaddr, paddr, sizeof(T), raw, false);
  h.mmu().record_access(vaddr, paddr, sizeof(T), static_cast<u64>(result), true);
  WRITE_RD(static_cast<u64>(static_cast<i64>(static_cast<std::make_signed_t<T>>(old))));
  return NEXT;
}

template <typename T>
inline u64 load_reserved(Hart& h, const DecodedInsn& d, u64 pc) {
  const u64 vaddr = RS1;
  u64 paddr = 0;
  const MemFault fault = h.mmu().amo_translate(vaddr, sizeof(T), AccessType::kLoad, paddr);
  if (fault != MemFault::kNone) {
    h.set_fault(fault, AccessType::kLoad, vaddr);
    FAULT();
  }
  u64 raw = 0;
  if (!h.decode_cache().bus().read(paddr, sizeof(T), raw)) {
    h.set_fault(MemFault::kAccess, AccessType::kLoad, vaddr);
    FAULT();
  }
  h.mmu().record_access(vaddr, paddr, sizeof(T), raw, false);
  h.set_reservation(paddr);
  WRITE_RD(static_cast<u64>(static_cast<i64>(static_cast<std::make_signed_t<T>>(raw))));
  return NEXT;
}

template <typename T>
inline u64 store_conditional(Hart& h, const DecodedInsn& d, u64 pc) {
  const u64 vaddr = RS1;
  u64 paddr = 0;
  const MemFault fault = h.mmu().amo_translate(vaddr, sizeof(T), AccessType::kStore, paddr);
  if (fault != MemFault::kNone) {
    h.clear_reservation();
    h.set_fault(fault, AccessType::kStore, vaddr);
    FAULT();
  }
  if (!h.check_and_clear_reservation(paddr)) {
    WRITE_RD(1);
    return NEXT;
  }
  Bus& bus = h.decode_cache().bus();
  if (bus.is_ram(paddr, sizeof(T))) h.decode_cache().on_code_write(paddr, sizeof(T));
  if (!bus.write(paddr, sizeof(T), static_cast<T>(RS2))) {
    h.set_fault(MemFault::kAccess, AccessType::kStore, vaddr);
    FAULT();
  }
  h.mmu().record_access(vaddr, paddr, sizeof(T), static_cast<T>(RS2), true);
  WRITE_RD(0);
  return NEXT;
}

}  // namespace exec_detail

EXEC(lr_w) { return exec_detail::load_reserved<u32>(h, d, pc); }
EXEC(lr_d) { return exec_detail::load_reserved<u64>(h, d, pc); }
EXEC(sc_w) { return exec_detail::store_conditional<u32>(h, d, pc); }
EXEC(sc_d) { return exec_detail::store_conditional<u64>(h, d, pc); }

#define AMO(id, type, expr)                                                               \
  EXEC(id) {                                                                              \
    return exec_detail::amo<type>(h, d, pc, [](type a, type b) -> type { return expr; }); \
  }
#define AMO_BOTH(name, expr) \
  AMO(name##_w, u32, expr)   \
  AMO(name##_d, u64, expr)
AMO_BOTH(amoswap, (static_cast<void>(a), b))
AMO_BOTH(amoadd, a + b)
AMO_BOTH(amoxor, a ^ b)
AMO_BOTH(amoand, a& b)
AMO_BOTH(amoor, a | b)
AMO(amomin_w, u32, static_cast<i32>(a) < static_cast<i32>(b) ? a : b)
AMO(amomax_w, u32, static_cast<i32>(a) > static_cast<i32>(b) ? a : b)
AMO(amomin_d, u64, static_cast<i64>(a) < static_cast<i64>(b) ? a : b)
AMO(amomax_d, u64, static_cast<i64>(a) > static_cast<i64>(b) ? a : b)
AMO_BOTH(amominu, a < b ? a : b)
AMO_BOTH(amomaxu, a > b ? a : b)

}  // namespace rvscope
// clang-format on
