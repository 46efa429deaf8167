// Machine: QEMU virt's board: harts, bus, devices and device tree wired from a config; the
// boot flow; the run loop that interleaves harts and ticks devices on simulated time.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/config/machine_config.hpp"
#include "sim/cpu/decode_cache.hpp"
#include "sim/cpu/hart.hpp"
#include "sim/devices/boot_rom.hpp"
#include "sim/devices/char_io.hpp"
#include "sim/devices/clint.hpp"
#include "sim/devices/goldfish_rtc.hpp"
#include "sim/devices/htif.hpp"
#include "sim/devices/plic.hpp"
#include "sim/devices/sifive_test.hpp"
#include "sim/devices/uart16550.hpp"
#include "sim/devices/virtio/disk_image.hpp"
#include "sim/devices/virtio/virtio_mmio.hpp"
#include "sim/elf/symbol_table.hpp"
#include "sim/machine/machine_state.hpp"
#include "sim/machine/observer_fanout.hpp"

namespace rvscope {

class ConsoleGate;
class ElfFile;

enum class StopReason : u8 {
  kGuestExit,   // test finisher, HTIF, or SBI shutdown through the test device
  kInsnLimit,   // run.max_insns reached
  kGuestStuck,  // a trap that can never make progress, or every hart idle forever
  kDebugger,    // the gdb stub asked to stop (kill)
};

struct RunResult {
  StopReason reason = StopReason::kGuestExit;
  int exit_code = 0;
  std::string message;  // for kGuestStuck: what happened, with pc and cause
};

// The time the guest reads from the `time` CSR: the CLINT's mtime, which includes the
// offset a guest write to mtime leaves.
class GuestTime final : public TimeSource {
 public:
  void attach(const Clint* clint) { clint_ = clint; }
  u64 mtime() const override { return clint_ != nullptr ? clint_->mtime() : 0; }

 private:
  const Clint* clint_ = nullptr;
};

class Machine final : public InterruptSink, public TimeSource {
 public:
  explicit Machine(const MachineConfig& config);
  ~Machine() override;

  // Loads firmware/kernel/initrd (or the bare-metal ELF) and resets the harts.
  void load();
  // Runs until the guest exits, a limit is reached, or something stops it.
  RunResult run();
  // Runs at most `max_insns` more instructions over all harts (0 = no limit); returns a
  // result when the guest stops, nullopt when the budget ran out or a stop was requested.
  std::optional<RunResult> run_for(u64 max_insns);

  // ---- state ----
  const MachineConfig& config() const { return config_; }
  unsigned num_harts() const { return static_cast<unsigned>(harts_.size()); }
  Hart& hart(unsigned i) { return *harts_[i]; }
  Bus& bus() { return bus_; }
  DecodeCache& decode_cache() { return *decode_cache_; }
  const SymbolTable& symbols() const { return symbols_; }
  void add_symbols(const SymbolTable& more) { symbols_.merge(more); }
  const std::vector<u8>& device_tree() const { return fdt_; }
  u64 device_tree_address() const { return fdt_addr_; }
  u64 total_executed() const;
  u64 cycles() const { return clock_cycles_; }
  Htif* htif() { return htif_.get(); }
  // The virtio-mmio transport of slot 0..7 (every slot has one, empty or not).
  VirtioMmio& virtio_slot(unsigned slot) { return *virtio_[slot]; }
  GoldfishRtc& rtc() { return *rtc_; }

  // ---- observation ----
  // `level` is asked before every slice (an instruction-trace window may open at a trap);
  // without one the observer hears every instruction.
  void add_observer(HartObserver* observer, std::function<ObserveLevel()> level = {});
  void remove_observer(HartObserver* observer);
  // Called every `interval_insns` instructions (roughly) from the run loop, e.g. for a
  // status line or a debugger's interrupt poll. Returning false stops the run.
  void set_periodic(std::function<bool()> callback, u64 interval_insns);
  void request_stop();
  // A timing model's cycles replace one-cycle-per-instruction for every hart.
  void set_cycle_source(CycleSource* source);
  // After run_for returned nullopt: the hart that stopped at a breakpoint (or whose stop was
  // requested from inside its slice by an observer), if any.
  std::optional<unsigned> stopped_hart() const { return stopped_hart_; }
  // Restricts run_for to one hart (a debugger's "continue this thread only"): the others
  // execute nothing and take no interrupt, and simulated time follows the running hart.
  // nullopt runs every hart again.
  void set_only_hart(std::optional<unsigned> hart) { only_hart_ = hart; }
  // After run_for returned nullopt under set_only_hart: the running hart waits in wfi and no
  // device event can wake it (only a stopped hart could). With every hart running the same
  // situation ends the run as kGuestStuck instead.
  bool parked() const { return parked_; }
  // One round of the run loop for hart `h` alone, in which `execute` advances it (a debugger's
  // single step): devices are ticked to the current time first (a hart waiting in wfi sleeps
  // until the next device event, as in run_for), and the clock advances by the cycles the hart
  // spent, so N steps move simulated time exactly as N instructions inside run_for do.
  // Returns a result when the guest stopped (an exit by that instruction, a stuck hart).
  std::optional<RunResult> step_hart(unsigned h, const std::function<void(Hart&)>& execute);

