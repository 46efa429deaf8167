#!/usr/bin/env bash
# Regenerates the sample traces into a temporary folder and compares them byte for byte
# with the committed ones in traces/ (runs are deterministic).
#   traces_match.sh BUILD_DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$root/scripts/gen-traces.sh" "$1" "$work" >/dev/null
status=0
for committed in "$root"/traces/*; do
  name=$(basename "$committed")
  [ "$name" = README.md ] && continue
  if ! cmp -s "$committed" "$work/$name"; then
    echo "traces/$name differs from a fresh run (scripts/gen-traces.sh regenerates it):"
    case $name in
      *.gz) diff <(zcat "$committed") <(zcat "$work/$name") | head -20 ;;
      *) diff "$committed" "$work/$name" | head -20 ;;
    esac
    status=1
  fi
done
for fresh in "$work"/*; do
  [ -e "$root/traces/$(basename "$fresh")" ] || { echo "traces/$(basename "$fresh") is missing"; status=1; }
done
[ $status -eq 0 ] && echo "traces/ matches a fresh run"
exit $status
