// Device-tree builder with libfdt's sequential-write API.
#include "sim/devices/device_tree.hpp"

#include <fmt/format.h>
#include <libfdt.h>

#include <initializer_list>
#include <string_view>

#include "sim/common/error.hpp"
#include "sim/devices/clint.hpp"
#include "sim/devices/plic.hpp"

namespace rvscope {

namespace {

// Thin wrapper: every libfdt call is checked, and a full buffer is reported as such so the
// caller can retry with a larger one.
class FdtWriter {
 public:
  struct NoSpace {};

  explicit FdtWriter(std::vector<u8>& buf) : buf_(buf) {
    check(fdt_create(buf_.data(), static_cast<int>(buf_.size())), "fdt_create");
    check(fdt_finish_reservemap(buf_.data()), "fdt_finish_reservemap");
  }
  void begin(const std::string& name) { check(fdt_begin_node(buf_.data(), name.c_str()), name); }
  void end() { check(fdt_end_node(buf_.data()), "end node"); }
  void finish() { check(fdt_finish(buf_.data()), "fdt_finish"); }

  void prop(const char* name) { check(fdt_property(buf_.data(), name, nullptr, 0), name); }
  void prop(const char* name, std::string_view text) {
    std::string value(text);
    check(fdt_property(buf_.data(), name, value.c_str(), static_cast<int>(value.size() + 1)), name);
  }
  // A string list: "a\0b\0c\0".
  void prop_strings(const char* name, std::initializer_list<std::string_view> items) {
    std::string value;
    for (auto item : items) {
      value.append(item);
      value.push_back('\0');
    }
    check(fdt_property(buf_.data(), name, value.data(), static_cast<int>(value.size())), name);
  }
  void prop_cells(const char* name, const std::vector<u32>& cells) {
    std::vector<fdt32_t> be;
    be.reserve(cells.size());
    for (u32 cell : cells) be.push_back(cpu_to_fdt32(cell));
    check(fdt_property(buf_.data(), name, be.data(), static_cast<int>(be.size() * 4)), name);
  }
  void prop_u32(const char* name, u32 value) { prop_cells(name, {value}); }
  void prop_bytes(const char* name, const std::vector<u8>& bytes) {
    check(fdt_property(buf_.data(), name, bytes.data(), static_cast<int>(bytes.size())), name);
  }
  void prop_u64(const char* name, u64 value) {
    prop_cells(name, {static_cast<u32>(value >> 32), static_cast<u32>(value)});
  }
  // reg with #address-cells = #size-cells = 2.
  void prop_reg(u64 base, u64 size) {
    prop_cells("reg", {static_cast<u32>(base >> 32), static_cast<u32>(base),
                       static_cast<u32>(size >> 32), static_cast<u32>(size)});
  }

