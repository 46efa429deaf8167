#!/bin/sh
# The QEMU-style command line, tested against qemu-system-riscv64 itself.
#
#   qemu_cli.sh CASE RVSCOPE BUILD_DIR UART_HELLO_ELF
#
# starlet:         one argument list boots starlet on QEMU and through `rvscope qemu`; the
#                  consoles are identical and so are the exit statuses.
# starlet_symlink: the same through a link named qemu-system-riscv64, with -serial mon:stdio.
# bios_none:       -bios none -kernel ELF: both run it in M-mode from its entry; same console,
#                  same exit status (the test device's code 3).
# virtio_slots:    -drive/-device put virtio-blk and virtio-rng in the same virtio-mmio slots
#                  on both (a bare-metal probe prints each slot's DeviceID).
# gdb:             -S -gdb tcp::PORT: gdb-multiarch attaches, sees the halted hart at the ELF's
#                  entry, steps, continues and sees the guest's exit code.
# unsupported:     flags rvscope cannot honour exit 120 with an error naming them.
# mixed_options:   rvscope's --strace and --summary mix with QEMU flags; the console is
#                  unchanged.
# Exit 77 (CTest's skip code) when QEMU is needed and missing.
set -u
case_name=$1
rvscope=$2
build=$3
uart_hello=$4
starlet=$build/guest-kernel/starlet.elf
initramfs=$build/guest-kernel/initramfs.cpio
time_limit=${RVSCOPE_QEMU_CLI_TIMEOUT:-120}

# QEMU's hart described as rvscope's (see tests/system/compare_qemu.sh); rvscope accepts the
# same -cpu because it says what rvscope's hart is.
cpu=rv64,h=false,sstc=false,pmu-num=0,Zihintpause=false,zba=false,zbb=false,zbc=false,zbs=false

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

need_qemu() {
  command -v qemu-system-riscv64 >/dev/null 2>&1 && return 0
  echo "qemu_cli: qemu-system-riscv64 not found, skipping"
  exit 77
}

# run NAME COMMAND...: console (CRs removed) in NAME.out, stderr in NAME.err, status in
# NAME.status. One figure is masked: starlet's count of free pages, because it reserves the
# device tree's pages and QEMU's tree is larger (PCI, flash, fw_cfg and eight virtio-mmio
# nodes), one page more.
run() {
  name=$1
  shift
  timeout "$time_limit" "$@" </dev/null >"$work/$name.raw" 2>"$work/$name.err"
  echo $? >"$work/$name.status"
  tr -d '\r' <"$work/$name.raw" | sed -E 's/, [0-9]+ free pages,/, N free pages,/' >"$work/$name.out"
}

# same A B: identical consoles and exit statuses, or a diff and failure.
same() {
  failed=0
  if ! diff -u "$work/$1.out" "$work/$2.out" >"$work/diff"; then
    echo "qemu_cli: consoles differ (- $1, + $2):"
    cat "$work/diff"
    failed=1
  fi
  if [ "$(cat "$work/$1.status")" != "$(cat "$work/$2.status")" ]; then
    echo "qemu_cli: exit status differs: $1 $(cat "$work/$1.status"), $2 $(cat "$work/$2.status")"
    failed=1
  fi
  if [ ! -s "$work/$1.out" ]; then
    echo "qemu_cli: $1 printed nothing"
    failed=1
  fi
  if [ "$failed" -ne 0 ]; then
    echo "---- $2 stderr ----"
    cat "$work/$2.err"
    exit 1
  fi
  echo "qemu_cli: $(wc -l <"$work/$1.out") console lines identical, exit status" \
    "$(cat "$work/$1.status") on both"
}

# refused EXPECTED ARGS...: rvscope qemu ARGS exits 120 and says EXPECTED on stderr.
refused() {
  expected=$1
  shift
  run refused "$rvscope" qemu "$@"
  status=$(cat "$work/refused.status")
  if [ "$status" -ne 120 ] || ! grep -qF -- "$expected" "$work/refused.err"; then
    echo "qemu_cli: 'rvscope qemu $*' gave status $status and:"
    cat "$work/refused.err"
    echo "qemu_cli: expected status 120 and '$expected'"
    exit 1
  fi
  echo "qemu_cli: refused as expected: $(cat "$work/refused.err")"
}

starlet_args="-machine virt -m 128M -smp 1 -bios default -cpu $cpu -kernel $starlet -initrd $initramfs"
bootargs="/bin/hello world ; /bin/files"

