// The QEMU-style front end: qemu-system-riscv64 flags reach RunOptions and the MachineConfig.
#include "sim/app/qemu_args.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "sim/app/run_config.hpp"
#include "sim/common/error.hpp"

namespace rvscope {
namespace {

// A RISC-V ELF every build has (Debian's OpenSBI), also where starlet is not built (ASan).
const std::string kRiscvElf = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf";

// The run a QEMU-style command line asks for, with rvscope's own options left out.
RunOptions translate(const std::vector<std::string>& args) {
  const QemuCommandLine split = split_qemu_command_line(args);
  RunOptions run;
  apply_qemu_flags(split.flags, run);
  return run;
}

MachineConfig config_of(const std::vector<std::string>& args) {
  return build_run_config(translate(args));
}

std::string error_of(const std::vector<std::string>& args) {
  try {
    translate(args);
  } catch (const SimError& e) {
    return e.what();
  }
  return "";
}

std::string temp_file(const std::string& name, const std::string& bytes) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(QemuArgs, SplitsQemuFlagsFromRvscopeOptions) {
  const QemuCommandLine split = split_qemu_command_line(
      {"-machine", "virt", "--strace", "-nographic", "--trace", "syscall:clone3", "--summary",
       "-append", "-v quiet", "--set=machine.harts=2"});
  ASSERT_EQ(split.flags.size(), 3u);
  EXPECT_EQ(split.flags[0].name, "machine");
  EXPECT_EQ(split.flags[0].value, "virt");
  EXPECT_EQ(split.flags[1].name, "nographic");
  EXPECT_EQ(split.flags[2].name, "append");
  EXPECT_EQ(split.flags[2].value, "-v quiet");  // a value may start with a dash
  EXPECT_EQ(split.rvscope_args, (std::vector<std::string>{"--strace", "--trace", "syscall:clone3",
                                                          "--summary", "--set=machine.harts=2"}));
}

TEST(QemuArgs, UnsupportedFlagsAreNamed) {
  EXPECT_NE(error_of({"-machine", "virt", "-netdev", "user,id=n0"})
                .find("QEMU option '-netdev' is not supported"),
            std::string::npos);
  EXPECT_NE(error_of({"-machine", "virt", "disk.img"}).find("'disk.img': a bare disk image"),
            std::string::npos);
  EXPECT_NE(error_of({"-machine"}).find("'-machine' needs a value"), std::string::npos);
  EXPECT_NE(error_of({"-machine", "virt,aclint=on"}).find("'aclint=on' is not supported"),
            std::string::npos);
  EXPECT_NE(error_of({"-machine", "sifive_u"}).find("not 'sifive_u'"), std::string::npos);
  EXPECT_NE(error_of({"-M", "virt", "-serial", "pty"}).find("-serial pty"), std::string::npos);
  EXPECT_NE(error_of({"-M", "virt", "-smp", "4,sockets=2"}).find("'sockets=2'"), std::string::npos);
  EXPECT_NE(error_of({"-M", "virt", "-cpu", "rv64,v=true"}).find("'v=true'"), std::string::npos);
  EXPECT_NE(error_of({"-M", "virt", "-cpu", "sifive-u54"}).find("only hart is rv64"),
            std::string::npos);
  EXPECT_NE(error_of({"-M", "virt", "-S"}).find("-S without -s or -gdb"), std::string::npos);
  EXPECT_NE(error_of({"-M", "virt", "-gdb", "unix:/tmp/sock"}).find("-gdb unix:/tmp/sock"),
            std::string::npos);
}

TEST(QemuArgs, MachineIsRequiredBecauseQemusDefaultIsSpike) {
  EXPECT_NE(error_of({"-kernel", kRiscvElf}).find("give -machine virt"), std::string::npos);
}

TEST(QemuArgs, SizesFollowQemusSyntax) {
  EXPECT_EQ(parse_qemu_size("128"), 128 * kMiB);
  EXPECT_EQ(parse_qemu_size("128M"), 128 * kMiB);
  EXPECT_EQ(parse_qemu_size("128m"), 128 * kMiB);
  EXPECT_EQ(parse_qemu_size("1G"), kGiB);
  EXPECT_EQ(parse_qemu_size("1.5G"), 3 * kGiB / 2);
  EXPECT_EQ(parse_qemu_size("65536K"), 64 * kMiB);
  EXPECT_EQ(parse_qemu_size("4096B"), 4096u);
  EXPECT_THROW(parse_qemu_size("12X"), SimError);
  EXPECT_THROW(parse_qemu_size("M"), SimError);
  EXPECT_THROW(parse_qemu_size("-1"), SimError);
  EXPECT_THROW(parse_qemu_size("1MM"), SimError);
  EXPECT_THROW(parse_qemu_size("99999999999999T"), SimError);
  EXPECT_THROW(parse_qemu_size("0.3B"), SimError);
}

TEST(QemuArgs, BoardFlagsReachTheMachineConfig) {
  const MachineConfig c =
      config_of({"-machine", "virt", "-m", "256M", "-smp", "cpus=4", "-bios", "default", "-kernel",
                 kRiscvElf, "-initrd", kRiscvElf, "-append", "/bin/hello a b"});
  EXPECT_EQ(c.machine.ram_size, 256 * kMiB);
  EXPECT_EQ(c.machine.harts, 4u);
  EXPECT_EQ(c.boot.mode, BootMode::kFirmware);
  EXPECT_EQ(c.boot.firmware, kQemuDefaultFirmware);
  EXPECT_EQ(c.boot.kernel, kRiscvElf);
  EXPECT_EQ(c.boot.initrd, kRiscvElf);
  EXPECT_EQ(c.boot.bootargs, "/bin/hello a b");
  // An ELF kernel is entered at its entry point; fw_jump.elf's is the start of RAM.
  EXPECT_EQ(c.boot.kernel_addr, 0x80000000u);  // as QEMU passes it on to the firmware
  EXPECT_EQ(config_of({"-M", "virt", "-smp", "2", "-kernel", kRiscvElf}).machine.harts, 2u);
  EXPECT_EQ(config_of({"-M", "virt", "-m", "1G", "-kernel", kRiscvElf}).machine.ram_size, kGiB);
}

TEST(QemuArgs, TheUsersOwnSetWinsOverAQemuFlag) {
  RunOptions run;
  run.overrides = {"machine.harts=3"};
  apply_qemu_flags(split_qemu_command_line({"-M", "virt", "-smp", "2", "-kernel", kRiscvElf}).flags,
                   run);
  EXPECT_EQ(build_run_config(run).machine.harts, 3u);
}

TEST(QemuArgs, BiosNoneRunsTheKernelElfInMachineMode) {
  const MachineConfig c = config_of({"-M", "virt", "-bios", "none", "-kernel", kRiscvElf});
  EXPECT_EQ(c.boot.mode, BootMode::kDirect);
  EXPECT_EQ(c.boot.kernel, kRiscvElf);
  const std::string raw = temp_file("qemu_args_raw.bin", std::string(64, '\x13'));
  EXPECT_NE(error_of({"-M", "virt", "-bios", "none", "-kernel", raw}).find("only an ELF"),
            std::string::npos);
  EXPECT_NE(error_of({"-M", "virt", "-bios", "none"}).find("nothing to run"), std::string::npos);
  EXPECT_NE(error_of({"-M", "virt", "-bios", raw, "-kernel", kRiscvElf}).find("from an ELF"),
            std::string::npos);
}

TEST(QemuArgs, ARawKernelImageGoesWhereQemuPutsIt) {
  const std::string image = temp_file("qemu_args_Image", std::string(4096, '\0'));
  const MachineConfig c = config_of({"-M", "virt", "-kernel", image});
  EXPECT_EQ(c.boot.kernel, image);
  EXPECT_EQ(c.boot.kernel_addr, 0x80200000u);
}

TEST(QemuArgs, DrivesAndDevicesBecomeVirtioDevices) {
  const MachineConfig c =
      config_of({"-M", "virt", "-kernel", kRiscvElf, "-device", "virtio-rng-device", "-drive",
                 "file=a.img,if=none,format=raw,id=disk0", "-drive",
                 "file=b,,c.img,if=none,format=raw,id=disk1,readonly=on", "-device",
                 "virtio-blk-device,drive=disk1", "-device", "virtio-blk-device,drive=disk0"});
  ASSERT_EQ(c.devices.virtio.size(), 3u);
  EXPECT_EQ(c.devices.virtio[0].kind, VirtioDeviceConfig::Kind::kEntropy);
  EXPECT_EQ(c.devices.virtio[1].kind, VirtioDeviceConfig::Kind::kBlock);
  EXPECT_EQ(c.devices.virtio[1].file, "b,c.img");  // ",," is QEMU's escaped comma
  EXPECT_EQ(c.devices.virtio[1].mode, DiskMode::kReadOnly);
  EXPECT_EQ(c.devices.virtio[1].id, "disk1");
  EXPECT_EQ(c.devices.virtio[2].file, "a.img");
  EXPECT_EQ(c.devices.virtio[2].mode, DiskMode::kOverlay);  // the image is not written
}

TEST(QemuArgs, WriteDriveLetsTheGuestWriteTheImage) {
  RunOptions run;
  run.write_drives = {"disk0"};
  apply_qemu_flags(split_qemu_command_line({"-M", "virt", "-kernel", kRiscvElf, "-drive",
                                            "file=a.img,if=none,format=raw,id=disk0", "-device",
                                            "virtio-blk-device,drive=disk0"})
                       .flags,
                   run);
  ASSERT_EQ(run.virtio.size(), 1u);
  EXPECT_EQ(run.virtio[0].mode, DiskMode::kReadWrite);

  RunOptions wrong;
  wrong.write_drives = {"disk9"};
  EXPECT_THROW(
      apply_qemu_flags(split_qemu_command_line({"-M", "virt", "-kernel", kRiscvElf}).flags, wrong),
      SimError);
}

TEST(QemuArgs, BadDrivesAndDevicesAreRefused) {
  const std::vector<std::string> base{"-M", "virt", "-kernel", kRiscvElf};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> args = base;
    args.insert(args.end(), more.begin(), more.end());
    return error_of(args);
  };
  EXPECT_NE(with({"-drive", "file=a.img,format=raw,id=d"}).find("if=<unset>"), std::string::npos);
  EXPECT_NE(with({"-drive", "file=a.img,if=none,format=qcow2,id=d"}).find("format=qcow2"),
            std::string::npos);
  EXPECT_NE(with({"-drive", "file=a.img,if=none,id=d,cache=none"}).find("'cache=none'"),
            std::string::npos);
  EXPECT_NE(with({"-drive", "if=none,id=d"}).find("file=IMAGE is missing"), std::string::npos);
  EXPECT_NE(with({"-device", "virtio-blk-device,drive=nosuch"}).find("no -drive with id 'nosuch'"),
            std::string::npos);
  EXPECT_NE(with({"-device", "virtio-net-device"}).find("'virtio-net-device' is not supported"),
            std::string::npos);
  EXPECT_NE(with({"-device", "virtio-rng-device,rng=r0"}).find("'rng=r0'"), std::string::npos);
}

TEST(QemuArgs, GdbFlags) {
  RunOptions s = translate({"-M", "virt", "-kernel", kRiscvElf, "-s", "-S"});
  EXPECT_EQ(s.gdb, "1234");
  EXPECT_TRUE(s.gdb_wait);
  const MachineConfig c = config_of({"-M", "virt", "-kernel", kRiscvElf, "-gdb", "tcp::4321"});
  EXPECT_EQ(c.gdb.port, 4321u);
  EXPECT_EQ(c.gdb.host, "127.0.0.1");  // QEMU listens everywhere; rvscope stays local
  EXPECT_EQ(config_of({"-M", "virt", "-kernel", kRiscvElf, "-gdb", "tcp:127.0.0.2:99"}).gdb.host,
            "127.0.0.2");
}

TEST(QemuArgs, AcceptedNoOpsAndCpuDescriptions) {
  EXPECT_EQ(
      error_of({"-M", "virt,aia=none,aclint=off", "-kernel", kRiscvElf, "-nographic", "-serial",
                "mon:stdio", "-display", "none", "-monitor", "none", "-no-reboot", "-cpu",
                "rv64,h=false,sstc=false,pmu-num=0,Zihintpause=false,zba=false,zbb=false,"
                "zbc=false,zbs=false"}),
      "");
}

}  // namespace
}  // namespace rvscope
