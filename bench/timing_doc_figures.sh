#!/bin/sh
# Regenerates the clone3 cycle table of docs/timing.md (between its clone3-figures markers)
# from runs of the current build: functional (--strace-cycles) and each timing profile
# (--stats JSON: the corrected demo's clone3 is the max, the rejected reproduction the rest).
# Usage: bench/timing_doc_figures.sh [BUILD_DIR]   (default: build; builds rvscope and starlet)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
cmake --build "$build" --target rvscope starlet initramfs > /dev/null 2>&1 ||
  cmake --build "$build" --target rvscope > /dev/null
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
python3 - "$doc" "$rows" <<'PY'
import sys
path, rows = sys.argv[1], sys.argv[2]
text = open(path).read()
begin, end = "<!-- clone3-figures:begin -->\n", "<!-- clone3-figures:end -->"
a, b = text.index(begin) + len(begin), text.index(end)
table = ("| profile | corrected demo (cycles) | rejected reproduction (cycles) |\n"
         "| --- | --- | --- |\n" + rows + "\n")
open(path, "w").write(text[:a] + table + text[b:])
PY
echo "$rows"
