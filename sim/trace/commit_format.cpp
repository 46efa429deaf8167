// One retired instruction (or trap) as a line of text: Spike's commit log, or annotated.
#include "sim/trace/commit_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace rvscope::trace {
namespace {

constexpr u16 kCsrFflags = 0x001;
constexpr u16 kCsrFrm = 0x002;
constexpr u16 kCsrFcsr = 0x003;

struct CsrName {
  u16 number;
  const char* name;
};

constexpr CsrName kCsrNames[] = {
    {0x001, "fflags"},        {0x002, "frm"},       {0x003, "fcsr"},       {0x015, "seed"},
    {0x100, "sstatus"},       {0x104, "sie"},       {0x105, "stvec"},      {0x106, "scounteren"},
    {0x10a, "senvcfg"},       {0x140, "sscratch"},  {0x141, "sepc"},       {0x142, "scause"},
    {0x143, "stval"},         {0x144, "sip"},       {0x14d, "stimecmp"},   {0x180, "satp"},
    {0x300, "mstatus"},       {0x301, "misa"},      {0x302, "medeleg"},    {0x303, "mideleg"},
    {0x304, "mie"},           {0x305, "mtvec"},     {0x306, "mcounteren"}, {0x30a, "menvcfg"},
    {0x320, "mcountinhibit"}, {0x340, "mscratch"},  {0x341, "mepc"},       {0x342, "mcause"},
    {0x343, "mtval"},         {0x344, "mip"},       {0x34a, "mtinst"},     {0x34b, "mtval2"},
    {0x3a0, "pmpcfg0"},       {0x3a2, "pmpcfg2"},   {0x3a4, "pmpcfg4"},    {0x3a6, "pmpcfg6"},
    {0x3a8, "pmpcfg8"},       {0x3aa, "pmpcfg10"},  {0x3ac, "pmpcfg12"},   {0x3ae, "pmpcfg14"},
    {0x747, "mseccfg"},       {0x7a0, "tselect"},   {0x7a1, "tdata1"},     {0x7a2, "tdata2"},
    {0x7a3, "tdata3"},        {0x7a4, "tinfo"},     {0x7b0, "dcsr"},       {0x7b1, "dpc"},
    {0x7b2, "dscratch0"},     {0x7b3, "dscratch1"}, {0xb00, "mcycle"},     {0xb02, "minstret"},
    {0xc00, "cycle"},         {0xc01, "time"},      {0xc02, "instret"},    {0xf11, "mvendorid"},
    {0xf12, "marchid"},       {0xf13, "mimpid"},    {0xf14, "mhartid"},    {0xf15, "mconfigptr"},
};

constexpr std::array<const char*, 32> kIntAbi = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
constexpr std::array<const char*, 32> kFpAbi = {
    "ft0", "ft1", "ft2", "ft3", "ft4",  "ft5",  "ft6", "ft7", "fs0",  "fs1", "fa0",
    "fa1", "fa2", "fa3", "fa4", "fa5",  "fa6",  "fa7", "fs2", "fs3",  "fs4", "fs5",
    "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};

// Names of the CSR ranges Spike numbers (pmpaddrN, mhpmcounterN...), stored once.
const std::array<std::string, 4096>& generated_csr_names() {
  static const auto names = [] {
    std::array<std::string, 4096> n{};
    for (unsigned i = 0; i < 64; ++i) n[0x3b0 + i] = fmt::format("pmpaddr{}", i);
    for (unsigned i = 3; i < 32; ++i) {
      n[0xb00 + i] = fmt::format("mhpmcounter{}", i);
      n[0x320 + i] = fmt::format("mhpmevent{}", i);
      n[0xc00 + i] = fmt::format("hpmcounter{}", i);
    }
    for (const auto& c : kCsrNames) n[c.number] = c.name;
    return n;
  }();
  return names;
}

bool is_fp_arithmetic(TimingClass c) {
  return c == TimingClass::kFpAdd || c == TimingClass::kFpMul || c == TimingClass::kFpFma ||
         c == TimingClass::kFpDiv || c == TimingClass::kFpSqrt;
}

}  // namespace

std::string_view csr_name(u16 csr) {
  const auto& names = generated_csr_names();
  if (csr < names.size() && !names[csr].empty()) return names[csr];
  return "unknown";
}

std::string_view reg_abi_name(u8 reg) {
  if (reg < 32) return kIntAbi[reg];
  if (reg < 64) return kFpAbi[reg - kFpRegBase];
  return "?";
}

char priv_letter(Priv priv) {
  switch (priv) {
    case Priv::kUser:
      return 'U';
    case Priv::kSupervisor:
      return 'S';
    case Priv::kMachine:
      return 'M';
  }
  return '?';
}

std::string trap_cause_name(bool interrupt, u64 cause) {
  static constexpr const char* kExceptions[] = {
      "misaligned-fetch", "fetch-access-fault", "illegal-instruction", "breakpoint",
      "misaligned-load",  "load-access-fault",  "misaligned-store",    "store-access-fault",
      "ecall-from-U",     "ecall-from-S",       "reserved-10",         "ecall-from-M",
      "fetch-page-fault", "load-page-fault",    "reserved-14",         "store-page-fault"};
  static constexpr const char* kInterrupts[] = {
      "reserved-0", "S-software", "reserved-2", "M-software", "reserved-4",  "S-timer",
      "reserved-6", "M-timer",    "reserved-8", "S-external", "reserved-10", "M-external"};
  if (interrupt) {
    if (cause < std::size(kInterrupts)) return kInterrupts[cause];
    return fmt::format("interrupt-{}", cause);
  }
  if (cause < std::size(kExceptions)) return kExceptions[cause];
  return fmt::format("exception-{}", cause);
}

// Hand-rolled hex: the commit log may print every instruction of a long run.
void put_hex(std::string& out, u64 value, unsigned digits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char buf[16];
  for (unsigned i = digits; i-- > 0;) {
    buf[i] = kDigits[value & 15];
    value >>= 4;
  }
  out.append(buf, digits);
}

void put_hex64(std::string& out, u64 value) {
  out += "0x";
  put_hex(out, value, 16);
}

void put_decimal(std::string& out, u64 value) {
  char buf[20];
  unsigned n = 0;
  do {
    buf[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (n > 0) out += buf[--n];
}

void append_spike_commit(const RetireEvent& e, std::string& out) {
  out += "core";  // Spike's "core%4d"
  for (u64 width = 1000; width > 1 && e.hart < width; width /= 10) out += ' ';
  put_decimal(out, e.hart);
  out += ": ";
  put_decimal(out, static_cast<unsigned>(e.priv));
  out += ' ';
  put_hex64(out, e.pc);
  out += " (0x";
  if (e.length == 2) {
    put_hex(out, e.bits & 0xffff, 4);
  } else {
    put_hex(out, e.bits, 8);
  }
  out += ')';
  if (e.rd_written && e.rd != kNoReg && e.rd != 0) {
    const bool fp = e.rd >= kFpRegBase;
    const unsigned number = fp ? e.rd - kFpRegBase : e.rd;
    out += fp ? " f" : " x";
    put_decimal(out, number);
    out += number < 10 ? "  " : " ";
    put_hex64(out, e.rd_value);
  }
  if (e.num_csr_writes != 0) {
    // Spike logs an fcsr write as its two halves, and FP arithmetic's flag accrual not at all.
    std::array<CsrWrite, 6> csrs{};
    std::size_t n = 0;
    for (std::size_t i = 0; i < e.num_csr_writes && i < e.csr_writes.size(); ++i) {
      const CsrWrite& w = e.csr_writes[i];
      if (w.csr == kCsrFcsr) {
        csrs[n++] = {kCsrFflags, w.value & 0x1f};
        csrs[n++] = {kCsrFrm, (w.value >> 5) & 0x7};
      } else if (w.csr == kCsrFflags && is_fp_arithmetic(e.timing_class)) {
        continue;
      } else {
        csrs[n++] = w;
      }
    }
    std::stable_sort(csrs.begin(), csrs.begin() + n,
                     [](const CsrWrite& a, const CsrWrite& b) { return a.csr < b.csr; });
    for (std::size_t i = 0; i < n; ++i) {
      out += " c";
      put_decimal(out, csrs[i].csr);
      out += '_';
      out += csr_name(csrs[i].csr);
      out += ' ';
      put_hex64(out, csrs[i].value);
    }
  }
  const std::size_t num_mem = std::min<std::size_t>(e.num_mem, e.mem.size());
  for (std::size_t i = 0; i < num_mem; ++i) {
    if (e.mem[i].is_store) continue;
    out += " mem ";
    put_hex64(out, e.mem[i].vaddr);
  }
  for (std::size_t i = 0; i < num_mem; ++i) {
    const MemAccess& m = e.mem[i];
    if (!m.is_store) continue;
    out += " mem ";
    put_hex64(out, m.vaddr);
    out += " 0x";
    put_hex(out, m.value, std::clamp<unsigned>(m.size, 1, 8) * 2);
  }
}

std::string format_spike_commit(const RetireEvent& e) {
  std::string out;
  append_spike_commit(e, out);
  return out;
}

}  // namespace rvscope::trace
