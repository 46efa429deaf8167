#!/bin/sh
# Compares `rvscope disasm` with `riscv64-linux-gnu-objdump -d` (default options, aliases on)
# instruction by instruction: mnemonic and operands at every address both list, ignoring
# <symbol> notes, `# comments` and whitespace. Usage: compare_objdump.sh RVSCOPE OBJDUMP ELF...
# With --listing first, the listings themselves are compared: every label, instruction and
# data line objdump prints must be in rvscope's output verbatim, in the same order, and
# between objdump's first and last address rvscope must print nothing else (for programs
# without runs of zeros, which objdump folds into `...`).
listing=0
if [ "$1" = "--listing" ]; then
  listing=1
  shift
fi
rvscope=$1
objdump=$2
shift 2
export LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "$listing" -eq 1 ]; then
  # Label lines ("0000000080000000 <_start>:") and address lines, each prefixed with its
  # address in 16 digits; lines outside [lo, hi] dropped.
  select='
    /^[0-9a-f]+ <.*>:$/ { addr = $1 }
    /^ *[0-9a-f]+:\t/ { addr = $1; sub(/:.*/, "", addr) }
    /^[0-9a-f]+ <.*>:$/ || /^ *[0-9a-f]+:\t/ {
      addr = substr("0000000000000000", 1, 16 - length(addr)) addr
      if ((lo == "" || addr >= lo) && (hi == "" || addr <= hi)) printf "%s %s\n", addr, $0
    }'
  bad=0
  for elf in "$@"; do
    name=$(basename "$elf")
    "$objdump" -d "$elf" | awk "$select" > "$tmp/o"
    if [ ! -s "$tmp/o" ]; then
      echo "$name: objdump lists nothing"
      bad=$((bad + 1))
      continue
    fi
    lo=$(head -n 1 "$tmp/o" | cut -d ' ' -f 1)
    hi=$(tail -n 1 "$tmp/o" | cut -d ' ' -f 1)
    "$rvscope" disasm "$elf" > "$tmp/full" || { echo "rvscope disasm failed on $name"; exit 1; }
    awk -v lo="$lo" -v hi="$hi" "$select" "$tmp/full" > "$tmp/r"
    if diff -u "$tmp/o" "$tmp/r" > "$tmp/diff"; then
      echo "$name: $(wc -l < "$tmp/o") lines identical"
    else
      echo "$name: listings differ (- objdump, + rvscope):"
      head -n 60 "$tmp/diff"
      bad=$((bad + 1))
    fi
  done
  [ "$bad" -eq 0 ]
  exit
fi
# Keeps "address<TAB>text" for instruction lines, text normalised.
normalise='
  /^ *[0-9a-f]+:\t/ {
    line = $0
    sub(/^ */, "", line)
    addr = line; sub(/:.*/, "", addr)
    rest = line; sub(/^[0-9a-f]+:\t[0-9a-f]+( [0-9a-f]+)* *\t/, "", rest)
    sub(/[ \t]*#.*$/, "", rest)
    sub(/[ \t]*<[^>]*>$/, "", rest)
    gsub(/[ \t]+/, " ", rest)
    sub(/ $/, "", rest)
    # data between instructions (mapping symbol $d) is not code
    if (rest ~ /^\.(word|short|byte) /) next
    if (rest != "") printf "%s\t%s\n", addr, rest
  }'
total=0
bad=0
for elf in "$@"; do
  name=$(basename "$elf")
  "$rvscope" disasm "$elf" | awk "$normalise" | sort > "$tmp/r" || { echo "rvscope disasm failed on $name"; exit 1; }
  "$objdump" -d "$elf" | awk "$normalise" | sort > "$tmp/o"
  join -t "$(printf '\t')" "$tmp/r" "$tmp/o" > "$tmp/both"
  n=$(wc -l < "$tmp/both")
  if [ "$n" -eq 0 ]; then
    echo "$name: no common addresses"
    bad=$((bad + 1))
    continue
  fi
  diffs=$(awk -F '\t' '$2 != $3' "$tmp/both" | wc -l)
  total=$((total + n))
  bad=$((bad + diffs))
  awk -F '\t' -v name="$name" '$2 != $3 { printf "%s %s: rvscope \"%s\" objdump \"%s\"\n", name, $1, $2, $3 }' "$tmp/both" | head -40
  echo "$name: $n instructions compared, $diffs differ"
done
echo "total: $total instructions compared, $bad differ"
[ "$bad" -eq 0 ]
