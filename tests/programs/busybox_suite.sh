# A POSIX sh script suite run by BusyBox's sh on the guest (starlet, Linux) and under qemu-riscv64.
#
#   sh busybox_suite.sh [SECTION...]     default: every section, in this order
#
# Sections: shell text files jobs dev (no /proc: also compared with qemu-riscv64, whose /proc is
# the host's) and proc system (read /proc: compared between starlet and the Linux guest only).
# Every line it prints is deterministic: where a number legitimately varies between runs or
# kernels (uptime, free memory, PIDs) the script replaces it with a word and says why.
# tests/programs/compare.sh runs it on every side and compares the lines (docs/programs.md).

section() { echo "== $1"; }
# check NAME COMMAND...: runs COMMAND, prints "NAME: exit N" so that a failure is a line too.
check() {
  name=$1
  shift
  "$@"
  echo "$name: exit $?"
}

# wait_for PID NAME: until process PID runs NAME (a background job's fork and exec take their
# time on another hart); gives up after 2000 looks.
wait_for() {
  i=0
  while [ "$(cat "/proc/$1/comm" 2>/dev/null)" != "$2" ] && [ "$i" -lt 2000 ]; do i=$((i + 1)); done
}

work=$(mktemp -d /tmp/bbsuite.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT

sec_shell() {
  section shell
  echo "pipe: $(printf 'c\nb\na\n' | sort | tr '\n' ' ')"
  echo "subshell: $( (x=inner; echo "$x") ) x=${x-unset}"
  v=$(echo outer $(echo nested))
  echo "command substitution: $v"
  n=0
  while [ "$n" -lt 5 ]; do n=$((n + 1)); done
  echo "arithmetic: n=$n 2**10=$((1 << 10)) 7/2=$((7 / 2)) 7%3=$((7 % 3)) 64bit=$((1 << 40))"
  cat <<HERE
here-document: n=$n $(echo expanded)
HERE
  cat <<'HERE'
quoted here-document: $n $(not expanded)
HERE
  set -- one "two words" three
  echo "positional: $# [$1] [$2] [$3]"
  for w in "$@"; do printf '<%s>' "$w"; done
  echo
  case "abc.txt" in *.txt) echo "case: txt" ;; *) echo "case: other" ;; esac
  f() { local a=local; echo "function: $a $1"; return 4; }
  f arg
  echo "function status: $?"
  (exit 3)
  echo "subshell exit: $?"
  false
  echo "false: $?"
  sh -c 'exit 7'
  echo "sh -c exit: $?"
  no_such_command_here 2>/dev/null
  echo "not found: $?"
  ! true
  echo "negation: $?"
  true && echo "and: yes" || echo "and: no"
  false || echo "or: yes"
  echo "expr: $(expr 6 \* 7) $(expr length hello) $(expr substr abcdef 2 3)"
  echo "basename: $(basename /a/b/c.txt .txt) dirname: $(dirname /a/b/c.txt)"
  echo "test: $([ -d / ] && echo dir) $([ -z '' ] && echo empty) $([ 3 -gt 2 ] && echo gt)"
  echo "printf: $(printf '%05d|%-4s|%x|%o|%c' 42 ab 255 8 xyz)"
  IFS=: read -r a b c <<HERE
x:y:z
HERE
  echo "read: $a $b $c"
  echo "env: $(FOO=bar env | grep '^FOO=')"
  echo "seq: $(seq 3 -1 1 | tr '\n' ,)"
}

