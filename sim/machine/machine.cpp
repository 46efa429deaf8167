// Machine: wiring, the boot flow of QEMU's virt board, and the deterministic run loop.
#include "sim/machine/machine.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>

#include "sim/common/error.hpp"
#include "sim/common/input_file.hpp"
#include "sim/cpu/csr_numbers.hpp"
#include "sim/devices/device_tree.hpp"
#include "sim/devices/seeded_random.hpp"
#include "sim/devices/virt_map.hpp"
#include "sim/devices/virtio/virtio_blk.hpp"
#include "sim/devices/virtio/virtio_rng.hpp"
#include "sim/elf/elf_file.hpp"
#include "sim/machine/console_gate.hpp"

namespace rvscope {
namespace {

constexpr u64 kMaxSingleHartSlice = 1 << 14;
constexpr char kElfMagic[] = {0x7f, 'E', 'L', 'F', 0};

const char* cause_name(bool interrupt, u64 cause) {
  if (interrupt) {
    static const char* const kIrq[] = {
        "?", "supervisor software interrupt", "?", "machine software interrupt",
        "?", "supervisor timer interrupt",    "?", "machine timer interrupt",
        "?", "supervisor external interrupt", "?", "machine external interrupt"};
    return cause < 12 ? kIrq[cause] : "interrupt";
  }
  static const char* const kExc[] = {"instruction address misaligned",
                                     "instruction access fault",
                                     "illegal instruction",
                                     "breakpoint",
                                     "load address misaligned",
                                     "load access fault",
                                     "store/AMO address misaligned",
                                     "store/AMO access fault",
                                     "ecall from U-mode",
                                     "ecall from S-mode",
                                     "reserved",
                                     "ecall from M-mode",
                                     "instruction page fault",
                                     "load page fault",
                                     "reserved",
                                     "store/AMO page fault"};
  return cause < 16 ? kExc[cause] : "exception";
}

}  // namespace

Machine::Machine(const MachineConfig& config) : config_(config) {
  const MachineParams& m = config_.machine;
  bus_.attach_ram(std::make_unique<Ram>(m.ram_base, m.ram_size));
  decode_cache_ = std::make_unique<DecodeCache>(bus_);
  decode_cache_->set_jit(config_.run.jit, config_.run.jit_threshold);
  for (unsigned i = 0; i < m.harts; ++i) {
    harts_.push_back(std::make_unique<Hart>(i, bus_, *decode_cache_, &guest_time_));
    harts_.back()->set_shares_memory(m.harts > 1);
  }
  build_devices();
}

Machine::~Machine() {
  if (console_out_) console_out_->flush();
}

void Machine::build_devices() {
  switch (config_.console.output) {
    case ConsoleOutput::kStdout:
      console_out_ = std::make_unique<FdOutput>(1);
      break;
    case ConsoleOutput::kStderr:
      console_out_ = std::make_unique<FdOutput>(2);
      break;
    case ConsoleOutput::kFile:
      console_out_ = std::make_unique<FileOutput>(config_.console.output_path);
      break;
  }
  auto gate = std::make_unique<ConsoleGate>(std::move(console_out_));
  console_gate_ = gate.get();
  console_out_ = std::move(gate);
  if (config_.console.input == ConsoleInput::kStdin) {
    console_in_ = std::make_unique<FdInput>(0, false);
  }
  const unsigned harts = num_harts();
  test_ = std::make_unique<SifiveTest>();
  test_->set_on_request([this] {
    if (running_hart_ >= 0) harts_[running_hart_]->end_batch();
  });
  clint_ = std::make_unique<Clint>(harts, *this, *this);
  plic_ = std::make_unique<Plic>(harts, kVirtPlicNumSources, kVirtPlicPriorityBits, *this);
  uart_ = std::make_unique<Uart16550>(console_in_.get(), *console_out_);
  uart_->set_irq([this](bool level) { plic_->set_source_level(kVirtUart0Irq, level); });
  bus_.attach(virt_base(VirtDevice::kTest), virt_size(VirtDevice::kTest), test_.get());
  bus_.attach(virt_base(VirtDevice::kClint), virt_size(VirtDevice::kClint), clint_.get());
  bus_.attach(virt_base(VirtDevice::kPlic), virt_size(VirtDevice::kPlic), plic_.get());
  bus_.attach(virt_base(VirtDevice::kUart0), virt_size(VirtDevice::kUart0), uart_.get());
  timed_devices_ = {clint_.get(), uart_.get()};
  guest_time_.attach(clint_.get());
  build_virtio_and_rtc();
}

void Machine::build_virtio_and_rtc() {
  const DevicesConfig& devices = config_.devices;
  // The RTC counts simulated time (this machine's mtime, not the guest-writable CLINT's).
  rtc_ = std::make_unique<GoldfishRtc>(
      *this, config_.machine.timebase_hz, devices.rtc_epoch_ns,
      [this](bool level) { plic_->set_source_level(kVirtRtcIrq, level); });
  bus_.attach(virt_base(VirtDevice::kRtc), virt_size(VirtDevice::kRtc), rtc_.get());
  timed_devices_.push_back(rtc_.get());

  dma_ = std::make_unique<GuestDma>(
      bus_.ram(), [this](u64 paddr, u64 len) { decode_cache_->on_code_write(paddr, len); });
  if (devices.virtio.size() > kVirtioSlots) {
    fail("{} virtio devices configured, QEMU virt has {} slots", devices.virtio.size(),
         kVirtioSlots);
  }
  std::vector<VirtioBackend*> by_slot(kVirtioSlots, nullptr);
  std::vector<std::string> labels(kVirtioSlots);
  for (unsigned i = 0; i < devices.virtio.size(); ++i) {
    const VirtioDeviceConfig& device = devices.virtio[i];
    const unsigned slot = virt_virtio_slot_of_device(i);
    const bool block = device.kind == VirtioDeviceConfig::Kind::kBlock;
    labels[slot] = fmt::format("{} in virtio slot {} at {:#x}{}",
                               block ? "virtio-blk" : "virtio-rng", slot, virt_virtio_base(slot),
                               device.id.empty() ? "" : fmt::format(" (id {})", device.id));
    if (block) {
      disks_.push_back(std::make_unique<DiskImage>(device.file, device.mode, labels[slot]));
      virtio_backends_.push_back(std::make_unique<VirtioBlk>(*disks_.back(), device.id));
    } else {
      virtio_backends_.push_back(std::make_unique<VirtioRng>(devices.rng_seed));
    }
    by_slot[slot] = virtio_backends_.back().get();
  }
  for (unsigned slot = 0; slot < kVirtioSlots; ++slot) {
    if (labels[slot].empty()) labels[slot] = fmt::format("virtio slot {}", slot);
    virtio_.push_back(std::make_unique<VirtioMmio>(
        *dma_, by_slot[slot], labels[slot],
        [this, slot](bool level) { plic_->set_source_level(virt_virtio_irq(slot), level); }));
    bus_.attach(virt_virtio_base(slot), kVirtioSlotSize, virtio_.back().get());
  }
}

u64 Machine::load_elf_into_ram(const std::string& path, bool with_symbols) {
  return load_elf_into_ram(ElfFile::load(path), with_symbols);
}

u64 Machine::load_elf_into_ram(const ElfFile& elf, bool with_symbols) {
  Ram& ram = bus_.ram();
  elf.load_segments(ram.base(), ram.size(),
                    [&](u64 paddr, std::span<const u8> bytes, u64 zero_fill) {
                      std::memcpy(ram.host(paddr), bytes.data(), bytes.size());
                      std::memset(ram.host(paddr + bytes.size()), 0, zero_fill);
                    });
  if (with_symbols) symbols_.merge(elf.symbols());
  spdlog::debug("loaded {} (entry {:#x}, {} segments, {} symbols)", elf.name(), elf.entry(),
                elf.segments().size(), elf.symbols().size());
  if (elf.find_symbol("tohost") && config_.boot.mode == BootMode::kDirect) {
    const u64 tohost = *elf.find_symbol("tohost");
    const u64 fromhost = elf.find_symbol("fromhost").value_or(0);
    htif_ = std::make_unique<Htif>(tohost, fromhost, *console_out_);
    decode_cache_->watch_writes(tohost, [this] {
      if (running_hart_ >= 0) harts_[running_hart_]->end_batch();
    });
    spdlog::debug("HTIF tohost at {:#x}, fromhost at {:#x}", tohost, fromhost);
  }
  return elf.entry();
}

void Machine::load() {
  if (config_.boot.mode == BootMode::kDirect) {
    load_direct();
  } else {
    load_firmware_boot();
  }
}

void Machine::place_device_tree(std::optional<u64> initrd_start, std::optional<u64> initrd_end) {
  VirtFdtConfig fdt_config;
  fdt_config.harts = num_harts();
  fdt_config.isa = config_.machine.isa;
  fdt_config.timebase_hz = static_cast<u32>(config_.machine.timebase_hz);
  fdt_config.ram_base = config_.machine.ram_base;
  fdt_config.ram_size = config_.machine.ram_size;
  fdt_config.bootargs = config_.boot.bootargs;
  fdt_config.initrd_start = initrd_start;
  fdt_config.initrd_end = initrd_end;
  // 32 bytes, as QEMU 7.2 writes (its dumpdtb shows eight cells).
  fdt_config.rng_seed.resize(32);
  SeededRandom(config_.devices.rng_seed, SeededRandom::kStreamDeviceTree)
      .fill(fdt_config.rng_seed.data(), fdt_config.rng_seed.size());
  fdt_ = build_virt_fdt(fdt_config);
  fdt_addr_ = virt_fdt_address(bus_.ram().base(), bus_.ram().size(), fdt_.size());
  bus_.write_block(fdt_addr_, fdt_.data(), fdt_.size());
}

void Machine::load_direct() {
  if (config_.boot.kernel.empty()) fail("boot.mode is direct but no program was given");
  const u64 entry = load_elf_into_ram(config_.boot.kernel, true);
  place_device_tree(std::nullopt, std::nullopt);
  for (auto& hart : harts_) {
    hart->reset(entry);
    hart->x[10] = hart->id();
    hart->x[11] = fdt_addr_;
  }
}

void Machine::load_firmware_boot() {
  const BootConfig& boot = config_.boot;
  Ram& ram = bus_.ram();
  const u64 firmware_entry = load_elf_into_ram(boot.firmware, true);
  if (!boot.kernel.empty()) {
    InputFile kernel(boot.kernel, "kernel");
    if (kernel.size() == 0) fail("kernel '{}' is empty", boot.kernel);
    if (kernel.starts_with(kElfMagic)) {
      // Opening it again by name could read another file than the one just checked.
      load_elf_into_ram(ElfFile::from_input(kernel, boot.kernel), true);
    } else {
      if (!ram.contains(boot.kernel_addr, kernel.size())) {
        fail("kernel '{}' ({} bytes) does not fit in RAM at {:#x}", boot.kernel, kernel.size(),
             boot.kernel_addr);
      }
      kernel.read_into(ram.host(boot.kernel_addr));
    }
  }
  std::optional<u64> initrd_start, initrd_end;
  if (!boot.initrd.empty()) {
    // Where QEMU's riscv_load_initrd puts it: far enough above the kernel not to be
    // overwritten, but low enough to stay reachable.
    InputFile initrd(boot.initrd, "initrd");
    if (initrd.size() == 0) fail("initrd '{}' is empty", boot.initrd);
    const u64 start = boot.kernel_addr + std::min<u64>(ram.size() / 2, 128ull << 20);
    if (!ram.contains(start, initrd.size())) {
      fail("initrd '{}' ({} bytes) does not fit in RAM at {:#x}", boot.initrd, initrd.size(),
           start);
    }
    initrd.read_into(ram.host(start));
    initrd_start = start;
    initrd_end = start + initrd.size();
  }
  place_device_tree(initrd_start, initrd_end);
  boot_rom_ = std::make_unique<BootRom>(firmware_entry, fdt_addr_, boot.kernel_addr);
  bus_.attach(virt_base(VirtDevice::kMrom), virt_size(VirtDevice::kMrom), boot_rom_.get());
  for (auto& hart : harts_) hart->reset(virt_base(VirtDevice::kMrom));
}

u64 Machine::cycles_to_mtime(u64 cycles) const {
  return static_cast<u64>(static_cast<u128>(cycles) * config_.machine.timebase_hz /
                          config_.machine.core_hz);
}

u64 Machine::mtime_to_cycles(u64 mtime) const {
  const u128 c =
      (static_cast<u128>(mtime) * config_.machine.core_hz + config_.machine.timebase_hz - 1) /
      config_.machine.timebase_hz;
  return c > ~0ull ? ~0ull : static_cast<u64>(c);
}

u64 Machine::mtime() const {
  u64 now = clock_cycles_;
  if (running_hart_ >= 0)
    now = round_start_cycles_ + (harts_[running_hart_]->cycles() - running_hart_start_);
  return cycles_to_mtime(now);
}

void Machine::set_interrupt(unsigned hart, unsigned mip_bit, bool level) {
  if (hart >= harts_.size()) return;
  harts_[hart]->set_interrupt_line(mip_bit, level);
  // The hart that caused it (an IPI, a timer compare) must see it without finishing its slice.
  if (running_hart_ >= 0) harts_[running_hart_]->end_batch();
}

u64 Machine::total_executed() const {
  u64 total = 0;
  for (const auto& hart : harts_) total += hart->executed();
  return total;
}

void Machine::add_observer(HartObserver* observer, std::function<ObserveLevel()> level) {
  fanout_.add(observer);
  observer_levels_.emplace_back(observer, std::move(level));
  refresh_observers();
}

void Machine::remove_observer(HartObserver* observer) {
  fanout_.remove(observer);
  std::erase_if(observer_levels_, [&](const auto& entry) { return entry.first == observer; });
  refresh_observers();
}

ObserveLevel Machine::observe_level() const {
  ObserveLevel level = ObserveLevel::kNone;
  for (const auto& [observer, ask] : observer_levels_) {
    const ObserveLevel wanted = ask ? ask() : ObserveLevel::kEveryInstruction;
    if (wanted > level) level = wanted;
  }
  return level;
}

void Machine::refresh_observers() {
  const ObserveLevel level = observe_level();
  // A lone observer is called directly, without the fan-out's loop.
  HartObserver* target = observer_levels_.size() == 1 ? observer_levels_.front().first : &fanout_;
  for (auto& hart : harts_) {
    hart->set_observer(level == ObserveLevel::kNone ? nullptr : target,
                       level == ObserveLevel::kEveryInstruction);
  }
}

void Machine::set_periodic(std::function<bool()> callback, u64 interval_insns) {
  periodic_ = std::move(callback);
  periodic_interval_ = std::max<u64>(interval_insns, 1);
  next_periodic_ = total_executed() + periodic_interval_;
}

void Machine::set_cycle_source(CycleSource* source) {
  cycle_source_ = source;
  for (auto& hart : harts_) hart->set_cycle_source(source);
}

void Machine::request_stop() {
  stop_requested_ = true;
  for (auto& hart : harts_) hart->end_batch();
}

bool Machine::for_each_ram_piece(unsigned h, u64 vaddr, u64 len, AccessType type,
                                 const std::function<void(u64 paddr, u64 offset, u64 size)>& act) {
  // Two passes, so that nothing is done unless every byte translates to RAM: a debugger or
  // tracer access must never touch a device (a PLIC claim, a UART byte) nor half succeed.
  const Mmu& mmu = harts_[h]->mmu();
  for (const bool acting : {false, true}) {
    for (u64 offset = 0; offset < len;) {
      const u64 at = vaddr + offset;
      const u64 size = std::min<u64>(len - offset, 4096 - (at & 0xfff));
      u64 paddr = 0;
      if (!mmu.debug_translate(at, type, paddr, false) || !bus_.is_ram(paddr, size)) return false;
      if (acting) act(paddr, offset, size);
      offset += size;
    }
  }
  return true;
}

bool Machine::read_virtual(unsigned h, u64 vaddr, void* dst, u64 len) {
  auto* out = static_cast<u8*>(dst);
  return for_each_ram_piece(h, vaddr, len, AccessType::kLoad, [&](u64 paddr, u64 offset, u64 size) {
    bus_.read_block(paddr, out + offset, size);
  });
}

bool Machine::peek_virtual(unsigned h, u64 vaddr, void* dst, u64 len) {
  auto* out = static_cast<u8*>(dst);
  const Mmu& mmu = harts_[h]->mmu();
  for (u64 offset = 0; offset < len;) {
    const u64 at = vaddr + offset;
    const u64 size = std::min<u64>(len - offset, 4096 - (at & 0xfff));
    u64 paddr = 0;
    if (!mmu.debug_translate(at, AccessType::kLoad, paddr, false) ||
        !bus_.peek_block(paddr, out + offset, size))
      return false;
    offset += size;
  }
  return true;
}

bool Machine::write_virtual(unsigned h, u64 vaddr, const void* src, u64 len) {
  const auto* in = static_cast<const u8*>(src);
  return for_each_ram_piece(h, vaddr, len, AccessType::kStore,
                            [&](u64 paddr, u64 offset, u64 size) {
                              decode_cache_->on_code_write(paddr, size);
                              bus_.write_block(paddr, in + offset, size);
                            });
}

RunResult Machine::stuck_result(const Hart& hart) const {
  const Hart::TrapRecord& t = hart.stuck_trap();
  const Hart::TrapRecord& before = hart.first_trap_of_loop();
  std::string message;
  if (before.valid && !(before.epc == t.epc && before.cause == t.cause)) {
    message = fmt::format(
        "hart {}: {} at pc {:#x} (tval {:#x}), and its trap vector {:#x} "
        "cannot run either: {} there",
        hart.id(), cause_name(before.interrupt, before.cause), before.epc, before.tval, t.epc,
        cause_name(false, t.cause));
  } else {
    message = fmt::format(
        "hart {}: {} at pc {:#x} (tval {:#x}) traps to itself: the guest "
        "jumped into nowhere",
        hart.id(), cause_name(false, t.cause), t.epc, t.tval);
  }
  auto sym = symbols_.symbolize(before.valid ? before.epc : t.epc);
  if (sym) message += fmt::format(" [{}]", sym->to_string());
  return {StopReason::kGuestStuck, kExitGuestStuck, message};
}

std::optional<RunResult> Machine::check_stop() {
  for (const auto& hart : harts_) {
    if (hart->stuck()) return stuck_result(*hart);
  }
  if (htif_ != nullptr) {
    htif_->poll(bus_.ram());
    if (htif_->exited()) return RunResult{StopReason::kGuestExit, htif_->exit_code(), ""};
  }
  if (test_->stop_requested()) return RunResult{StopReason::kGuestExit, test_->exit_code(), ""};
  if (test_->reset_requested()) {
    return RunResult{StopReason::kGuestExit, 0, "the guest asked for a reset"};
  }
  return std::nullopt;
}

std::optional<RunResult> Machine::run_for(u64 max_insns) {
  const u64 start = total_executed();
  const u64 limit = max_insns == 0 ? ~0ull : start + max_insns;
  const bool single = harts_.size() == 1;
  const u64 quantum = single ? kMaxSingleHartSlice : std::max<u64>(config_.run.quantum, 1);
  stopped_hart_.reset();
  halted_ = false;
  parked_ = false;
  for (;;) {
    if (auto stop = check_stop()) {
      console_out_->flush();
      return stop;
    }
    if (stop_requested_) {
      stop_requested_ = false;
      halted_ = true;
      return std::nullopt;
    }
    const u64 executed = total_executed();
    if (executed >= limit) return std::nullopt;
    if (periodic_ && executed >= next_periodic_) {
      next_periodic_ = executed + periodic_interval_;
      if (!periodic_()) {
        halted_ = true;
        return std::nullopt;
      }
    }
    const u64 next_event = tick_devices();
    u64 slice = quantum;
    if (next_event != ~0ull) {
      const u64 due = mtime_to_cycles(next_event);
      slice = std::clamp<u64>(due > clock_cycles_ ? due - clock_cycles_ : 1, 1, quantum);
    }
    slice = std::min(slice, limit - executed);
    if (periodic_) slice = std::min(slice, std::max<u64>(next_periodic_ - executed, 1));

    if (config_.machine.real_time) pace_to_host_time();
    round_start_cycles_ = clock_cycles_;
    u64 longest = 0;
    bool all_idle = true;
    for (auto& hart : harts_) {
      if (!runs(*hart)) continue;
      if (!observer_levels_.empty()) refresh_observers();
      running_hart_ = static_cast<int>(hart->id());
      running_hart_start_ = hart->cycles();
      hart->run(slice);
      longest = std::max(longest, hart->cycles() - running_hart_start_);
      if (!hart->waiting_for_interrupt()) all_idle = false;
      const HartStop why = hart->last_stop();
      if (why == HartStop::kBreakpoint ||
          (why == HartStop::kRequested && hart->take_stop_request())) {
        // A debugger stop: the other harts of this round do not run.
        stopped_hart_ = hart->id();
        break;
      }
    }
    running_hart_ = -1;
    if (stopped_hart_) {
      // No minimum here: a stop before the round's first instruction took no time, and a run
      // stopped and resumed must keep the clock of one that never stopped.
      clock_cycles_ += longest;
      halted_ = true;
      return std::nullopt;
    }
    if (all_idle && longest == 0) {
      if (next_event == ~0ull) {
        if (only_hart_) {
          // A stopped hart might have sent the interrupt: not stuck, just nothing to do.
          parked_ = true;
          halted_ = true;
          return std::nullopt;
        }
        return RunResult{StopReason::kGuestStuck, kExitGuestStuck,
                         "every hart waits for an interrupt (wfi) and no event can wake one"};
      }
      const u64 wake = std::max(clock_cycles_ + 1, mtime_to_cycles(next_event));
      for (auto& hart : harts_) {
        if (runs(*hart)) hart->add_idle_cycles(wake - clock_cycles_);
      }
      clock_cycles_ = wake;
    } else {
      clock_cycles_ += std::max<u64>(longest, 1);
    }
  }
}

u64 Machine::tick_devices() {
  const u64 now_mtime = cycles_to_mtime(clock_cycles_);
  u64 next_event = ~0ull;
  for (Device* device : timed_devices_) {
    device->tick(now_mtime);
    next_event = std::min(next_event, device->next_event(now_mtime));
  }
  return next_event;
}

std::optional<RunResult> Machine::step_hart(unsigned h, const std::function<void(Hart&)>& execute) {
  Hart& hart = *harts_[h];
  const u64 next_event = tick_devices();
  u64 mie = 0;
  if (hart.waiting_for_interrupt() && hart.debug_csr_read(csr::kMie, mie) &&
      (hart.mip() & mie) == 0 && next_event != ~0ull) {
    // run_for would let the clock jump to the device event that can wake the hart.
    const u64 wake = std::max(clock_cycles_ + 1, mtime_to_cycles(next_event));
    hart.add_idle_cycles(wake - clock_cycles_);
    clock_cycles_ = wake;
    tick_devices();
  }
  if (!observer_levels_.empty()) refresh_observers();
  round_start_cycles_ = clock_cycles_;
  running_hart_ = static_cast<int>(h);
  running_hart_start_ = hart.cycles();
  execute(hart);
  running_hart_ = -1;
  clock_cycles_ += hart.cycles() - running_hart_start_;
  if (auto stop = check_stop()) {
    console_out_->flush();
    return stop;
  }
  return std::nullopt;
}

void Machine::pace_to_host_time() {
  // Only when the config asks: simulated time may not run ahead of the host's, so an idle
  // guest (every hart in WFI, the clock jumping ahead) sleeps instead of racing.
  using Clock = std::chrono::steady_clock;
  const auto now = Clock::now();
  if (!pace_start_) {
    pace_start_ = now;
    pace_start_cycles_ = clock_cycles_;
  }
  const double sim_seconds = static_cast<double>(clock_cycles_ - pace_start_cycles_) /
                             static_cast<double>(config_.machine.core_hz);
  const auto due = *pace_start_ + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(sim_seconds));
  if (due > now)
    std::this_thread::sleep_for(
        std::min<Clock::duration>(due - now, std::chrono::milliseconds(50)));
}

RunResult Machine::run() {
  const u64 max = config_.run.max_insns;
  for (;;) {
    const u64 executed = total_executed();
    if (max != 0 && executed >= max) {
      console_out_->flush();
      return {StopReason::kInsnLimit, kExitInsnLimit,
              fmt::format("stopped after {} instructions (run.max_insns)", executed)};
    }
    if (auto result = run_for(max == 0 ? 0 : max - executed)) return *result;
    if (halted_) {
      halted_ = false;
      console_out_->flush();
      return {StopReason::kDebugger, 0, "stopped on request"};
    }
  }
}

}  // namespace rvscope
