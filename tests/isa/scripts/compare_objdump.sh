#!/bin/sh
# Compares `rvscope disasm` with `riscv64-linux-gnu-objdump -d` (default options, aliases on)
# instruction by instruction: mnemonic and operands at every address both list, ignoring
# <symbol> notes, `# comments` and whitespace. Usage: compare_objdump.sh RVSCOPE OBJDUMP ELF...
rvscope=$1
objdump=$2
shift 2
export LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
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
