#!/bin/bash
# Runs one real-program suite (docs/programs.md) on starlet and on the Linux 6.1 guest, both in
# rvscope on 1 and on 4 harts, and under qemu-riscv64 (user mode), and compares the lines:
# starlet against Linux on the same number of harts for everything, starlet against
# qemu-riscv64 for the parts that do not read /proc (qemu-user shows the host's /proc). A line
# that differs must be listed in differences.txt with its reason; any other difference fails,
# and so does a listed difference whose lines are now the same on both sides.
#
#   compare.sh SUITE RVSCOPE STARLET_ELF STARLET_CPIO LINUX_IMAGE LINUX_CPIO PROGRAMS_DIR
#
# SUITE is busybox or lua. PROGRAMS_DIR is scripts/pack-programs.sh's OUT: root/ holds host
# copies of the images' added files at their guest paths, busybox.links the applet names.
set -u
suite=$1 rvscope=$2 starlet=$3 starlet_cpio=$4 image=$5 linux_cpio=$6 programs=$(cd "$7" && pwd)
files=$programs/root
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../linux/linux_common.sh"
known=$here/differences.txt
qemu_user=${QEMU_RISCV64:-$(command -v qemu-riscv64)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# What each side runs. Guest paths are the images' (scripts/pack-programs.sh); qemu-riscv64
# runs the host copies from a scratch directory.
case $suite in
  busybox)
    guest_prog=/bin/sh guest_args=/usr/share/programs/busybox_suite.sh
    qemu_cmd=("$files/bin/busybox" sh "$files$guest_args" shell text files jobs dev)
    # The sections qemu-riscv64 runs, as the guest output's "== NAME" headers.
    qemu_sections="shell text files jobs dev done"
    closing='^== done$' ;;
  lua)
    guest_prog=/bin/lua guest_args=/usr/share/programs/lua/run.lua
    qemu_cmd=("$files/bin/lua" "$files$guest_args")
    qemu_sections=
    closing='^# Ran [0-9]+ tests in T seconds' ;;
  *) echo "compare.sh: unknown suite $suite" >&2; exit 2 ;;
esac
[ -x "$qemu_user" ] || { echo "compare.sh: no qemu-riscv64" >&2; exit 77; }

# between FILE START STOP_PREFIX OUT: into OUT the lines after the line START up to the line
# that holds STOP_PREFIX (a last line without a newline carries it); its rest goes to OUT.rc.
between() {
  awk -v start="$2" -v stop="$3" -v rc="$4.rc" '
    $0 == start {on = 1; next}
    on && (i = index($0, stop)) > 0 {
      if (i > 1) print substr($0, 1, i - 1)
      print substr($0, i + length(stop)) > rc; exit
    }
    on {print}' "$1" >"$4"
}

starlet_run() {  # starlet_run HARTS: starlet's init runs the suite
  timeout "$LINUX_TIME_LIMIT" "$rvscope" run --firmware "$LINUX_FIRMWARE" --kernel "$starlet" \
    --initrd "$starlet_cpio" --append "$guest_prog $guest_args" --set machine.harts="$1" \
    --set console.input=none </dev/null 2>"$work/starlet$1.err" | tr -d '\r' >"$work/starlet$1.raw"
  between "$work/starlet$1.raw" "[init] run $guest_prog $guest_args" "[init] $guest_prog: exit " \
    "$work/starlet$1.out"
}
linux_run() {  # linux_run HARTS: the Linux guest's /init runs the suite as its cmd=
  linux_rvscope "$work/linux$1" "$image" "$linux_cpio" "$1" \
    "$LINUX_BOOTARGS run=/bin/true cmd=\"${guest_prog##*/} $guest_args\""
  sed -E 's/^\[ *[0-9]+\.[0-9]+\] /[TIME] /' "$work/linux$1.out" | grep -Ev "$LINUX_CONSOLE_IGNORED" \
    >"$work/linux$1.raw"
  between "$work/linux$1.raw" "[init] sh -c ${guest_prog##*/} $guest_args" "[init] sh: exit " \
    "$work/linux$1.out"
}
qemu_run() {
  # qemu-riscv64 hands execve to the host kernel, which cannot run a riscv64 ELF: each applet
  # name is a host script that runs BusyBox's applet under qemu-riscv64 (what binfmt_misc
  # would do), so the suite's pipelines and commands run riscv64 code throughout.
  mkdir -p "$work/qbin" "$work/qcwd"
  while IFS= read -r link; do
    printf '#!/bin/sh\nexec %s %s %s "$@"\n' "$qemu_user" "$files/bin/busybox" "${link##*/}" \
      >"$work/qbin/${link##*/}"
    chmod +x "$work/qbin/${link##*/}"
  done <"$programs/busybox.links"
  (cd "$work/qcwd" && timeout 120 env -i PATH="$work/qbin" HOME=/ "$qemu_user" "${qemu_cmd[@]}" \
     </dev/null >"$work/qemu.out" 2>&1)
  echo $? >"$work/qemu.out.rc"
}
# only_sections FILE: the guest's lines of the sections qemu-riscv64 runs.
only_sections() {
  if [ -z "$qemu_sections" ]; then cat "$1"; return; fi
  awk -v keep=" $qemu_sections " '/^== / {on = index(keep, " " $2 " ") > 0} on' "$1"
}

