#!/bin/bash
# Differential test: each program's console output and exit status on starlet (booted on a
# system runner, see boot.sh) must equal the same binary's under qemu-riscv64 (Linux user
# mode), except for the known differences listed below, each with its reason.
#
#   diff_qemu_user.sh KERNEL INITRD USER_DIR "prog [args]" ["prog [args]"...]
#
# Output is compared as stdout+stderr in order; the programs flush stdout before writing to
# stderr, forking or exiting, so that tty and pipe buffering give the same order.
set -u
here=$(cd "$(dirname "$0")" && pwd)
kernel=$1 initrd=$2 userdir=$(cd "$3" && pwd)
shift 3
qemu_user=${QEMU_RISCV64:-qemu-riscv64}

# Known differences: "program|regex|reason". Lines matching regex are dropped from both
# sides before comparing; a TAP program's verdict is then recomputed from what is left.
# The clone3 programs are not compared here at all: qemu-riscv64 7.2 has no clone3 (ENOSYS);
# their oracle is the host kernel (clone3_host_oracle.sh).
known=(
  "files|/proc/self/exe|qemu-riscv64 reports the host path of the binary (and its own idea of it)"
  "forkexec|exec'd child|qemu-riscv64 passes execve to the host kernel, which cannot run a riscv64 ELF without binfmt_misc"
  "forkexec|execve runs a program|same: execve of a riscv64 ELF fails on the host"
  "forkexec|execve from a multithreaded process|same"
  "forkexec|posix_spawn|same"
  "badargs|madvise|qemu-riscv64 7.2 treats every madvise as a successful no-op"
  "badargs|nanosleep bad pointer|qemu-riscv64 7.2 answers EINVAL before reading the timespec (Linux: EFAULT)"
  "badargs|clone3|qemu-riscv64 7.2 does not implement clone3 (ENOSYS)"
  "memory|shrunk brk|qemu-riscv64 7.2 keeps the pages above a shrunk brk mapped (Linux unmaps them; checked on the host kernel)"
  "syscalls_more|mremap to length 0|qemu-riscv64 7.2 answers ENOMEM (Linux: EINVAL; checked on the host kernel)"
  "sockets|socket with unknown type flags|qemu-riscv64 7.2 translates the type flags it knows and drops the rest (Linux: EINVAL; checked on the host kernel)"
  "sockets|socketpair with unknown type flags|same"
  "sockets|getpeername unconnected|qemu-riscv64 7.2 checks the NULL address buffers before the host call: EFAULT (Linux: ENOTCONN)"
  "sockets|socketpair writes the fds it reserved|qemu-riscv64 7.2 copies the fds out only when the host call succeeded (Linux writes them first)"
  "sockets|socketpair into a bad pointer|qemu-riscv64 7.2 makes the host call first (EAFNOSUPPORT), Linux writes the fds first (EFAULT)"
  "syscalls_more|unshare(CLONE_THREAD), one thread|qemu-riscv64 7.2 passes unshare to the host, where qemu's own threads (its RCU thread) make the process multithreaded: EINVAL (Linux, one thread: success; checked on the host kernel and the Linux guest)"
  "syscalls_more|unshare(CLONE_SIGHAND . CLONE_VM), one thread|same"
  "syscalls_more|syslog READ_ALL into NULL|qemu-riscv64 7.2 answers a NULL buffer with 0 before the host sees the call (Linux: EINVAL; checked on the host kernel and the Linux guest)"
  "syscalls_more|syslog READ_ALL with a negative length|qemu-riscv64 7.2 locks the buffer with the length first: EFAULT (Linux: EINVAL)"
  "syscalls_more|syslog READ into NULL|qemu-riscv64 7.2 answers 0, as for READ_ALL (Linux: EINVAL)"
  "syscalls_more|epoll_wait into NULL, nothing ready|qemu-riscv64 7.2 locks the whole events buffer before waiting, so NULL is EFAULT (Linux checks access_ok only and writes nothing: success; checked on the host kernel)"
  "memory|MAP_FIXED_NOREPLACE|qemu-riscv64 7.2 ignores MAP_FIXED_NOREPLACE and maps elsewhere (Linux: EEXIST)"
  "futex_test|robust_list|qemu-riscv64 7.2 answers set_robust_list/get_robust_list with ENOSYS"
)