 private:
  void check(int err, std::string_view what) {
    if (err == -FDT_ERR_NOSPACE) throw NoSpace{};
    if (err < 0) fail("device tree: {} failed: {}", what, fdt_strerror(err));
  }
  std::vector<u8>& buf_;
};

std::string node_name(std::string_view name, u64 addr) {
  return fmt::format("{}@{:x}", name, addr);
}

void write_tree(FdtWriter& w, const VirtFdtConfig& config) {
  const unsigned harts = config.harts;
  const u64 uart = virt_base(VirtDevice::kUart0);
  const u64 test = virt_base(VirtDevice::kTest);
  const u64 clint = virt_base(VirtDevice::kClint);
  const u64 plic = virt_base(VirtDevice::kPlic);
  const std::string uart_name = node_name("serial", uart);

  w.begin("");
  w.prop_u32("#address-cells", 2);
  w.prop_u32("#size-cells", 2);
  w.prop("compatible", "riscv-virtio");
  w.prop("model", "riscv-virtio,qemu");

  w.begin("chosen");
  if (!config.rng_seed.empty()) {
    w.prop_bytes("rng-seed", config.rng_seed);
  }
  w.prop("stdout-path", "/soc/" + uart_name);
  if (!config.bootargs.empty()) w.prop("bootargs", config.bootargs);
  if (config.initrd_start) {
    w.prop_u64("linux,initrd-start", *config.initrd_start);
    w.prop_u64("linux,initrd-end", *config.initrd_end);
  }
  w.end();

  w.begin(node_name("memory", config.ram_base));
  w.prop("device_type", "memory");
  w.prop_reg(config.ram_base, config.ram_size);
  w.end();

  w.begin("cpus");
  w.prop_u32("#address-cells", 1);
  w.prop_u32("#size-cells", 0);
  w.prop_u32("timebase-frequency", config.timebase_hz);
  for (unsigned hart = 0; hart < harts; ++hart) {
    w.begin(node_name("cpu", hart));
    w.prop_u32("phandle", virt_fdt_cpu_phandle(hart));
    w.prop("device_type", "cpu");
    w.prop_u32("reg", hart);
    w.prop("status", "okay");
    w.prop("compatible", "riscv");
    w.prop("riscv,isa", config.isa);
    w.prop("mmu-type", config.mmu_type);
    w.begin("interrupt-controller");
    w.prop_u32("#interrupt-cells", 1);
    // QEMU 7.2 omits this and dtc warns (interrupt_provider); later QEMU and Linux add it.
    w.prop_u32("#address-cells", 0);
    w.prop("interrupt-controller");
    w.prop("compatible", "riscv,cpu-intc");
    w.prop_u32("phandle", virt_fdt_intc_phandle(hart));
    w.end();
    w.end();
  }
  w.begin("cpu-map");
  w.begin("cluster0");
  for (unsigned hart = 0; hart < harts; ++hart) {
    w.begin(fmt::format("core{}", hart));
    w.prop_u32("cpu", virt_fdt_cpu_phandle(hart));
    w.end();
  }
  w.end();
  w.end();
  w.end();  // cpus

  w.begin("soc");
  w.prop_u32("#address-cells", 2);
  w.prop_u32("#size-cells", 2);
  w.prop("compatible", "simple-bus");
  w.prop("ranges");

  // QEMU 7.2's order of /soc's children: rtc, serial, test, (pci), virtio_mmio from the
  // last slot down, plic, clint.
  const u64 rtc = virt_base(VirtDevice::kRtc);
  w.begin(node_name("rtc", rtc));
  w.prop_u32("interrupts", kVirtRtcIrq);
  w.prop_u32("interrupt-parent", virt_fdt_plic_phandle(harts));
  w.prop_reg(rtc, virt_size(VirtDevice::kRtc));
  w.prop("compatible", "google,goldfish-rtc");
  w.end();

  w.begin(uart_name);
  w.prop_u32("interrupts", kVirtUart0Irq);
  w.prop_u32("interrupt-parent", virt_fdt_plic_phandle(harts));
  w.prop_u32("clock-frequency", kVirtUartClockHz);
  w.prop_reg(uart, virt_size(VirtDevice::kUart0));
  w.prop("compatible", "ns16550a");
  w.end();

  w.begin(node_name("test", test));
  w.prop_u32("phandle", virt_fdt_test_phandle(harts));
  w.prop_reg(test, virt_size(VirtDevice::kTest));
  w.prop_strings("compatible", {"sifive,test1", "sifive,test0", "syscon"});
  w.end();

  for (unsigned slot = kVirtioSlots; slot-- > 0;) {
    const u64 base = virt_virtio_base(slot);
    w.begin(node_name("virtio_mmio", base));
    w.prop_u32("interrupts", virt_virtio_irq(slot));
    w.prop_u32("interrupt-parent", virt_fdt_plic_phandle(harts));
    w.prop_reg(base, kVirtioSlotSize);
    w.prop("compatible", "virtio,mmio");
    w.end();
  }

  w.begin(node_name("plic", plic));
  w.prop_u32("phandle", virt_fdt_plic_phandle(harts));
  w.prop_u32("riscv,ndev", kVirtPlicNumSources);
  w.prop_reg(plic, virt_size(VirtDevice::kPlic));
  std::vector<u32> cells;
  for (unsigned hart = 0; hart < harts; ++hart) {
    cells.insert(cells.end(), {virt_fdt_intc_phandle(hart), Plic::kMeipBit,
                               virt_fdt_intc_phandle(hart), Plic::kSeipBit});
  }
  w.prop_cells("interrupts-extended", cells);
  w.prop("interrupt-controller");
  w.prop_strings("compatible", {"sifive,plic-1.0.0", "riscv,plic0"});
  w.prop_u32("#address-cells", 0);
  w.prop_u32("#interrupt-cells", 1);
  w.end();

  w.begin(node_name("clint", clint));
  cells.clear();
  for (unsigned hart = 0; hart < harts; ++hart) {
    cells.insert(cells.end(), {virt_fdt_intc_phandle(hart), Clint::kMsipBit,
                               virt_fdt_intc_phandle(hart), Clint::kMtipBit});
  }
  w.prop_cells("interrupts-extended", cells);
  w.prop_reg(clint, virt_size(VirtDevice::kClint));
  w.prop_strings("compatible", {"sifive,clint0", "riscv,clint0"});
  w.end();

  w.end();  // soc

  // syscon-poweroff/-reboot write these values into the test device (OpenSBI and Linux use
  // them to power off and reboot).
  for (auto [node, value] : {std::pair{"poweroff", 0x5555u}, std::pair{"reboot", 0x7777u}}) {
    w.begin(node);
    w.prop_u32("value", value);
    w.prop_u32("offset", 0);
    w.prop_u32("regmap", virt_fdt_test_phandle(harts));
    w.prop("compatible", std::string("syscon-") + node);
    w.end();
  }

  w.end();  // root
  w.finish();
}

}  // namespace

std::vector<u8> build_virt_fdt(const VirtFdtConfig& config) {
  if (config.harts == 0 || config.harts > kVirtCpusMax) {
    fail("device tree: {} harts requested, must be 1..{}", config.harts, kVirtCpusMax);
  }
  if (config.initrd_start.has_value() != config.initrd_end.has_value() ||
      (config.initrd_start && *config.initrd_end < *config.initrd_start)) {
    fail("device tree: initrd needs start <= end, got start {} end {}",
         config.initrd_start ? fmt::format("{:#x}", *config.initrd_start) : "none",
         config.initrd_end ? fmt::format("{:#x}", *config.initrd_end) : "none");
  }
  for (std::size_t size = 16 * 1024;; size *= 2) {
    std::vector<u8> buf(size, 0);
    try {
      FdtWriter writer(buf);
      write_tree(writer, config);
    } catch (const FdtWriter::NoSpace&) {
      continue;
    }
    buf.resize(fdt_totalsize(buf.data()));
    return buf;
  }
}

}  // namespace rvscope
