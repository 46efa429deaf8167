# The cmdline kind: bad flags and values for `rvscope run`, `rvscope dumpdtb` and `rvscope qemu`.
"""Each attack is a command line that must be refused with exit 120 and an error naming the
flag or value at fault: overflowing and negative numbers, empty strings, directories and
/dev files as inputs, outputs equal to inputs or to each other, bad --gdb addresses, bad
--trace windows, QEMU flags rvscope cannot honour.

In the tables, PROG is a copy of a bare-metal ISA test, OWN a fresh copy of it for this attack
alone (for outputs that would clobber their input), HELLO a static glibc program, EMPTY an
empty file, KERNEL a copy of starlet, DIR a directory, OUT a file name in the run's own directory.
"""

import os
import shutil

from runner import Attack

# What the kind needs in the build tree.
NEEDS = ["tests/isa/rv64i.elf", "guest-kernel/user/hello", "guest-kernel/starlet.elf",
         "guest-kernel/initramfs.cpio"]

LIMIT = ["--max-insns", "200000"]
# (name, arguments after `rvscope`, strings the error must name one of). All must be refused.
RUN = [
    ("max-insns-negative", ["run", "PROG", "--max-insns", "-1"], ["--max-insns", "-1"]),
    ("max-insns-overflow", ["run", "PROG", "--max-insns", "99999999999999999999999"],
     ["--max-insns", "99999999999999999999999"]),
    ("max-insns-2^64", ["run", "PROG", "--max-insns", "18446744073709551616"], ["--max-insns"]),
    ("max-insns-empty", ["run", "PROG", "--max-insns", ""], ["--max-insns"]),
    ("max-insns-word", ["run", "PROG", "--max-insns", "lots"], ["--max-insns", "lots"]),
    ("max-insns-float", ["run", "PROG", "--max-insns", "1e9"], ["--max-insns", "1e9"]),
    ("max-insns-missing", ["run", "PROG", "--max-insns"], ["--max-insns"]),
    ("set-empty", ["run", "PROG", "--set", ""] + LIMIT, ["--set"]),
    ("set-no-equals", ["run", "PROG", "--set", "machine.harts"] + LIMIT, ["machine.harts"]),
    ("set-no-key", ["run", "PROG", "--set", "=4"] + LIMIT, ["--set", "=4"]),
    ("set-double-dot", ["run", "PROG", "--set", "machine..harts=1"] + LIMIT, ["machine..harts"]),
    ("set-unknown", ["run", "PROG", "--set", "machine.cores=2"] + LIMIT, ["machine.cores"]),
    ("set-harts-huge", ["run", "PROG", "--set", "machine.harts=4294967297"] + LIMIT,
     ["machine.harts"]),
    ("set-ram-huge", ["run", "PROG", "--set", "machine.ram_size=18446744073709551615"] + LIMIT,
     ["machine.ram_size"]),
    ("set-ram-tiny", ["run", "PROG", "--set", "machine.ram_size=4KiB"] + LIMIT,
     ["machine.ram_size"]),
    ("set-quantum-0", ["run", "PROG", "--set", "run.quantum=0"] + LIMIT, ["run.quantum"]),
    ("config-empty", ["run", "PROG", "--config", ""] + LIMIT, ["--config", "config"]),
    ("config-dir", ["run", "PROG", "--config", "DIR"] + LIMIT, ["DIR"]),
    ("config-devnull", ["run", "PROG", "--config", "/dev/null"] + LIMIT, ["/dev/null"]),
    ("config-devzero", ["run", "PROG", "--config", "/dev/zero"] + LIMIT, ["/dev/zero"]),
    ("config-missing", ["run", "PROG", "--config", "/nonexistent.yaml"] + LIMIT,
     ["/nonexistent.yaml"]),
    ("config-is-elf", ["run", "PROG", "--config", "PROG"] + LIMIT, ["PROG"]),
    ("program-missing", ["run", "/nonexistent.elf"] + LIMIT, ["/nonexistent.elf"]),
    ("program-dir", ["run", "DIR"] + LIMIT, ["DIR"]),
    ("program-empty", ["run", "EMPTY"] + LIMIT, ["EMPTY"]),
    ("program-devzero", ["run", "/dev/zero"] + LIMIT, ["/dev/zero"]),
    ("program-devnull", ["run", "/dev/null"] + LIMIT, ["/dev/null"]),
    ("program-and-kernel", ["run", "PROG", "--kernel", "HELLO"] + LIMIT, ["--kernel"]),
    ("program-and-firmware", ["run", "PROG", "--firmware", "PROG"] + LIMIT, ["--firmware"]),
    ("program-and-guest", ["run", "PROG"] + LIMIT + ["--guest", "HELLO"], ["--guest"]),
    ("kernel-empty-string", ["run", "--kernel", ""] + LIMIT, ["--kernel", "kernel"]),
    ("kernel-empty-file", ["run", "--kernel", "EMPTY"] + LIMIT, ["EMPTY"]),
    ("kernel-dir", ["run", "--kernel", "DIR"] + LIMIT, ["DIR"]),
    ("kernel-devzero", ["run", "--kernel", "/dev/zero"] + LIMIT, ["/dev/zero"]),
    ("kernel-overlaps-firmware", ["run", "--kernel", "PROG"] + LIMIT, ["PROG"]),
    ("firmware-dir", ["run", "--firmware", "DIR", "--kernel", "HELLO"] + LIMIT, ["DIR"]),
    ("firmware-missing", ["run", "--firmware", "/nonexistent.fw", "--kernel", "KERNEL"] + LIMIT,
     ["/nonexistent.fw"]),
    ("firmware-empty", ["run", "--firmware", "EMPTY", "--kernel", "KERNEL"] + LIMIT, ["EMPTY"]),
    ("initrd-dir", ["run", "--kernel", "HELLO", "--initrd", "DIR"] + LIMIT, ["DIR"]),
    ("initrd-missing", ["run", "--kernel", "KERNEL", "--initrd", "/nonexistent.cpio"] + LIMIT,
     ["/nonexistent.cpio"]),
    ("trace-empty", ["run", "PROG", "--trace", ""] + LIMIT, ["--trace"]),
    ("trace-pc-empty", ["run", "PROG", "--trace", "pc:"] + LIMIT, ["pc:"]),
    ("trace-pc-backwards", ["run", "PROG", "--trace", "pc:0x80000010-0x80000000"] + LIMIT,
     ["pc:0x80000010-0x80000000"]),
    ("trace-pc-overflow", ["run", "PROG", "--trace", "pc:0-0x1ffffffffffffffff"] + LIMIT,
     ["pc:0-0x1ffffffffffffffff"]),
    ("trace-insn-negative", ["run", "PROG", "--trace", "insn:-1-5"] + LIMIT, ["insn:-1-5"]),
    ("trace-insn-backwards", ["run", "PROG", "--trace", "insn:9-2"] + LIMIT, ["insn:9-2"]),
    ("trace-symbol-missing", ["run", "PROG", "--trace", "symbol:nosuch"] + LIMIT, ["nosuch"]),
    ("trace-syscall-unknown", ["run", "PROG", "--trace", "syscall:nosuch"] + LIMIT, ["nosuch"]),
    ("trace-syscall-number", ["run", "PROG", "--trace", "syscall:99999999999999999999"] + LIMIT,
     ["99999999999999999999"]),
    ("trace-kind-unknown", ["run", "PROG", "--trace", "nosuch:1"] + LIMIT, ["nosuch:1"]),
    ("trace-comma-only", ["run", "PROG", "--trace", ","] + LIMIT, ["--trace", ","]),
    ("trace-format-bad", ["run", "PROG", "--trace", "all", "--trace-format", "xml"] + LIMIT,
     ["xml"]),
    ("trace-output-dir", ["run", "PROG", "--trace", "all", "--trace-output", "DIR"] + LIMIT,
     ["DIR"]),
    ("trace-output-empty", ["run", "PROG", "--trace", "all", "--trace-output", ""] + LIMIT,
     ["--trace-output", "trace.output", "instruction trace"]),
    ("trace-output-devfull", ["run", "PROG", "--trace", "all", "--trace-output", "/dev/full"] +
     LIMIT, ["/dev/full"]),
    ("trace-output-is-program", ["run", "OWN", "--trace", "all", "--trace-output", "OWN"] + LIMIT,
     ["OWN"]),
    ("trace-output-missing-dir", ["run", "PROG", "--trace", "all", "--trace-output",
                                  "/nonexistent/t.log"] + LIMIT, ["/nonexistent/t.log"]),
    ("timeline-is-program", ["run", "OWN", "--timeline", "OWN"] + LIMIT, ["OWN"]),
    ("timeline-devfull", ["run", "PROG", "--timeline", "/dev/full"] + LIMIT, ["/dev/full"]),
    ("timeline-equals-trace", ["run", "PROG", "--trace", "all", "--trace-output", "OUT",
                               "--timeline", "OUT"] + LIMIT, ["OUT"]),
    ("stats-is-program", ["run", "OWN", "--timing-from", "insn:10", "--stats", "OWN"] + LIMIT,
     ["OWN"]),
    ("strace-output-is-program", ["run", "--strace", "--strace-output", "OWN", "--guest", "OWN"],
     ["OWN"]),
    ("console-is-program", ["run", "OWN", "--set", "console.output=OWN"] + LIMIT, ["OWN"]),
    ("console-devfull", ["run", "--kernel", "KERNEL", "--set", "console.output=/dev/full",
                         "--max-insns", "3000000"], ["/dev/full"]),
    ("timing-from-symbol-missing", ["run", "PROG", "--timing-from", "symbol:nosuch"] + LIMIT,
     ["nosuch"]),
    ("timing-from-insn-negative", ["run", "PROG", "--timing-from", "insn:-1"] + LIMIT,
     ["insn:-1"]),
    ("timing-from-empty", ["run", "PROG", "--timing-from", ""] + LIMIT, ["--timing-from"]),
    ("save-at-is-program", ["run", "OWN", "--save-at", "insn:100", "OWN"] + LIMIT, ["OWN"]),
    ("save-at-bad-trigger", ["run", "PROG", "--save-at", "when:ever", "OUT"] + LIMIT,
     ["when:ever"]),
    ("restore-missing", ["run", "PROG", "--restore", "/nonexistent.snap"] + LIMIT,
     ["/nonexistent.snap"]),
    ("restore-not-snapshot", ["run", "PROG", "--restore", "PROG"] + LIMIT, ["PROG"]),
    ("restore-devzero", ["run", "PROG", "--restore", "/dev/zero"] + LIMIT, ["/dev/zero"]),
    ("restore-dir", ["run", "PROG", "--restore", "DIR"] + LIMIT, ["DIR"]),
    ("gdb-negative", ["run", "PROG", "--gdb", "-1"] + LIMIT, ["--gdb", "-1"]),
    ("gdb-port-overflow", ["run", "PROG", "--gdb", "70000"] + LIMIT, ["70000"]),
    ("gdb-port-word", ["run", "PROG", "--gdb", "abc"] + LIMIT, ["abc"]),
    ("gdb-hostname", ["run", "PROG", "--gdb", "nosuch.invalid:1234"] + LIMIT, ["nosuch.invalid"]),
    ("gdb-bad-ip", ["run", "PROG", "--gdb", "999.1.1.1:1234"] + LIMIT, ["999.1.1.1"]),
    ("gdb-unclosed-v6", ["run", "PROG", "--gdb", "[::1:1234"] + LIMIT, ["[::1:1234"]),
    ("gdb-colon-only", ["run", "PROG", "--gdb", ":"] + LIMIT, ["--gdb", ":"]),
    ("gdb-empty", ["run", "PROG", "--gdb", ""] + LIMIT, ["--gdb"]),
    ("gdb-three-parts", ["run", "PROG", "--gdb", "1.2.3.4:5:6"] + LIMIT, ["1.2.3.4:5"]),
    ("file-without-guest", ["run", "PROG", "--file", "/etc/x=PROG"] + LIMIT, ["--file"]),
    ("guest-missing", ["run"] + LIMIT + ["--guest", "/nonexistent.prog"], ["/nonexistent.prog"]),
    ("guest-dir", ["run"] + LIMIT + ["--guest", "DIR"], ["DIR"]),
    ("guest-file-no-equals", ["run", "--file", "/etc/x"] + LIMIT + ["--guest", "HELLO"],
     ["/etc/x"]),
    ("guest-file-missing-host", ["run", "--file", "/etc/x=/nonexistent.dat"] + LIMIT +
     ["--guest", "HELLO"], ["/nonexistent.dat"]),
    ("guest-file-empty-guest-path", ["run", "--file", "=PROG"] + LIMIT + ["--guest", "HELLO"],
     ["=PROG", "--file"]),
    ("symbols-missing", ["run", "PROG", "--symbols", "/nonexistent.elf"] + LIMIT,
     ["/nonexistent.elf"]),
    ("symbols-dir", ["run", "PROG", "--symbols", "DIR"] + LIMIT, ["DIR"]),
    ("symbols-not-elf", ["run", "PROG", "--symbols", "EMPTY"] + LIMIT, ["EMPTY"]),
    ("why-without-strace", ["run", "PROG", "--why"] + LIMIT, ["--why"]),
    ("write-drive-on-run", ["run", "PROG", "--write-drive", "disk0"] + LIMIT,
     ["--write-drive", "disk0"]),
    ("log-level-bad", ["--log-level", "loud", "run", "PROG"] + LIMIT, ["loud", "--log-level"]),
    ("unknown-flag", ["run", "PROG", "--nosuch"] + LIMIT, ["--nosuch"]),
    ("unknown-subcommand", ["walk", "PROG"], ["walk"]),
    ("two-programs", ["run", "PROG", "PROG"] + LIMIT, ["PROG"]),
    ("gdb-wait-without-gdb", ["run", "PROG", "--gdb-wait"] + LIMIT, ["--gdb-wait", "--gdb"]),
]
DUMPDTB = [
    ("dumpdtb-no-output", ["dumpdtb"], ["output"]),
    ("dumpdtb-empty-output", ["dumpdtb", ""], ["output", "dumpdtb"]),
    ("dumpdtb-dir", ["dumpdtb", "DIR"], ["DIR"]),
    ("dumpdtb-devfull", ["dumpdtb", "/dev/full"], ["/dev/full"]),
    ("dumpdtb-missing-dir", ["dumpdtb", "/nonexistent/x.dtb"], ["/nonexistent/x.dtb"]),
    ("dumpdtb-over-kernel", ["dumpdtb", "--kernel", "OWN", "OWN"], ["OWN"]),
    ("dumpdtb-bad-harts", ["dumpdtb", "--set", "machine.harts=0", "OUT"], ["machine.harts"]),
    ("dumpdtb-config-dir", ["dumpdtb", "--config", "DIR", "OUT"], ["DIR"]),
    ("dumpdtb-two-outputs", ["dumpdtb", "OUT", "OUT"], ["OUT", "dumpdtb"]),
    ("dumpdtb-initrd-missing", ["dumpdtb", "--initrd", "/nonexistent.cpio", "OUT"],
     ["/nonexistent.cpio"]),
]
QEMU_BASE = ["-machine", "virt", "-bios", "none", "-kernel", "PROG", "-nographic"] + LIMIT
QEMU = [
    ("qemu-no-machine", ["qemu", "-bios", "none", "-kernel", "PROG"] + LIMIT, ["-machine"]),
    ("qemu-machine-spike", ["qemu", "-machine", "spike", "-kernel", "PROG"] + LIMIT, ["spike"]),
    ("qemu-machine-option", ["qemu", "-machine", "virt,foo=bar", "-kernel", "PROG"] + LIMIT,
     ["foo"]),
    ("qemu-m-zero", ["qemu"] + QEMU_BASE + ["-m", "0"], ["-m", "0"]),
    ("qemu-m-negative", ["qemu"] + QEMU_BASE + ["-m", "-1"], ["-m", "-1"]),
    ("qemu-m-huge", ["qemu"] + QEMU_BASE + ["-m", "99999999999G"], ["99999999999G"]),
    ("qemu-m-word", ["qemu"] + QEMU_BASE + ["-m", "lots"], ["lots"]),
    ("qemu-m-two-dots", ["qemu"] + QEMU_BASE + ["-m", "1.5.5G"], ["1.5.5G"]),
    ("qemu-smp-zero", ["qemu"] + QEMU_BASE + ["-smp", "0"], ["-smp", "0"]),
    ("qemu-smp-nine", ["qemu"] + QEMU_BASE + ["-smp", "9"], ["-smp", "9"]),
    ("qemu-smp-word", ["qemu"] + QEMU_BASE + ["-smp", "cpus=abc"], ["abc"]),
    ("qemu-smp-sockets", ["qemu"] + QEMU_BASE + ["-smp", "2,sockets=2"], ["sockets"]),
    ("qemu-cpu-rv32", ["qemu"] + QEMU_BASE + ["-cpu", "rv32"], ["rv32"]),
    ("qemu-cpu-vector", ["qemu"] + QEMU_BASE + ["-cpu", "rv64,v=true"], ["v=true", "-cpu"]),
    ("qemu-bios-dir", ["qemu", "-machine", "virt", "-bios", "DIR", "-kernel", "HELLO"] + LIMIT,
     ["DIR"]),
    ("qemu-bios-missing", ["qemu", "-machine", "virt", "-bios", "/nonexistent.bin"] + LIMIT,
     ["/nonexistent.bin"]),
    ("qemu-kernel-empty", ["qemu", "-machine", "virt", "-bios", "none", "-kernel", ""] + LIMIT,
     ["-kernel", "kernel"]),
    ("qemu-drive-missing", ["qemu"] + QEMU_BASE + ["-drive", "file=/nonexistent.img,if=none,id=d",
                                                    "-device", "virtio-blk-device,drive=d"],
     ["/nonexistent.img"]),
    ("qemu-drive-no-id", ["qemu"] + QEMU_BASE + ["-drive", "file=EMPTY,if=none",
                                                  "-device", "virtio-blk-device"], ["drive"]),
    ("qemu-device-no-drive", ["qemu"] + QEMU_BASE + ["-device", "virtio-blk-device,drive=nosuch"],
     ["nosuch"]),
    ("qemu-device-unknown", ["qemu"] + QEMU_BASE + ["-device", "e1000"], ["e1000"]),
    ("qemu-drive-qcow2", ["qemu"] + QEMU_BASE + ["-drive", "file=EMPTY,if=none,id=d,format=qcow2"],
     ["qcow2"]),
    ("qemu-gdb-port-overflow", ["qemu"] + QEMU_BASE + ["-gdb", "tcp::99999"], ["99999"]),
    ("qemu-gdb-hostname", ["qemu"] + QEMU_BASE + ["-gdb", "tcp:nosuch.invalid:1234"],
     ["nosuch.invalid"]),
    ("qemu-gdb-udp", ["qemu"] + QEMU_BASE + ["-gdb", "udp::1234"], ["udp::1234", "-gdb"]),
    ("qemu-S-without-gdb", ["qemu"] + QEMU_BASE + ["-S"], ["-S"]),
    ("qemu-netdev", ["qemu"] + QEMU_BASE + ["-netdev", "user,id=n"], ["-netdev"]),
    ("qemu-bare-word", ["qemu"] + QEMU_BASE + ["disk.img"], ["disk.img"]),
    ("qemu-append-missing", ["qemu"] + QEMU_BASE + ["-append"], ["-append"]),
    ("qemu-initrd-bios-none", ["qemu"] + QEMU_BASE + ["-initrd", "EMPTY"], ["-initrd"]),
    ("qemu-write-drive-unknown", ["qemu"] + QEMU_BASE + ["--write-drive", "nosuch"], ["nosuch"]),
    ("qemu-serial-tcp", ["qemu"] + QEMU_BASE + ["-serial", "tcp::4444"], ["tcp::4444", "-serial"]),
    ("qemu-display-gtk", ["qemu"] + QEMU_BASE + ["-display", "gtk"], ["gtk", "-display"]),
    ("qemu-max-insns-negative", ["qemu", "-machine", "virt", "-bios", "none", "-kernel", "PROG",
                                 "--max-insns", "-5"], ["--max-insns", "-5"]),
    ("qemu-kernel-dir", ["qemu", "-machine", "virt", "-kernel", "DIR"] + LIMIT, ["DIR"]),
    ("qemu-empty-flag", ["qemu"] + QEMU_BASE + ["-"], ["'-'", "-"]),
]