  // ---- snapshots (machine_state.cpp) ----
  // The whole state between two run_for calls: RAM by page, harts, every device on the bus,
  // HTIF, the clock. SimError naming what cannot be saved (a device without snapshot
  // support, an attached timing model). Restoring needs a machine built from the same config
  // and loaded; it invalidates decoded code of every RAM page that changes.
  // Without RAM (`with_ram` false) the caller keeps RAM itself (ExecutionHistory shares
  // pages between its checkpoints); a state without a RAM section leaves RAM as it is.
  MachineState save_state(bool with_ram = true);
  void restore_state(const MachineState& state);
  // Writes RAM page `index` (4 KiB from ram_base) when its contents differ, dropping the
  // code decoded from it; true when it changed.
  bool restore_ram_page(u64 index, const u8* bytes);
  // While muted, the guest's console output (UART, HTIF) is dropped: re-executed history.
  void set_console_muted(bool muted);
  // The run is over: the console is flushed and a console file checked (SimError naming it
  // when a write failed).
  void commit_console() { console_out_->commit(); }

  // TimeSource / InterruptSink
  u64 mtime() const override;
  void set_interrupt(unsigned hart, unsigned mip_bit, bool level) override;

  // Reads or writes guest RAM through hart `h`'s current translation without side effects
  // (no A/D bits, no TLB fill, no trap); all or nothing, and never a device.
  bool read_virtual(unsigned h, u64 vaddr, void* dst, u64 len);
  bool write_virtual(unsigned h, u64 vaddr, const void* src, u64 len);
  // A debugger's read: like read_virtual, but device registers are read too, through their
  // side-effect-free Device::peek (the boot ROM, CLINT, PLIC, UART as QEMU's gdb shows them).
  bool peek_virtual(unsigned h, u64 vaddr, void* dst, u64 len);

 private:
  void build_devices();
  // The goldfish RTC and the eight virtio-mmio slots with config.devices behind them.
  void build_virtio_and_rtc();
  // Builds the device tree from the config and writes it where QEMU would.
  void place_device_tree(std::optional<u64> initrd_start, std::optional<u64> initrd_end);
  void load_direct();
  void load_firmware_boot();
  u64 load_elf_into_ram(const std::string& path, bool with_symbols);
  u64 load_elf_into_ram(const ElfFile& elf, bool with_symbols);
  u64 cycles_to_mtime(u64 cycles) const;
  u64 mtime_to_cycles(u64 mtime) const;
  std::optional<RunResult> check_stop();
  // Ticks the timed devices at the current clock; returns the mtime of their next event
  // (~0 = none).
  u64 tick_devices();
  bool runs(const Hart& hart) const { return !only_hart_ || hart.id() == *only_hart_; }
  RunResult stuck_result(const Hart& hart) const;
  void refresh_observers();
  bool for_each_ram_piece(unsigned h, u64 vaddr, u64 len, AccessType type,
                          const std::function<void(u64 paddr, u64 offset, u64 size)>& act);
  void pace_to_host_time();
  ObserveLevel observe_level() const;

  MachineConfig config_;
  GuestTime guest_time_;
  Bus bus_;
  std::unique_ptr<DecodeCache> decode_cache_;
  std::vector<std::unique_ptr<Hart>> harts_;
  std::unique_ptr<CharOutput> console_out_;
  ConsoleGate* console_gate_ = nullptr;  // console_out_ itself
  std::unique_ptr<CharInput> console_in_;
  std::unique_ptr<BootRom> boot_rom_;
  std::unique_ptr<Clint> clint_;
  std::unique_ptr<Plic> plic_;
  std::unique_ptr<Uart16550> uart_;
  std::unique_ptr<SifiveTest> test_;
  std::unique_ptr<Htif> htif_;
  std::unique_ptr<GoldfishRtc> rtc_;
  std::unique_ptr<GuestDma> dma_;
  std::vector<std::unique_ptr<DiskImage>> disks_;
  std::vector<std::unique_ptr<VirtioBackend>> virtio_backends_;
  std::vector<std::unique_ptr<VirtioMmio>> virtio_;  // by slot
  std::vector<Device*> timed_devices_;
  std::vector<u8> fdt_;
  u64 fdt_addr_ = 0;
  SymbolTable symbols_;
  ObserverFanout fanout_;
  std::vector<std::pair<HartObserver*, std::function<ObserveLevel()>>> observer_levels_;

  u64 clock_cycles_ = 0;  // simulated time, in core cycles
  u64 round_start_cycles_ = 0;
  int running_hart_ = -1;
  u64 running_hart_start_ = 0;  // that hart's cycles() when its slice began
  bool stop_requested_ = false;
  bool halted_ = false;  // run_for ended because of a stop request, not its budget
  std::optional<unsigned> stopped_hart_;
  std::optional<unsigned> only_hart_;
  bool parked_ = false;
  std::optional<std::chrono::steady_clock::time_point> pace_start_;  // machine.real_time only
  u64 pace_start_cycles_ = 0;
  std::function<bool()> periodic_;
  u64 periodic_interval_ = 0;
  u64 next_periodic_ = 0;
  CycleSource* cycle_source_ = nullptr;
};

}  // namespace rvscope