sec_text() {
  section text
  cat >"$work/data" <<'HERE'
banana 3 yellow
apple 7 red
cherry 12 red
apple 2 green
date 5 brown
banana 1 green
HERE
  echo "sed s: $(sed -n 's/^\(a[a-z]*\) \([0-9]*\).*/\2-\1/p' "$work/data" | tr '\n' ' ')"
  echo "sed d/y: $(sed -e '/red/d' -e 'y/abn/ABN/' "$work/data" | head -2 | tr '\n' ' ')"
  sed -i 's/brown/BROWN/' "$work/data"
  echo "sed -i: $(grep -c BROWN "$work/data")"
  echo "awk sum: $(awk '{s += $2} END {print s, NR}' "$work/data")"
  echo "awk group: $(awk '{c[$3] += $2} END {for (k in c) print k "=" c[k]}' "$work/data" | sort | tr '\n' ' ')"
  echo "awk printf: $(awk 'BEGIN {printf "%.3f %d %s", atan2(1, 1) * 4, 2^31, toupper("x")}')"
  echo "awk fields: $(echo 'a:b:c' | awk -F: '{print $NF, NF; $2 = "B"; print}' OFS=- | tr '\n' ' ')"
  echo "sort -k2n: $(sort -k2,2n "$work/data" | awk '{print $2}' | tr '\n' ' ')"
  echo "sort -r: $(sort -r "$work/data" | head -1)"
  echo "uniq -c: $(awk '{print $1}' "$work/data" | sort | uniq -c | awk '{print $2 "x" $1}' | tr '\n' ' ')"
  echo "uniq -d: $(awk '{print $1}' "$work/data" | sort | uniq -d | tr '\n' ' ')"
  echo "cut: $(cut -d' ' -f1,3 "$work/data" | head -2 | tr '\n' ,)"
  echo "tr: $(echo 'Hello World' | tr 'a-z' 'A-Z') $(echo 'aabbcc' | tr -s 'a-c') $(echo 'a1b2' | tr -d '[:digit:]')"
  echo "grep: $(grep -c apple "$work/data") $(grep -v -c red "$work/data") $(grep -E '^(a|c)' "$work/data" | wc -l) $(grep -n cherry "$work/data")"
  echo "head/tail: $(head -n 2 "$work/data" | tail -n 1) / $(tail -c 6 "$work/data")"
  echo "wc: $(wc -l <"$work/data") $(wc -w <"$work/data") $(wc -c <"$work/data")"
  echo "od: $(printf 'AB\n\001' | od -b | awk '{$1 = ""; print}' | tr -s ' ')"
  echo "hexdump: $(printf 'xyz' | hexdump -C | head -1)"
  echo "md5sum: $(printf 'hello\n' | md5sum)"
  echo "sha256sum: $(printf 'hello\n' | sha256sum)"
  echo "cksum: $(printf 'hello\n' | cksum)"
  echo "yes|head: $(yes ok | head -3 | tr '\n' ' ')"
  echo "tee: $(echo teed | tee "$work/tee.out") $(cat "$work/tee.out")"
}