case "$case_name" in
  starlet)
    need_qemu
    # shellcheck disable=SC2086
    run qemu qemu-system-riscv64 $starlet_args -append "$bootargs" -nographic
    # shellcheck disable=SC2086
    run rvscope "$rvscope" qemu $starlet_args -append "$bootargs" -nographic
    same qemu rvscope
    ;;
  starlet_symlink)
    need_qemu
    ln -s "$(readlink -f "$rvscope")" "$work/qemu-system-riscv64"
    # shellcheck disable=SC2086
    run qemu qemu-system-riscv64 $starlet_args -append "$bootargs" -serial mon:stdio \
      -display none -no-reboot
    # shellcheck disable=SC2086
    run rvscope "$work/qemu-system-riscv64" $starlet_args -append "$bootargs" \
      -serial mon:stdio -display none -no-reboot
    same qemu rvscope
    ;;
  bios_none)
    need_qemu
    run qemu qemu-system-riscv64 -M virt -bios none -kernel "$uart_hello" -nographic
    run rvscope "$rvscope" qemu -M virt -bios none -kernel "$uart_hello" -nographic
    same qemu rvscope
    [ "$(cat "$work/rvscope.status")" -eq 3 ] || { echo "qemu_cli: expected exit 3"; exit 1; }
    ;;
  virtio_slots)
    need_qemu
    probe=$(dirname "$uart_hello")/virtio_probe.elf
    dd if=/dev/zero of="$work/disk0.img" bs=512 count=8 2>/dev/null
    cp "$work/disk0.img" "$work/disk1.img"  # QEMU locks an image against a second drive
    for runner in qemu rvscope; do
      if [ "$runner" = qemu ]; then set -- qemu-system-riscv64; else set -- "$rvscope" qemu; fi
      run "$runner" "$@" -M virt -bios none -kernel "$probe" -nographic \
        -device virtio-rng-device -drive file="$work/disk0.img",if=none,format=raw,id=d0,readonly=on \
        -device virtio-blk-device,drive=d0 -drive file="$work/disk1.img",if=none,format=raw,id=d1 \
        -device virtio-blk-device,drive=d1
    done
    same qemu rvscope
    grep -q "slot 7: 4" "$work/rvscope.out" || { echo "qemu_cli: the rng is not in slot 7"; exit 1; }
    ;;
  gdb)
    command -v gdb-multiarch >/dev/null 2>&1 || { echo "qemu_cli: no gdb-multiarch"; exit 77; }
    port=$((20000 + $$ % 20000))
    "$rvscope" qemu -M virt -bios none -kernel "$uart_hello" -nographic -S -gdb tcp::"$port" \
      </dev/null >"$work/rvscope.out" 2>"$work/rvscope.err" &
    pid=$!
    for _ in $(seq 100); do
      grep -q listening "$work/rvscope.err" && break
      sleep 0.1
    done
    timeout 60 gdb-multiarch -batch -nx -ex "set architecture riscv:rv64" \
      -ex "target remote 127.0.0.1:$port" -ex 'printf "start %#x\n", $pc' -ex stepi \
      -ex 'printf "stepped %#x\n", $pc' -ex continue >"$work/gdb.out" 2>&1
    wait "$pid"
    status=$?
    if ! grep -q "^start 0x80000000$" "$work/gdb.out" ||
      ! grep -q "^stepped 0x80000004$" "$work/gdb.out" ||
      ! grep -q "exited with code 03" "$work/gdb.out" || [ "$status" -ne 3 ]; then
      echo "qemu_cli: gdb session (rvscope exit status $status):"
      cat "$work/gdb.out" "$work/rvscope.err"
      exit 1
    fi
    echo "qemu_cli: gdb attached through -S -gdb tcp::$port, stepped and saw exit code 3"
    ;;
  unsupported)
    refused "QEMU option '-netdev' is not supported" -M virt -kernel "$starlet" -netdev user,id=n0
    refused "'disk.img': a bare disk image" -M virt -kernel "$starlet" disk.img
    refused "'acpi=on' is not supported" -machine virt,acpi=on -kernel "$starlet"
    refused "device 'virtio-net-device' is not supported" -M virt -kernel "$starlet" \
      -device virtio-net-device
    refused "give -machine virt" -kernel "$starlet"
    refused "-serial pty" -M virt -kernel "$starlet" -serial pty
    ;;
  mixed_options)
    need_qemu
    # shellcheck disable=SC2086
    run qemu qemu-system-riscv64 $starlet_args -append "$bootargs" -nographic
    # shellcheck disable=SC2086
    run rvscope "$rvscope" qemu $starlet_args --strace=write,openat -append "$bootargs" \
      --summary -nographic
    same qemu rvscope
    grep -q '^\[pid  *[0-9]*\] write(1, "hello from starlet userland' "$work/rvscope.err" ||
      grep -q 'write(1, "hello from starlet userland' "$work/rvscope.err" || {
      echo "qemu_cli: no strace line for hello's write on stderr:"
      cat "$work/rvscope.err"
      exit 1
    }
    grep -q '^rvscope: .* instructions, .*exit status 0$' "$work/rvscope.err" || {
      echo "qemu_cli: no --summary line:"
      cat "$work/rvscope.err"
      exit 1
    }
    echo "qemu_cli: --strace and --summary mixed in"
    ;;
  *)
    echo "usage: qemu_cli.sh CASE RVSCOPE BUILD_DIR UART_HELLO_ELF" >&2
    exit 2
    ;;
esac
