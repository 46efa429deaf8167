#!/bin/sh
# rvscope's own command line refuses what it cannot do, with exit status 120 and a message
# naming the option, instead of guessing.
#
#   cli_checks.sh CASE RVSCOPE BUILD_DIR [UART_HELLO_ELF SPIN]
#
# command_line: parse errors, counts, empty trace windows, unknown timing symbols, --file
#               without --guest, a directory as the kernel, a host name for --gdb.
# config_origin: trace windows, the strace filter and gdb.host from a config file are refused
#               naming FILE:LINE and the key, from the command line naming the option.
# silent_acceptance: what QEMU refuses and rvscope used to run anyway: a kernel overlapping
#               the firmware, an empty kernel, PROGRAM with --kernel; a bare-metal ELF with
#               no tohost symbol runs with a warning and ends through the test device.
# outputs:      an output that is an input (by name or by hard link) is refused and the input
#               is unchanged; two outputs in one file are refused; dumpdtb reports /dev/full.
# trace_outputs: a trace, timeline or console to /dev/full is an error naming it; a run that
#               fails after its trace was opened leaves the previous trace file as it was.
# sigint, sigterm, sigterm_gdb (with the gdb stub listening): the signal ends a --guest run that would never end: exit 130 / 143, the
#               timeline is valid JSON, the syscall trace and --summary are written, and the
#               temporary initramfs is gone.
set -u
case_name=$1
rvscope=$2
build=$3
starlet=$build/guest-kernel/starlet.elf
uart_hello=${4:-}
spin=${5:-}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

# refused EXPECTED ARGS...: rvscope ARGS exits 120 and says EXPECTED on stderr.
refused() {
  expected=$1
  shift
  timeout 60 "$rvscope" "$@" </dev/null >"$work/out" 2>"$work/err"
  status=$?
  if [ "$status" -ne 120 ] || ! grep -qF -- "$expected" "$work/err"; then
    echo "cli_checks: 'rvscope $*' gave status $status and:"
    cat "$work/err"
    echo "cli_checks: expected status 120 and '$expected'"
    exit 1
  fi
  echo "cli_checks: refused: $(head -1 "$work/err")"
}