sec_files() {
  section files
  cd "$work" || return
  mkdir -p a/b/c a/d
  echo one >a/b/c/f1
  echo two >a/d/f2
  printf '' >a/empty
  echo "find -type f: $(find a -type f | sort | tr '\n' ' ')"
  echo "find -type d: $(find a -type d | sort | tr '\n' ' ')"
  echo "find -name: $(find a -name 'f*' | sort | tr '\n' ' ')"
  echo "find -maxdepth: $(find a -maxdepth 1 | sort | tr '\n' ' ')"
  echo "find -size: $(find a -type f -size 0 | sort)"
  echo "find -exec: $(find a -name f2 -exec cat {} \;)"
  echo "xargs: $(find a -type f | sort | xargs cat | tr '\n' ' ')"
  echo "xargs -n1: $(printf '1 2 3' | xargs -n1 echo item | tr '\n' ,)"
  echo "xargs -0: $(find a -name 'f*' -print0 | xargs -0 ls | sort | tr '\n' ' ')"
  echo "xargs -I: $(echo x y | xargs -I{} echo '[{}]')"
  cp a/b/c/f1 copy
  mv copy moved
  echo "cp/mv: $(cat moved) $([ -e copy ] || echo gone)"
  ln -s a/d/f2 link
  ln -s /nonexistent dangling
  ln a/d/f2 hard
  echo "symlink: $(readlink link) $(cat link) $(readlink -f link | sed "s|^$work/||")"
  echo "dangling: $(readlink dangling) $([ -e dangling ] || echo missing) $([ -L dangling ] && echo is-link)"
  echo "hard link: $(stat -c '%h' a/d/f2) $(cat hard)"
  echo "stat: $(stat -c '%F %s' a/d/f2) / $(stat -c '%F' link) / $(stat -L -c '%F' link) / $(stat -c '%F' a)"
  echo "find -type l: $(find . -type l | sort | tr '\n' ' ')"
  chmod 600 a/d/f2
  echo "chmod: $(stat -c '%a' a/d/f2)"
  chmod u+x,g+r a/d/f2
  echo "chmod sym: $(stat -c '%a %A' a/d/f2)"
  echo "ls: $(ls a | tr '\n' ' ') $(ls -a a/d | tr '\n' ' ')"
  echo "ls -l: $(ls -l a/d/f2 | awk '{print $1, $NF}')"
  touch newfile
  echo "touch: $([ -f newfile ] && echo created) $(wc -c <newfile)"
  t=$(mktemp "$work/tmp.XXXXXX")
  echo "mktemp: $([ -f "$t" ] && echo file) $(basename "$t" | sed 's/[A-Za-z0-9]\{6\}$/XXXXXX/')"
  echo "realpath: $(realpath a/b/../d/f2 | sed "s|^$work/||")"
  echo "pwd: $(pwd | sed "s|^$work|WORK|")"
  rm -r a/b
  rmdir a/d 2>/dev/null
  echo "rmdir non-empty: $?"
  rm a/d/f2
  rmdir a/d
  echo "rm/rmdir: $(find a | sort | tr '\n' ' ')"
  echo "append" >>moved
  echo "append: $(wc -l <moved)"
  exec 3>fd3.txt
  echo "via fd 3" >&3
  exec 3>&-
  echo "fd redirect: $(cat fd3.txt)"
  echo "stderr: $( (echo to-stderr >&2) 2>&1)"
  dd if=/dev/zero of=zeros bs=1k count=8 status=none
  echo "dd file: $(wc -c <zeros) $(hexdump -v -e '1/1 "%02x\n"' zeros | sort -u)"
  cd / || return
}

sec_jobs() {
  section jobs
  # Background jobs write to files; the output is printed after wait, in a fixed order,
  # whatever order the harts ran them in.
  for i in 1 2 3 4; do
    (sleep 0."$i"; echo "job $i done" >"$work/job$i") &
  done
  wait
  cat "$work"/job1 "$work"/job2 "$work"/job3 "$work"/job4
  sh -c 'exit 5' &
  pid=$!
  wait "$pid"
  echo "wait status: $?"
  sleep 10 &
  pid=$!
  kill "$pid"
  wait "$pid"
  echo "killed job status: $?"
  sleep 10 &
  pid=$!
  kill -9 "$pid"
  wait "$pid"
  echo "kill -9 status: $?"
  trap 'echo "trap: got USR1"' USR1
  kill -USR1 $$
  echo "after USR1"
  trap 'echo "trap: got USR2"' USR2
  kill -s USR2 $$
  trap - USR1 USR2
  trap 'echo "trap: got TERM"' TERM
  kill -TERM $$
  echo "after TERM"
  trap - TERM
  (trap 'echo "trap: EXIT of subshell"' EXIT; echo "in subshell")
  # A child killed by a signal that the shell reports as 128+N.
  sh -c 'kill -TERM $$'
  echo "self-TERM status: $?"
  sh -c 'kill -INT $$'
  echo "self-INT status: $?"
  jobs_out=$(sleep 1 & jobs; wait)
  echo "jobs: $(echo "$jobs_out" | sed 's/[0-9][0-9]*/N/g; s/  */ /g')"
  sleep 1 &
  sleep 1 &
  wait
  echo "wait all: $?"
  # A pipeline whose reader exits first: the writer gets SIGPIPE.
  yes | head -1
  echo "pipeline status: $?"
}