start=$SECONDS
for h in 1 4; do starlet_run "$h"; linux_run "$h"; done
qemu_run
echo "runs took $((SECONDS - start)) s"

failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
# compare PAIR LEFT RIGHT: LEFT (starlet) against RIGHT; PAIR selects the listed differences.
compare() {
  local pair=$1 left=$2 right=$3 name=$4
  awk -F' :: ' -v s="$suite" -v p="$pair" '$1 == s && $2 == p {print $3}' "$known" >"$work/$name.known"
  filter() { if [ -s "$work/$name.known" ]; then grep -Ev -f "$work/$name.known" "$1"; else cat "$1"; fi; }
  filter "$left" >"$work/$name.l"
  filter "$right" >"$work/$name.r"
  if [ ! -s "$left.rc" ] || [ ! -s "$right.rc" ]; then
    fail "$name: the suite did not finish ($(wc -l <"$left") and $(wc -l <"$right") lines)"
    return
  fi
  # Both sides must have run the suite to its end: equal but truncated output is no pass.
  if ! grep -Eq -- "$closing" "$left" || ! grep -Eq -- "$closing" "$right"; then
    fail "$name: no closing line /$closing/ on both sides"
  fi
  if ! diff -u "$work/$name.r" "$work/$name.l" >"$work/$name.diff"; then
    echo "FAIL $name: unlisted difference (- ${name#*_vs_}, + starlet):"
    cat "$work/$name.diff"
    failures=$((failures + 1))
  fi
  if [ "$(cat "$left.rc")" != "$(cat "$right.rc")" ]; then
    fail "$name: exit status starlet $(cat "$left.rc"), other $(cat "$right.rc")"
  fi
  # A listed difference must still differ: the lines it matches are not the same on both sides.
  local listed=0
  while IFS= read -r pattern; do
    listed=$((listed + 1))
    if [ "$(grep -E -- "$pattern" "$left")" = "$(grep -E -- "$pattern" "$right")" ]; then
      fail "$name: listed difference /$pattern/ is the same on both sides now"
    fi
  done <"$work/$name.known"
  echo "$name: $(wc -l <"$work/$name.l") lines equal, $listed listed difference(s)," \
    "$(($(wc -l <"$left") - $(wc -l <"$work/$name.l"))) starlet line(s) masked, exit $(cat "$left.rc")"
}
for h in 1 4; do
  compare linux "$work/starlet$h.out" "$work/linux$h.out" "starlet${h}_vs_linux${h}"
  only_sections "$work/starlet$h.out" >"$work/starlet$h.q"
  cp "$work/starlet$h.out.rc" "$work/starlet$h.q.rc"
  compare qemu "$work/starlet$h.q" "$work/qemu.out" "starlet${h}_vs_qemu"
done
if [ "$failures" -ne 0 ]; then
  for f in starlet1 starlet4; do echo "---- $f console ----"; tail -n 60 "$work/$f.raw"; done
  for f in linux1 linux4; do echo "---- $f console ----"; tail -n 60 "$work/$f.raw"; done
  echo "---- qemu-riscv64 ----"; cat "$work/qemu.out"
  echo "compare.sh $suite: $failures failure(s)"
  exit 1
fi
echo "compare.sh $suite: PASS"
