# The guest kind: hostile bare-metal programs (guests/*.S), each at machine.harts=1 and 4.
"""Each guest is one source of guests/ built with a set of -D values (the variant). It must
end with a clear report: its own exit (HTIF), the instruction limit, or "stuck"; never a
host crash or a hang. Built here with riscv64-unknown-elf-gcc and tests/isa/link.ld.
"""

import os
import subprocess
import sys

from runner import Attack

# What the kind needs in the build tree.
NEEDS = []

HERE = os.path.dirname(os.path.abspath(__file__))
LINK_SCRIPT = os.path.join(HERE, "..", "isa", "link.ld")
CFLAGS = ["-march=rv64gc", "-mabi=lp64d", "-mcmodel=medany", "-nostdlib", "-nostartfiles",
          "-static", "-ffreestanding", "-I", os.path.join(HERE, "guests"), "-T", LINK_SCRIPT]
TOP = (1 << 64)
# A virtio-blk disk the guest can scribble on: overlay mode, so the file is never written.
BLK = "blk,file={disk},mode=overlay"

# (name, source, defines, extra run options). {disk} is the disk image's path.
GUESTS = [
    ("jump-null", "jump.S", {"TARGET": 0}, []),
    ("jump-top-page", "jump.S", {"TARGET": TOP - 0x1000}, []),
    ("jump-top-2", "jump.S", {"TARGET": TOP - 2}, []),
    ("jump-uart", "jump.S", {"TARGET": 0x10000000}, []),
    ("jump-clint", "jump.S", {"TARGET": 0x2000000}, []),
    ("jump-past-ram", "jump.S", {"TARGET": 0x88000000}, []),
    ("jump-bootrom", "jump.S", {"TARGET": 0x1000}, []),
    ("trap-to-null", "jump.S", {"TARGET": 0, "NO_HANDLER": 1}, []),
    ("trap-to-top-page", "jump.S", {"TARGET": TOP - 0x1000, "NO_HANDLER": 1}, []),
    ("trap-to-uart", "jump.S", {"TARGET": 0x10000000, "NO_HANDLER": 1}, []),
    ("mmio-clint", "mmio.S", {"BASE": 0x2000000, "SPAN": 0x10000, "STRIDE": 8}, []),
    ("mmio-plic", "mmio.S", {"BASE": 0xC000000, "SPAN": 0x400000, "STRIDE": 0x100}, []),
    ("mmio-plic-low", "mmio.S", {"BASE": 0xC000000, "SPAN": 0x3000, "STRIDE": 4}, []),
    ("mmio-uart", "mmio.S", {"BASE": 0x10000000, "SPAN": 0x100, "STRIDE": 1}, []),
    ("mmio-virtio", "mmio.S", {"BASE": 0x10001000, "SPAN": 0x8000, "STRIDE": 4},
     ["--set", "devices.virtio=[rng, \"" + BLK + "\"]"]),
    ("mmio-rtc", "mmio.S", {"BASE": 0x101000, "SPAN": 0x1000, "STRIDE": 4}, []),
    ("mmio-test-device", "mmio.S", {"BASE": 0x100000, "SPAN": 0x1000, "STRIDE": 4}, []),
    ("mmio-bootrom", "mmio.S", {"BASE": 0x1000, "SPAN": 0xF000, "STRIDE": 16}, []),
    ("mmio-holes", "mmio.S", {"BASE": 0x3000000, "SPAN": 0x100000, "STRIDE": 0x1000}, []),
    ("csr-write-all", "csr.S", {"OP": 0}, []),
    ("csr-write-all-spare", "csr.S", {"OP": 0, "SPARE_TRAPS": 1}, []),
    ("csr-set-all-spare", "csr.S", {"OP": 1, "SPARE_TRAPS": 1}, []),
    ("csr-read-all", "csr.S", {"OP": 2}, []),
    ("satp-garbage-root", "satp.S", {"VARIANT": 1}, []),
    ("satp-leaf-mmio", "satp.S", {"VARIANT": 2}, []),
    ("satp-table-at-uart", "satp.S", {"VARIANT": 3}, []),
    ("satp-top-page", "satp.S", {"VARIANT": 4}, []),
    ("satp-bad-modes", "satp.S", {"VARIANT": 5}, []),
    ("satp-reserved-ptes", "satp.S", {"VARIANT": 6}, []),
    ("selfmod", "selfmod.S", {}, []),
    ("random-code-1", "selfmod.S", {"RANDOM_SEED": 0x1234567}, []),
    ("random-code-2", "selfmod.S", {"RANDOM_SEED": 0xDEADBEEF}, []),
    ("random-code-3", "selfmod.S", {"RANDOM_SEED": 0x0BADC0DE}, []),
    ("random-code-4", "selfmod.S", {"RANDOM_SEED": 0x77777777}, []),
    ("amo-clint", "amo.S", {"ADDR": 0x2000000}, []),
    ("amo-uart", "amo.S", {"ADDR": 0x10000000}, []),
    ("amo-plic", "amo.S", {"ADDR": 0xC200004}, []),
    ("amo-bootrom", "amo.S", {"ADDR": 0x1000}, []),
    ("amo-virtio", "amo.S", {"ADDR": 0x10008070}, ["--set", "devices.virtio=[rng]"]),
    ("amo-past-ram", "amo.S", {"ADDR": 0x88000000}, []),
    ("amo-misaligned", "amo.S", {"ADDR": 0x80010003}, []),
    ("amo-top", "amo.S", {"ADDR": TOP - 8}, []),
    ("wfi-all-off", "wfi.S", {"VARIANT": 1}, []),
    ("wfi-pending-masked", "wfi.S", {"VARIANT": 2}, []),
    ("wfi-never", "wfi.S", {"VARIANT": 3}, []),
    ("interrupt-storm", "wfi.S", {"VARIANT": 4}, []),
    ("mret-reserved-mpp", "misc.S", {"VARIANT": 1}, []),
    ("ecall-ebreak-storm", "misc.S", {"VARIANT": 2}, []),
    ("user-xret-wfi", "misc.S", {"VARIANT": 3}, []),
    ("fp-off", "misc.S", {"VARIANT": 4}, []),
    ("misaligned-ram-end", "misc.S", {"VARIANT": 5}, []),
    ("garbage-stack", "misc.S", {"VARIANT": 6}, []),
    ("pmp-lock-out", "misc.S", {"VARIANT": 7}, []),
    ("vectored-mtvec-uart", "misc.S", {"VARIANT": 8}, []),
]
VIRTIO_RINGS = [  # (name, QUEUE_SEL, QUEUE_NUM, DESC_AT, RING_AT, BUF_ADDR, BUF_LEN, FLAGS)
    ("rings-at-uart", 0, 8, 0x10000000, 0x10000000, 0x80000000, 16, 2),
    ("rings-past-ram", 0, 8, 0x87FFFFF0, 0x87FFFFF8, 0x80000000, 16, 2),
    ("rings-at-top", 0, 8, TOP - 0x1000, TOP - 0x10, 0x80000000, 16, 2),
    ("buffer-at-mmio", 0, 8, 0, 0, 0x10000000, 0xFFFFFFFF, 2),
    ("buffer-wraps", 0, 8, 0, 0, TOP - 0x10, 0x1000, 2),
    ("chain-loop", 0, 8, 0, 0, 0x80000000, 16, 3),
    ("queue-huge", 0xFFFFFFFF, 0xFFFFFFFF, 0, 0, 0x80000000, 16, 2),
]
for _device, _spec in (("rng", "rng"), ("blk", BLK)):
    for _name, sel, num, desc, ring, buf, length, flags in VIRTIO_RINGS:
        GUESTS.append((f"virtio-{_device}-{_name}", "virtio.S",
                       {"QUEUE_SEL": sel, "QUEUE_NUM": num, "DESC_AT": desc, "RING_AT": ring,
                        "BUF_ADDR": buf, "BUF_LEN": length, "DESC_FLAGS": flags},
                       ["--set", f"devices.virtio=[\"{_spec}\"]"]))


def build(ctx, name, source, defines):
    out = os.path.join(ctx.inputs_dir("guest"), name + ".elf")
    cmd = ["riscv64-unknown-elf-gcc"] + CFLAGS + \
        [f"-D{k}={v:#x}" if isinstance(v, int) else f"-D{k}={v}" for k, v in defines.items()] + \
        ["-o", out, os.path.join(HERE, "guests", source)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"attack: cannot build guest {name}: {done.stderr.strip()}")
    return out


def generate(ctx):
    disk = os.path.join(ctx.inputs_dir("guest"), "disk.img")
    with open(disk, "wb") as f:
        f.write(bytes(range(256)) * 64)
    attacks = []
    for n, (name, source, defines, extra) in enumerate(GUESTS):
        if ctx.quick and n % 3:
            continue
        elf = build(ctx, name, source, defines)
        for harts in (1, 4):
            attacks.append(Attack("guest", f"{name}.harts{harts}",
                                  ["run", elf, "--max-insns", "3000000", "--set",
                                   f"machine.harts={harts}"] +
                                  [e.replace("{disk}", disk) for e in extra],
                                  must_name=[[os.path.basename(elf)]], inputs=[elf, disk]))
    return attacks
