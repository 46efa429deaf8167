#!/bin/sh
# A Linux guest writes a file onto its virtio-blk disk and reads it back; the test then checks
# what reached the image file on the host, per way of attaching the disk:
#
#   disk_write.sh RVSCOPE IMAGE INITRD DISK CASE
#
# CASE  overlay      `rvscope qemu` -drive without readonly: the guest reads its write back,
#                    the image's bytes (sha256) are unchanged
#       write-drive  the same plus --write-drive disk0: the file is in the image (debugfs)
#       readwrite    `rvscope run` with devices.virtio "blk,...,mode=readwrite": likewise
#       readonly     `rvscope qemu` -drive readonly=on: the mount falls back to read-only,
#                    the write fails with EROFS, the image is unchanged
# DISK is copied into a temporary directory first; the build's image is never attached.
# Exit 77 (CTest's skip) when debugfs (e2fsprogs) is missing.
set -u
rvscope=$1 image=$2 initrd=$3 disk=$4 case=$5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/linux_common.sh"

command -v debugfs >/dev/null 2>&1 || { echo "disk_write: no debugfs (e2fsprogs), skipping"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$disk" "$work/disk.img"
before=$(sha256sum <"$work/disk.img")

text=written-by-the-guest
append="$LINUX_BOOTARGS run=hello disk=rw cmd=\"echo $text >/mnt/guest.txt && cat /mnt/guest.txt\""
LINUX_QEMU_COMMAND="$rvscope qemu"
expect_status=0 expect_changed=no expect_console=$text
case $case in
  overlay) LINUX_QEMU_DRIVE_OPTIONS=
    linux_qemu "$work/run" "$image" "$initrd" 1 "$append" "$work/disk.img" ;;
  write-drive) LINUX_QEMU_DRIVE_OPTIONS= expect_changed=yes
    linux_qemu "$work/run" "$image" "$initrd" 1 "$append" "$work/disk.img" --write-drive disk0 ;;
  readwrite) LINUX_RVSCOPE_DISK_MODE=readwrite expect_changed=yes
    linux_rvscope "$work/run" "$image" "$initrd" 1 "$append" "$work/disk.img" ;;
  readonly) LINUX_QEMU_DRIVE_OPTIONS=readonly=on expect_status=1
    expect_console='Read-only file system'
    linux_qemu "$work/run" "$image" "$initrd" 1 "$append" "$work/disk.img" ;;
  *) echo "disk_write: unknown case '$case'"; exit 2 ;;
esac
after=$(sha256sum <"$work/disk.img")

failed=0
status=$(cat "$work/run.status")
[ "$status" = "$expect_status" ] || { echo "disk_write: exit status $status, expected $expect_status"; failed=1; }
grep -q '^\[init\] /dev/vda mounted on /mnt' "$work/run.out" ||
  { echo "disk_write: /dev/vda was not mounted"; failed=1; }
grep -q "$expect_console" "$work/run.out" ||
  { echo "disk_write: the console lacks '$expect_console'"; failed=1; }
if [ "$expect_changed" = no ]; then
  [ "$before" = "$after" ] || { echo "disk_write: the image changed (sha256 $before -> $after)"; failed=1; }
  echo "disk_write: image unchanged, sha256 $after"
else
  [ "$before" != "$after" ] || { echo "disk_write: the image is unchanged (sha256 $after)"; failed=1; }
  on_host=$(debugfs -R 'cat /guest.txt' "$work/disk.img" 2>"$work/debugfs.err")
  [ "$on_host" = "$text" ] ||
    { echo "disk_write: /guest.txt in the image holds '$on_host', expected '$text'"; cat "$work/debugfs.err"; failed=1; }
  echo "disk_write: /guest.txt in the image: '$on_host'"
fi
if [ "$failed" -ne 0 ]; then
  echo "---- console (exit status $status) ----"
  cat "$work/run.out"
  [ -s "$work/run.err" ] && { echo "---- stderr ----"; tail -20 "$work/run.err"; }
  exit 1
fi
echo "disk_write: $case passed"
