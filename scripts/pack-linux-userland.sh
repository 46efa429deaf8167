#!/usr/bin/env bash
# Packs the Linux guest's userland (guest-linux/init, BusyBox and its applet links, the test
# programs) as an initramfs (cpio newc) and as an ext2 disk image, both byte-reproducible and
# built without root.
#
#   pack-linux-userland.sh OUT INIT BUSYBOX_DIR PROGRAM...
#
# OUT/rootfs/      the staged tree (/init, /bin, empty /proc /sys /dev /tmp /mnt)
# OUT/initramfs.cpio  the whole tree (the kernel's built-in initramfs adds /dev/console)
# OUT/disk.img     ext2 with /bin/<programs> only: the disk variant mounts it on /mnt
set -euo pipefail
out=$(mkdir -p "${1:?usage: pack-linux-userland.sh OUT INIT BUSYBOX_DIR PROGRAM...}" && cd "$1" && pwd)
init=$2 busybox_dir=$3
shift 3
epoch=1767225600 # 2026-01-01: every timestamp in the images, so the bytes never change

rootfs=$out/rootfs
rm -rf "$rootfs" "$out/disk-root"
mkdir -p "$rootfs"/{bin,proc,sys,dev,tmp,mnt} "$out/disk-root/bin"
install -m 755 "$init" "$rootfs/init"
install -m 755 "$busybox_dir/busybox" "$rootfs/bin/busybox"
# busybox.links lists /bin/sh, /sbin/poweroff, ...: all go to /bin (PATH=/bin).
while IFS= read -r link; do
  name=${link##*/}
  [ "$name" = busybox ] || ln -sf busybox "$rootfs/bin/$name"
done <"$busybox_dir/busybox.links"
for program in "$@"; do
  [ -f "$program" ] || { echo "pack-linux-userland: $program missing" >&2; exit 1; }
  install -m 755 "$program" "$rootfs/bin/"
  install -m 755 "$program" "$out/disk-root/bin/"
done
find "$rootfs" "$out/disk-root" -exec touch -h -d "@$epoch" {} +

(cd "$rootfs" && find . -mindepth 1 | LC_ALL=C sort |
  cpio --quiet -o -H newc -R 0:0 --reproducible >"$out/initramfs.cpio.new")
mv "$out/initramfs.cpio.new" "$out/initramfs.cpio"

rm -f "$out/disk.img" && truncate -s 32M "$out/disk.img"
E2FSPROGS_FAKE_TIME=$epoch mke2fs -q -F -t ext2 -b 1024 -m 0 -N 128 \
  -U 2d1e5c6a-0000-4000-8000-000000000001 -E hash_seed=2d1e5c6a-0000-4000-8000-000000000002,root_owner=0:0 \
  -d "$out/disk-root" "$out/disk.img"
# mke2fs -d copies each file's ctime, which touch cannot set: pin it with debugfs.
(cd "$out/disk-root" && find . -mindepth 1 | LC_ALL=C sort | sed "s|^\.\(.*\)|sif \1 ctime @$epoch|") |
  debugfs -w -f - "$out/disk.img" >/dev/null 2>&1
echo "pack-linux-userland: $out/initramfs.cpio ($(stat -c %s "$out/initramfs.cpio") bytes)," \
  "$out/disk.img ($# programs)"
