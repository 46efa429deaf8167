#!/usr/bin/env bash
# Packs the real-program suites (docs/programs.md) into two initramfs images: starlet's (its
# demo initramfs plus BusyBox, its applet links and the suites' files) and the Linux guest's
# (its initramfs, which has BusyBox already, with a second cpio archive of the suites' files
# appended: Linux unpacks concatenated archives in order).
#
#   pack-programs.sh MKCPIO STARLET_INITRD LINUX_INITRD BUSYBOX_DIR OUT /guest/path=host...
#
# A host path that is a directory adds every file below it under the guest path.
# OUT/starlet-programs.cpio, OUT/linux-programs.cpio, and OUT/root: the same files (and
# bin/busybox) as host copies at their guest paths, with OUT/busybox.links, for qemu-riscv64.
set -euo pipefail
mkcpio=$1 starlet_initrd=$2 linux_initrd=$3 busybox_dir=$4
out=$(mkdir -p "$5" && cd "$5" && pwd)
shift 5

files=()
for pair in "$@"; do
  guest=${pair%%=*} host=${pair#*=}
  if [ -d "$host" ]; then
    while IFS= read -r f; do files+=("$guest/${f#"$host"/}=$f"); done < <(find "$host" -type f | LC_ALL=C sort)
  elif [ -f "$host" ]; then
    files+=("$pair")
  else
    echo "pack-programs: $host missing" >&2
    exit 1
  fi
done

# busybox.links lists /bin/sh, /sbin/poweroff, ...: all go to /bin as on the Linux guest.
links=()
while IFS= read -r link; do
  name=${link##*/}
  [ "$name" = busybox ] || links+=(--symlink "/bin/$name=busybox")
done <"$busybox_dir/busybox.links"
"$mkcpio" "$out/starlet-programs.cpio.new" --base "$starlet_initrd" \
  "/bin/busybox=$busybox_dir/busybox" "${links[@]}" "${files[@]}"
mv "$out/starlet-programs.cpio.new" "$out/starlet-programs.cpio"

"$mkcpio" "$out/linux-extra.cpio" "${files[@]}"
cat "$linux_initrd" "$out/linux-extra.cpio" >"$out/linux-programs.cpio.new"
mv "$out/linux-programs.cpio.new" "$out/linux-programs.cpio"
rm -f "$out/linux-extra.cpio"
rm -rf "$out/root"
for pair in "/bin/busybox=$busybox_dir/busybox" "${files[@]}"; do
  guest=${pair%%=*}
  mkdir -p "$out/root$(dirname "$guest")"
  cp "${pair#*=}" "$out/root$guest"
done
cp "$busybox_dir/busybox.links" "$out/busybox.links"
echo "pack-programs: $out/starlet-programs.cpio, $out/linux-programs.cpio (${#files[@]} files)"
