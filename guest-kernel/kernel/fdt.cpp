// A minimal flattened-device-tree walker (structure block tokens, big-endian cells).
#include "kernel/fdt.hpp"

namespace starlet {
namespace {
u32 be32(const void* p) {
  auto* b = static_cast<const u8*>(p);
  return (u32(b[0]) << 24) | (u32(b[1]) << 16) | (u32(b[2]) << 8) | b[3];
}
u64 read_cells(const u8* p, u32 cells) {
  u64 v = 0;
  for (u32 i = 0; i < cells; i++) v = (v << 32) | be32(p + 4 * i);
  return v;
}
bool starts_with(const char* s, const char* prefix) {
  return kstrncmp(s, prefix, kstrlen(prefix)) == 0;
}
}  // namespace

bool fdt_parse(u64 dtb, BootInfo* out) {
  auto* base = reinterpret_cast<const u8*>(dtb);
  if (!base || be32(base) != 0xd00dfeed) return false;
  out->dtb_addr = dtb;
  out->dtb_size = be32(base + 4);
  const u8* st = base + be32(base + 8);
  const char* strings = reinterpret_cast<const char*>(base + be32(base + 12));
  u32 addr_cells = 2, size_cells = 2;
  int depth = 0;
  const char* node1 = "";  // name of the depth-1 node we are inside
  // The /soc child being walked: its reg and whether it is the goldfish RTC (the two
  // properties come in either order).
  u64 soc_child_reg = 0;
  bool soc_child_is_rtc = false;
  u32 soc_addr_cells = 2;
  // The /cpus child being walked: a hart when named cpu@N, its reg, whether disabled.
  bool cpu_node = false, cpu_disabled = false;
  u64 cpu_reg = ~0ull;
  u32 cpus_addr_cells = 1;
  for (;;) {
    u32 tok = be32(st);
    st += 4;
    if (tok == 1) {  // FDT_BEGIN_NODE
      const char* name = reinterpret_cast<const char*>(st);
      depth++;
      if (depth == 2) node1 = name;
      if (depth == 3) soc_child_reg = 0, soc_child_is_rtc = false;
      if (depth == 3 && !kstrcmp(node1, "cpus")) {
        cpu_node = starts_with(name, "cpu@");
        cpu_disabled = false;
        cpu_reg = ~0ull;
      }
      st += (kstrlen(name) + 4) & ~3ull;
    } else if (tok == 2) {  // FDT_END_NODE
      if (depth == 3 && soc_child_is_rtc && soc_child_reg) out->rtc_base = soc_child_reg;
      if (depth == 3 && cpu_node && !cpu_disabled && cpu_reg < 64 && out->nr_harts < kMaxCpus)
        out->hartids[out->nr_harts++] = cpu_reg;
      if (depth == 3) cpu_node = false;
      depth--;
      if (depth == 1) node1 = "";
    } else if (tok == 3) {  // FDT_PROP
      u32 len = be32(st);
      const char* pname = strings + be32(st + 4);
      const u8* val = st + 8;
      st += 8 + ((len + 3) & ~3u);
      if (depth == 1) {
        if (!kstrcmp(pname, "#address-cells")) addr_cells = be32(val);
        if (!kstrcmp(pname, "#size-cells")) size_cells = be32(val);
      } else if (depth == 2 && starts_with(node1, "memory") && !kstrcmp(pname, "reg")) {
        if (out->ram_size == 0) {
          out->ram_base = read_cells(val, addr_cells);
          out->ram_size = read_cells(val + 4 * addr_cells, size_cells);
        }
      } else if (depth == 2 && !kstrcmp(node1, "chosen")) {
        if (!kstrcmp(pname, "bootargs")) {
          u32 n = min<u32>(len, sizeof out->bootargs - 1);
          memcpy(out->bootargs, val, n);
          out->bootargs[n] = 0;
        } else if (!kstrcmp(pname, "linux,initrd-start")) {
          out->initrd_start = read_cells(val, len / 4);
        } else if (!kstrcmp(pname, "linux,initrd-end")) {
          out->initrd_end = read_cells(val, len / 4);
        }
      } else if (depth == 2 && !kstrcmp(node1, "cpus") && !kstrcmp(pname, "timebase-frequency")) {
        out->timebase_hz = read_cells(val, len / 4);
      } else if (depth == 2 && !kstrcmp(node1, "cpus") && !kstrcmp(pname, "#address-cells")) {
        cpus_addr_cells = be32(val);
      } else if (depth == 3 && cpu_node && !kstrcmp(pname, "reg") && len >= 4 * cpus_addr_cells) {
        cpu_reg = read_cells(val, cpus_addr_cells);
      } else if (depth == 3 && cpu_node && !kstrcmp(pname, "status")) {
        const char* st_val = reinterpret_cast<const char*>(val);
        cpu_disabled = kstrcmp(st_val, "okay") && kstrcmp(st_val, "ok");
      } else if (depth == 2 && !kstrcmp(node1, "soc") && !kstrcmp(pname, "#address-cells")) {
        soc_addr_cells = be32(val);
      } else if (depth == 3 && !kstrcmp(node1, "soc")) {
        if (!kstrcmp(pname, "reg") && len >= 4 * soc_addr_cells) {
          soc_child_reg = read_cells(val, soc_addr_cells);
        } else if (!kstrcmp(pname, "compatible")) {
          // A string list: any entry may name the device.
          for (u32 at = 0; at < len; at += kstrlen(reinterpret_cast<const char*>(val) + at) + 1) {
            if (!kstrcmp(reinterpret_cast<const char*>(val) + at, "google,goldfish-rtc"))
              soc_child_is_rtc = true;
          }
        }
      }
    } else if (tok == 4) {  // FDT_NOP
    } else {
      break;  // FDT_END or garbage
    }
  }
  return true;
}

}  // namespace starlet