sec_dev() {
  section dev
  echo "dd zero: $(dd if=/dev/zero bs=1k count=4 2>/dev/null | wc -c)"
  echo "dd status=none: $(dd if=/dev/zero bs=512 count=3 status=none | wc -c)"
  echo "null: $(cat /dev/null | wc -c) $(echo discarded >/dev/null; echo $?)"
  a=$(dd if=/dev/urandom bs=16 count=1 2>/dev/null | hexdump -v -e '1/1 "%02x"')
  b=$(dd if=/dev/urandom bs=16 count=1 2>/dev/null | hexdump -v -e '1/1 "%02x"')
  echo "urandom: ${#a} hex digits, $([ "$a" != "$b" ] && echo two reads differ)"
  echo "urandom bytes: $(head -c 1000 /dev/urandom | wc -c)"
  echo "full: $(echo x 2>&1 >/dev/full | sed 's/.*: //')"
  echo "tty: $([ -c /dev/null ] && echo null-is-char) $([ -c /dev/zero ] && echo zero-is-char)"
}

sec_proc() {
  section proc
  # /proc/self/status of `cat` itself: the fields a kernel fills the same way; sizes and PIDs vary.
  cat /proc/self/status >"$work/status"
  for f in Name State Umask Uid Gid Threads SigQ SigPnd ShdPnd SigBlk SigIgn CapInh CapPrm CapEff CapBnd NoNewPrivs; do
    grep "^$f:" "$work/status" | tr -s '\t ' ' '
  done
  echo "status fields: $(awk -F: '{print $1}' "$work/status" | grep -c -E '^(Pid|PPid|VmSize|VmRSS|Tgid)$')"
  echo "status pid is cat: $([ "$(awk '/^PPid:/ {print $2}' "$work/status")" = $$ ] && echo yes)"
  echo "self link: $([ "$(readlink /proc/self)" -gt 0 ] && echo numeric)"
  echo "cmdline: $(cat /proc/self/cmdline | tr '\0' ' ')"
  # A forked subshell that has not exec'd (it waits in the FIFO's open) has the shell's arguments.
  mkfifo "$work/fifo"
  (read -r x <"$work/fifo") &
  bp=$!
  wait_for "$bp" sh
  # argv[0] is whatever each kernel's init wrote (Linux's ash /init says "sh", starlet's init
  # "/bin/sh"): its base name only.
  echo "forked cmdline: $(tr '\0' ' ' </proc/$bp/cmdline | sed 's|[^ ]*busybox_suite.sh|SUITE|; s|^[^ ]*/||')"
  echo go >"$work/fifo"
  wait "$bp"
  echo "comm: $(cat /proc/self/comm)"
  echo "stat fields: $(awk '{print NF, $2, $3}' /proc/self/stat)"
  echo "statm fields: $(awk '{print NF}' /proc/self/statm)"
  echo "maps: $(grep -c . /proc/self/maps | sed 's/^[0-9]*$/some/') $(grep -o '\[stack\]' /proc/self/maps)"
  echo "fd: $(ls /proc/self/fd | tr '\n' ' ')"
  # cpuinfo: one "processor" stanza per hart; the hart and ISA lines are the kernel's view.
  echo "cpuinfo processors: $(grep -c '^processor' /proc/cpuinfo)"
  echo "cpuinfo keys: $(awk -F'\t*:' '/^processor/ {n++} n == 1 && NF > 1 {print $1}' /proc/cpuinfo | tr '\n' ' ')"
  grep -m1 '^isa' /proc/cpuinfo | tr -s '\t ' ' '
  grep -m1 '^mmu' /proc/cpuinfo | tr -s '\t ' ' '
  # meminfo: the amounts depend on the kernel's size; the keys and the units are fixed.
  echo "meminfo keys: $(awk -F: 'NR <= 5 {print $1}' /proc/meminfo | tr '\n' ' ')"
  echo "meminfo units: $(awk 'NR <= 5 {print $3}' /proc/meminfo | sort -u)"
  awk '/^MemTotal:/ {print "MemTotal > 64 MiB:", ($2 > 65536 ? "yes" : "no")}' /proc/meminfo
  awk '/^MemFree:/ {f = $2} /^MemTotal:/ {t = $2} END {print "MemFree below MemTotal:", (f < t ? "yes" : "no")}' /proc/meminfo
  # version: the kernel's name and build string differ by design; the format is Linux's.
  echo "version: $(sed 's/^\(Linux version\) [^ ]* .*/\1 X/' /proc/version)"
  # uptime: two numbers with two decimals; their values are times.
  echo "uptime format: $(sed 's/[0-9][0-9]*\.[0-9][0-9]/T/g' /proc/uptime)"
  echo "loadavg format: $(sed 's/[0-9][0-9]*\.[0-9][0-9]/L/g; s/ [0-9]*\/[0-9]*/ R\/N/; s/ [0-9]*$/ LAST/' /proc/loadavg)"
  echo "mounts: $(awk '$2 == "/proc" {print $1, $2, $3}' /proc/mounts)"
  echo "pid_max: $(cat /proc/sys/kernel/pid_max | sed 's/^[0-9]*$/number/')"
  echo "proc listing has self: $(ls /proc | grep -c -x "$$")"
}