def generate(ctx):
    directory = ctx.inputs_dir("cmdline")
    prog = os.path.join(directory, "prog.elf")
    shutil.copyfile(os.path.join(ctx.build, "tests", "isa", "rv64i.elf"), prog)
    hello = os.path.join(directory, "hello")
    shutil.copyfile(os.path.join(ctx.build, "guest-kernel", "user", "hello"), hello)
    os.chmod(hello, 0o755)
    empty = os.path.join(directory, "empty")
    open(empty, "wb").close()
    kernel = os.path.join(directory, "starlet.elf")
    shutil.copyfile(os.path.join(ctx.build, "guest-kernel", "starlet.elf"), kernel)
    subdir = os.path.join(directory, "a-directory")
    os.makedirs(subdir, exist_ok=True)
    attacks = []
    for n, (name, args, names) in enumerate(RUN + DUMPDTB + QEMU):
        if ctx.quick and n % 4:
            continue
        own = os.path.join(directory, f"own-{name}.elf")
        places = {"PROG": prog, "HELLO": hello, "EMPTY": empty, "DIR": subdir, "OUT": "out.file",
                  "OWN": own, "KERNEL": kernel}
        used = [p for word, p in places.items() if any(word in a for a in args) and word != "OUT"]
        if "OWN" in " ".join(args):
            shutil.copyfile(prog, own)

        def fill(text):
            for word, path in places.items():
                text = text.replace(word, path)
            return text

        if "--guest" in args:  # starlet named, so any rvscope binary finds it
            args = args[:1] + ctx.starlet_args() + args[1:]
            names = names + ["--kernel"] if "PROG" in args[1:] else names
        attacks.append(Attack("cmdline", name, [fill(a) for a in args],
                              must_name=[[fill(x) for x in names]], must_refuse=True,
                              inputs=[p for p in used if os.path.isfile(p)],
                              guest_name=os.path.basename(hello) if "--guest" in args else ""))
    return attacks