bootargs=""
for cmd in "$@"; do
  bootargs="$bootargs${bootargs:+ ; }/bin/$cmd"
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$here/boot.sh" "$kernel" "$initrd" "$bootargs" 120 >"$work/boot.raw"
tr -d '\r' <"$work/boot.raw" >"$work/boot.log"

filter() {  # filter PROGRAM FILE: drops the known-difference lines of PROGRAM
  local prog=$1 file=$2 entry
  cp "$file" "$file.f"
  for entry in "${known[@]}"; do
    IFS='|' read -r p re reason <<<"$entry"
    if [ "$p" = "$prog" ]; then
      grep -v -e "$re" "$file.f" >"$file.g" || true
      mv "$file.g" "$file.f"
    fi
  done
  if grep -q '^1\.\.[0-9]*$' "$file.f"; then  # TAP: drop the count, derive the verdict
    grep -v -e '^# [0-9]* failed$' "$file.f" >"$file.g" || true
    mv "$file.g" "$file.f"
    if grep -q '^not ok' "$file.f"; then echo 1; else echo 0; fi
    return
  fi
  echo keep
}

failures=0
for cmd in "$@"; do
  prog=${cmd%% *}
  # starlet: the lines between init's "run" and "exit" lines for this command.
  awk -v start="[init] run /bin/$cmd" -v stop="[init] /bin/$prog: " '
    $0 == start {on = 1; next}
    on && (i = index($0, stop)) > 0 {  # an unterminated last line carries the init line
      if (i > 1) printf "%s", substr($0, 1, i - 1)
      print substr($0, i) > "/dev/stderr"; exit
    }
    on {print}' "$work/boot.log" >"$work/s.out" 2>"$work/s.status"
  s_status=$(sed -n 's/.*: exit \([0-9]*\)$/\1/p; s/.*: killed by signal \([0-9]*\)$/sig\1/p' "$work/s.status")
  # qemu-riscv64: the same binary, in an empty scratch directory.
  mkdir -p "$work/cwd"
  (cd "$work/cwd" && read -ra argv <<<"$cmd" && timeout 60 "$qemu_user" "$userdir/${argv[0]}" "${argv[@]:1}" \
     </dev/null >"$work/q.out" 2>&1)
  q_rc=$?
  q_status=$q_rc
  [ "$q_rc" -gt 128 ] && q_status="sig$((q_rc - 128))"
  s_verdict=$(filter "$prog" "$work/s.out")
  q_verdict=$(filter "$prog" "$work/q.out")
  if [ "$s_verdict" != keep ]; then s_status=$s_verdict; q_status=$q_verdict; fi
  if [ -z "$s_status" ]; then
    echo "FAIL $cmd: no exit line on starlet"
    failures=$((failures + 1))
  elif ! diff -u "$work/q.out.f" "$work/s.out.f" >"$work/d"; then
    echo "FAIL $cmd: output differs (- qemu-riscv64, + starlet)"
    cat "$work/d"
    failures=$((failures + 1))
  elif [ "$s_status" != "$q_status" ]; then
    echo "FAIL $cmd: exit status starlet=$s_status qemu-riscv64=$q_status"
    failures=$((failures + 1))
  else
    echo "PASS $cmd ($(wc -l <"$work/s.out.f") lines, status $s_status)"
  fi
done
if [ "$failures" -ne 0 ]; then
  echo "diff_qemu_user: $failures program(s) differ"
  cat "$work/boot.log" | head -5
  exit 1
fi
echo "diff_qemu_user: all $# programs match"
