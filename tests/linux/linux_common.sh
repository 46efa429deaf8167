# Shared by the Linux guest tests: how Linux is booted on QEMU and on rvscope, and how a
# console is cut and normalised. Sourced, not run.

LINUX_FIRMWARE=${RVSCOPE_FIRMWARE:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf}
LINUX_TIME_LIMIT=${RVSCOPE_LINUX_TIMEOUT:-240}
# QEMU's hart as close to rvscope's as QEMU 7.2 allows (see tests/system/compare_qemu.sh).
LINUX_QEMU_CPU=rv64,h=false,sstc=false,pmu-num=0,Zihintpause=false,zba=false,zbb=false,zbc=false,zbs=false
# no4lvl: QEMU 7.2 offers Sv48 and Linux would take it; rvscope has Sv39 only. panic=-1
# turns a panic into a reboot, which ends both runs instead of hanging them.
LINUX_BOOTARGS="console=ttyS0 no4lvl panic=-1"

# The QEMU command linux_qemu runs; boot_compare.sh points it at `rvscope qemu` to replay the
# very same argument list on rvscope's QEMU front end.
LINUX_QEMU_COMMAND=qemu-system-riscv64
# How linux_qemu attaches DISK: QEMU's -drive keys besides id, if, format and file
# (readonly=on: QEMU would write the guest's changes into the file, which a boot comparison
# must not).
LINUX_QEMU_DRIVE_OPTIONS=readonly=on
# How linux_rvscope attaches DISK: the devices.virtio blk mode (docs/devices.md).
LINUX_RVSCOPE_DISK_MODE=readonly

# linux_qemu OUT_PREFIX IMAGE INITRD HARTS APPEND [DISK] [QEMU_OPTION...]
linux_qemu() {
  prefix=$1 image=$2 initrd=$3 harts=$4 append=$5 disk=${6:-}
  if [ $# -ge 6 ]; then shift 6; else shift $#; fi
  if [ -n "$disk" ]; then
    set -- -drive "id=disk0,if=none,format=raw${LINUX_QEMU_DRIVE_OPTIONS:+,$LINUX_QEMU_DRIVE_OPTIONS},file=$disk" \
      -device virtio-blk-device,drive=disk0 "$@"
  fi
  # shellcheck disable=SC2086 # LINUX_QEMU_COMMAND may be "RVSCOPE qemu"
  timeout "$LINUX_TIME_LIMIT" $LINUX_QEMU_COMMAND -machine virt -nographic -no-reboot \
    -cpu "$LINUX_QEMU_CPU" -m 128M -smp "$harts" -bios "$LINUX_FIRMWARE" -kernel "$image" \
    -initrd "$initrd" -append "$append" "$@" </dev/null >"$prefix.raw" 2>"$prefix.err"
  echo $? >"$prefix.status"
  tr -d '\r' <"$prefix.raw" >"$prefix.out"
}

# linux_rvscope OUT_PREFIX IMAGE INITRD HARTS APPEND [DISK] [RVSCOPE_OPTION...]
linux_rvscope() {
  prefix=$1 image=$2 initrd=$3 harts=$4 append=$5 disk=${6:-}
  if [ $# -ge 6 ]; then shift 6; else shift $#; fi
  if [ -n "$disk" ]; then
    set -- --set "devices.virtio=[\"blk,file=$disk,mode=$LINUX_RVSCOPE_DISK_MODE\"]" "$@"
  fi
  timeout "$LINUX_TIME_LIMIT" "$rvscope" run --firmware "$LINUX_FIRMWARE" --kernel "$image" \
    --initrd "$initrd" --append "$append" --set machine.harts="$harts" \
    --set console.input=none "$@" </dev/null >"$prefix.raw" 2>"$prefix.err"
  echo $? >"$prefix.status"
  tr -d '\r' <"$prefix.raw" >"$prefix.out"
}

# starlet_rvscope OUT_PREFIX STARLET_ELF STARLET_INITRD PROGRAM...: starlet's init runs
# /bin/PROGRAM for each, one after the other, in rvscope ($STARLET_HARTS harts, default 1),
# as linux_rvscope's run= list does on Linux; the console in OUT_PREFIX.out, rvscope's exit
# status in .status.
starlet_rvscope() {
  local prefix=$1 kernel=$2 initrd=$3 args="" p
  shift 3
  for p in "$@"; do args="$args${args:+ ; }/bin/$p"; done
  timeout "$LINUX_TIME_LIMIT" "$rvscope" run --firmware "$LINUX_FIRMWARE" --kernel "$kernel" \
    --initrd "$initrd" --append "$args" --set machine.harts="${STARLET_HARTS:-1}" \
    --set console.input=none </dev/null \
    >"$prefix.raw" 2>"$prefix.err"
  echo $? >"$prefix.status"
  tr -d '\r' <"$prefix.raw" >"$prefix.out"
}

# Kernel lines after "Run /init" that may differ between QEMU and rvscope, with reasons:
# - "random: crng init done": when the entropy pool fills depends on interrupt timing; QEMU
#   7.2 also passes /chosen/rng-seed, so its crng is ready before init and prints the line
#   earlier (or not at all) than an rvscope without a seed.
LINUX_CONSOLE_IGNORED='^(\[TIME\] )?random: crng init done$'

# The console from Linux's "Run /init as init process" on, kernel timestamps masked.
from_run_init() {
  sed -E 's/^\[ *[0-9]+\.[0-9]+\] /[TIME] /' "$1" | sed -n '/Run \/init as init process/,$p' |
    grep -Ev "$LINUX_CONSOLE_IGNORED"
}

# The output of one program framed by /init's "[init] run PATH" / "[init] PATH: exit N"
# lines; prints the output, and the exit status to fd 3.
program_output() {
  awk -v start="[init] run $2" -v stop="[init] $2: exit " '
    $0 == start {on = 1; next}
    on && (i = index($0, stop)) > 0 {
      if (i > 1) printf "%s", substr($0, 1, i - 1)
      print substr($0, i + length(stop)) > "/dev/stderr"; exit
    }
    on {print}' "$1"
}