case "$case_name" in
  command_line)
    refused "argument was not expected: --bogus" run --bogus
    refused "--max-insns '-1'" run --kernel "$starlet" --max-insns -1
    refused "--max-insns '18446744073709551616'" run --kernel "$starlet" \
      --max-insns 18446744073709551616
    refused "--trace: an empty window" run --kernel "$starlet" --trace ''
    refused "--trace: an empty window in ','" run --kernel "$starlet" --trace , --max-insns 200000
    refused "--max-insns: an empty value" run --kernel "$starlet" --max-insns ''
    refused "--trace-output: an empty value" run --kernel "$starlet" --trace all --trace-output ''
    refused "--timing-from: an empty value" run --kernel "$starlet" --timing-from ''
    refused "--gdb: an empty value" run --kernel "$starlet" --gdb ''
    refused "output: an empty value" dumpdtb ''
    refused "--why explains syscalls that --strace prints: add --strace" run --kernel "$starlet" --why
    refused "unknown command 'walk'" walk
    printf 'devices:\n  virtio: ["blk,file=/nonexistent/disk.img"]\n' >disk.yaml
    refused "disk image (disk.yaml:2: devices.virtio entry 0) '/nonexistent/disk.img'" run \
      --kernel "$starlet" -c disk.yaml
    refused "--timing-from 'symbol:nosuch': no symbol 'nosuch'" run --kernel "$starlet" \
      --timing-from symbol:nosuch
    refused "--file adds files to --guest's initramfs" run --kernel "$starlet" \
      --file /etc/x=/etc/hostname
    refused "the kernel '$work' is a directory" run --kernel "$work"
    refused "gdb listen host 'localhost.localdomain'" run --kernel "$starlet" \
      --gdb localhost.localdomain:1234
    refused "gdb listen host 'example.invalid'" run --kernel "$starlet" --set gdb.port=1234 \
      --set gdb.host=example.invalid
    ;;
  config_origin)
    # Values checked after the config is loaded still name their file, line and key; the
    # same values from the command line name the option.
    printf 'trace:\n  windows: [bogus]\n' >windows.yaml
    refused "windows.yaml:2: trace.windows: 'bogus': expected all" run --kernel "$starlet" \
      -c windows.yaml
    printf 'trace:\n  windows: ["symbol:nosuch"]\n' >symbol.yaml
    refused "symbol.yaml:2: trace.windows: 'symbol:nosuch': no symbol 'nosuch'" run \
      --kernel "$starlet" -c symbol.yaml
    refused "--trace 'symbol:nosuch': no symbol" run --kernel "$starlet" -c windows.yaml \
      --trace symbol:nosuch
    printf 'trace:\n  windows: [""]\n' >empty.yaml
    refused "empty.yaml:2: trace.windows: an empty window" run --kernel "$starlet" -c empty.yaml
    printf 'trace:\n  strace: true\n  strace_filter: [write, nosuch]\n' >filter.yaml
    refused "filter.yaml:3: trace.strace_filter: unknown syscall 'nosuch'" run \
      --kernel "$starlet" -c filter.yaml
    refused "--strace: unknown syscall 'bogus'" run --kernel "$starlet" --strace=bogus
    printf 'trace:\n  strace_filter: [write, nosuch]\n' >off.yaml
    refused "off.yaml:2: trace.strace_filter: unknown syscall 'nosuch'" run --kernel "$starlet" \
      -c off.yaml
    printf 'trace:\n  strace: true\n  strace_filter: [write]\n' >write.yaml
    refused "--why=clone3: none of these syscalls is in the syscall filter 'write' (write.yaml:3: trace.strace_filter)" \
      run --kernel "$starlet" -c write.yaml --why=clone3
    refused "--why=clone3: none of these syscalls is in --strace=write" run --kernel "$starlet" \
      --strace=write --why=clone3
    printf 'gdb:\n  port: 1234\n  host: example.invalid\n' >gdb.yaml
    refused "gdb.yaml:3: gdb.host: gdb listen host 'example.invalid'" run --kernel "$starlet" \
      -c gdb.yaml
    ;;
  silent_acceptance)
    refused "overlaps the firmware" run --kernel "$uart_hello"
    : >empty.bin
    refused "the kernel 'empty.bin' is empty" run --kernel empty.bin
    refused "--kernel is for a firmware boot" run "$uart_hello" --kernel "$starlet"
    refused "--initrd is for a firmware boot" run "$uart_hello" --initrd "$starlet"
    timeout 60 "$rvscope" run "$uart_hello" </dev/null >"$work/out" 2>"$work/err"
    status=$?
    if [ "$status" -ne 3 ] || ! grep -q "has no 'tohost' symbol" "$work/err"; then
      echo "cli_checks: a program without tohost gave status $status and:"
      cat "$work/err"
      exit 1
    fi
    echo "cli_checks: warned: $(cat "$work/err")"
    ;;
  outputs)
    cp "$starlet" kernel.elf
    ln kernel.elf linked.elf
    refused "the console output 'kernel.elf' is the kernel 'kernel.elf'" run --kernel kernel.elf \
      --set console.output=kernel.elf
    refused "the statistics 'linked.elf' is the kernel 'kernel.elf'" run --kernel kernel.elf \
      --set timing.enabled=true --stats linked.elf
    refused "the timeline 'kernel.elf' is the kernel" run --kernel kernel.elf --timeline kernel.elf
    cmp -s kernel.elf "$starlet" || { echo "cli_checks: the kernel was overwritten"; exit 1; }
    refused "the instruction trace and the syscall trace are both './t.log'" run \
      --kernel kernel.elf --trace all --trace-output t.log --strace --strace-output ./t.log
    refused "cannot write the device tree blob to '/dev/full': No space left on device" \
      dumpdtb /dev/full
    refused "the device tree blob 'kernel.elf' is the kernel" dumpdtb --kernel kernel.elf kernel.elf
    ;;
  trace_outputs)
    refused "cannot write the instruction trace to '/dev/full': No space left on device" run \
      --kernel "$starlet" --trace all --trace-output /dev/full --max-insns 10000
    refused "cannot write the timeline to '/dev/full'" run --kernel "$starlet" \
      --timeline /dev/full --max-insns 10000
    refused "cannot write the console output to '/dev/full': No space left on device" run \
      --kernel "$starlet" --set console.output=/dev/full --max-insns 3000000
    mkdir traces && cd traces || exit 1
    echo "a good trace" >good.log
    refused "no symbol 'nosuch'" run --kernel "$starlet" --trace all --trace-output good.log \
      --timing-from symbol:nosuch --max-insns 10000
    [ "$(cat good.log)" = "a good trace" ] || {
      echo "cli_checks: a failed run replaced the previous trace"
      exit 1
    }
    [ "$(ls -A | wc -l)" -eq 1 ] || { echo "cli_checks: files left behind: $(ls -A)"; exit 1; }
    echo "cli_checks: the previous trace survived a failed run"
    ;;
  sigint | sigterm | sigterm_gdb)
    signal=INT expected=130 gdb=
    [ "$case_name" != sigint ] && signal=TERM expected=143
    # With the gdb stub listening (no client attached) the run loop polls the same way.
    [ "$case_name" = sigterm_gdb ] && gdb="--gdb 127.0.0.1:$((20000 + $$ % 20000))"
    before=" $(ls /tmp/rvscope-initramfs-* 2>/dev/null | tr "\n" " ") "
    # shellcheck disable=SC2086
    # --guest comes last: the words after its program are the program's own arguments.
    "$rvscope" run --timeline timeline.json --strace --strace-output strace.log \
      --summary $gdb --guest "$spin" </dev/null >console.out 2>console.err &
    pid=$!
    # Signal once the guest program runs (its line is on the console), or after 60 s.
    for _ in $(seq 600); do
      grep -q spinning console.out 2>/dev/null && break
      sleep 0.1
    done
    during=$(ls /tmp/rvscope-initramfs-* 2>/dev/null)
    kill -"$signal" "$pid"
    wait "$pid"
    status=$?
    fail=0
    [ "$status" -eq "$expected" ] || { echo "cli_checks: exit status $status, not $expected"; fail=1; }
    python3 -m json.tool timeline.json >/dev/null || { echo "cli_checks: the timeline is not JSON"; fail=1; }
    grep -q 'write(1, "spinning' strace.log || { echo "cli_checks: no strace lines"; fail=1; }
    grep -q "stopped by SIG$signal" console.err || { echo "cli_checks: no stop message"; fail=1; }
    grep -q "instructions, .*exit status $expected\$" console.err || {
      echo "cli_checks: no --summary"
      fail=1
    }
    # Other tests' --guest runs make initramfs files too: ours is the one holding spin.
    for file in $during; do
      case "$before" in *" $file "*) continue ;; esac
      [ -e "$file" ] && grep -q spinning "$file" 2>/dev/null && {
        echo "cli_checks: $file left behind"
        fail=1
      }
    done
    if [ "$fail" -ne 0 ]; then
      cat console.err
      exit 1
    fi
    echo "cli_checks: SIG$signal ended the run cleanly: $(grep stopped console.err)"
    ;;
  *)
    echo "usage: cli_checks.sh CASE RVSCOPE BUILD_DIR [UART_HELLO_ELF SPIN]" >&2
    exit 2
    ;;
esac