sec_system() {
  section system
  # ps: our own shell and a sleep it started; PIDs and the TIME column vary, commands do not.
  sleep 3 &
  sp=$!
  wait_for "$sp" sleep
  ps >"$work/ps"
  echo "ps sees sleep: $(awk -v p="$sp" '$1 == p {$1 = "PID"; $3 = "VSZ"; print}' "$work/ps")"
  echo "ps sees shell: $(awk -v p="$$" '$1 == p {print "found"}' "$work/ps")"
  echo "pidof: $([ "$(pidof sleep)" = "$sp" ] && echo the-sleep)"
  # The shell reports a killed background job ("Terminated") on stderr when it reaps it while
  # killall still runs, not when `wait` reaps it: which comes first is the harts' timing.
  { killall sleep; wait "$sp"; echo "killall: sleep ended with $?"; } 2>/dev/null
  echo "pidof none: $(pidof sleep; echo $?)"
  sleep 3 &
  sp=$!
  wait_for "$sp" sleep
  { killall -USR1 sleep; wait "$sp"; echo "killall -USR1: $?"; } 2>/dev/null
  echo "killall missing: $(killall no_such_prog 2>&1; echo $?)"
  # top: one batch iteration; numbers (memory, load, CPU shares, PIDs) vary, the layout does not.
  top -n 1 -b >"$work/top"
  echo "top lines: $(grep -c -E '^(Mem|CPU|Load average):' "$work/top")"
  echo "top header: $(grep -E '^ *PID' "$work/top" | tr -s ' ')"
  echo "top sees itself: $(grep -c -E ' top -n 1 -b$' "$work/top")"
  echo "top load: $(grep '^Load average' "$work/top" | sed 's/[0-9][0-9]*\.[0-9][0-9]/L/g; s/[0-9]*\/[0-9]*/R\/N/; s/ [0-9]*$/ LAST/')"
  # free: the amounts depend on the kernel; the columns and the row names do not.
  free >"$work/free"
  echo "free header: $(head -1 "$work/free" | tr -s ' ')"
  echo "free rows: $(awk 'NR > 1 {print $1}' "$work/free" | tr '\n' ' ')"
  echo "free total > 64 MiB: $(awk '/^Mem:/ {print ($2 > 65536 ? "yes" : "no")}' "$work/free")"
  # df: /tmp's size is the kernel's choice (half the RAM on both); name and columns are fixed.
  echo "df header: $(df /tmp | head -1 | tr -s ' ')"
  echo "df /tmp: $(df /tmp | awk 'NR == 2 {print $1, $NF, ($2 > 0 ? "size" : "empty")}')"
  echo "mount: $(mount | awk '$3 == "/proc" || $3 == "/tmp" {print $1, $3, $5}' | sort | tr '\n' ' ')"
  echo "uptime: $(uptime | sed 's/.*load average: .*/load average: L/')" | sed 's/^uptime: .*load/uptime: load/'
  echo "uname: $(uname -s -m)"
  echo "nproc matches cpuinfo: $([ "$(nproc)" = "$(grep -c '^processor' /proc/cpuinfo)" ] && echo yes)"
  echo "id: $(id)"
  echo "date: $(date -u -d @86400 '+%Y-%m-%d %H:%M:%S')"
}

if [ $# -eq 0 ]; then set -- shell text files jobs dev proc system; fi
for s in "$@"; do
  case $s in
    shell | text | files | jobs | dev | proc | system) "sec_$s" ;;
    *) echo "busybox_suite: unknown section $s" >&2; exit 2 ;;
  esac
done
echo "== done"
