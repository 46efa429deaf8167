# Shared by the --why tests (why_starlet.sh, tests/linux/why_linux.sh): the why block of one
# traced call in a strace file, and the checks on it. Sourced, not run; uses the caller's $out.

# The why block under the Nth clone3 line (1-based) of STRACE_FILE (default $out/why.txt).
why_of() {  # why_of N [STRACE_FILE]
  awk -v n="$1" '/clone3\(/ { k++; inside = (k == n); next } /^  / { if (inside) print; next } { inside = 0 }' \
    "${2:-$out/why.txt}"
}
# Fails the test unless the Nth call's why block holds TEXT.
expect() {  # expect N TEXT DESCRIPTION
  if ! why_of "$1" | grep -q -F -- "$2"; then
    echo "FAIL: clone3 call $1 ($3): no '$2' in its why block:" >&2
    why_of "$1" >&2
    exit 1
  fi
}
# Fails the test unless $out/why.txt without its why blocks is $out/plain.txt (--why leaves
# the strace lines alone) and it explains exactly COUNT calls.
expect_plain_lines_and_explained() {  # expect_plain_lines_and_explained COUNT
  if ! diff <(grep -v '^  ' "$out/why.txt") "$out/plain.txt" >&2; then
    echo "FAIL: --why changed the strace lines" >&2
    exit 1
  fi
  [ "$(grep -c '^  why: ' "$out/why.txt")" -eq "$1" ] || {
    echo "FAIL: expected $1 explained calls" >&2
    cat "$out/why.txt" >&2
    exit 1
  }
}
