#!/bin/sh
# Regenerates the clone3 cycle table of docs/timing.md (between its clone3-figures markers)
# from runs of the current build: functional (--strace-cycles) and each timing profile
# (--stats JSON: the corrected demo's clone3 is the max, the rejected reproduction the rest).
# Usage: bench/timing_doc_figures.sh [--check] [BUILD_DIR]   (default: build; builds rvscope and
# starlet). With --check nothing is written: it exits 1, showing the difference, when the table in
# docs/timing.md is not what the build gives (the CTest timing_doc_figures_current; the figures
# are simulated cycles, so the same build always gives the same table).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
check=0
if [ "${1:-}" = --check ]; then
  check=1
  shift
fi
build=${1:-$src/build}
if [ "$check" = 0 ]; then
  cmake --build "$build" --target rvscope starlet initramfs > /dev/null 2>&1 ||
    cmake --build "$build" --target rvscope > /dev/null
fi
guest="--kernel $build/guest-kernel/starlet.elf --initrd $build/guest-kernel/initramfs.cpio"
append="/bin/clone3_demo ; /bin/clone3_repro"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck disable=SC2086 # guest is a word list
# The exit status is the guest's; the figures' parsers below check that the calls happened.
"$build/rvscope" run $guest --append "$append" --strace=clone3 --strace-cycles \
  > /dev/null 2> "$tmp/functional.txt" || true
functional=$(python3 - "$tmp/functional.txt" <<'PY'
import re, sys
cycles = [int(m.group(1)) for m in re.finditer(r"clone3\(.*<(\d+) cycles", open(sys.argv[1]).read())]
if len(cycles) != 2: sys.exit("expected two clone3 calls, got %d" % len(cycles))
print("%s|%s" % (format(max(cycles), ","), format(min(cycles), ",")))
PY
)
rows="| functional (1 cycle per instruction, \`--strace-cycles\`) | ${functional%|*} | ${functional#*|} |"
for profile in inorder u74 sifive7-mca; do
  # shellcheck disable=SC2086
  "$build/rvscope" run --config "$src/configs/$profile.yaml" $guest --append "$append" \
    --stats "$tmp/$profile.json" > /dev/null 2>&1 || true
  pair=$(python3 - "$tmp/$profile.json" <<'PY'
import json, sys
s = [c for c in json.load(open(sys.argv[1]))["syscalls"] if c["name"] == "clone3"]
if not s or s[0]["count"] != 2: sys.exit("expected two clone3 calls")
c = s[0]
print("%s|%s" % (format(c["max_cycles"], ","), format(c["cycles"] - c["max_cycles"], ",")))
PY
)
  rows="$rows
| $profile | ${pair%|*} | ${pair#*|} |"
done

doc=$src/docs/timing.md
python3 - "$doc" "$rows" "$check" <<'PY'
import difflib, sys
path, rows, check = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
text = open(path).read()
begin, end = "<!-- clone3-figures:begin -->\n", "<!-- clone3-figures:end -->"
a, b = text.index(begin) + len(begin), text.index(end)
table = ("| profile | corrected demo (cycles) | rejected reproduction (cycles) |\n"
         "| --- | --- | --- |\n" + rows + "\n")
if check:
    if text[a:b] != table:
        sys.stdout.writelines(difflib.unified_diff(
            text[a:b].splitlines(True), table.splitlines(True), path, "this build"))
        sys.exit(f"{path}: the clone3 cycle table is stale; run bench/timing_doc_figures.sh")
    sys.exit(0)
open(path, "w").write(text[:a] + table + text[b:])
PY
[ "$check" = 1 ] || echo "$rows"
