#!/bin/sh
# Runs the bare-metal virtio driver on rvscope with a virtio-blk disk and virtio-rng, then
# checks what the host sees: the written sector in the image file (readwrite), an untouched
# file (overlay), a refused write check (readonly), the warning for the malformed chain, and
# entropy that follows the seed.
# Usage: run_virtio_driver.sh RVSCOPE ELF WORKDIR [rvscope run options...]
set -u
rvscope=$1
elf=$2
dir=$3
shift 3
extra="$*"
mkdir -p "$dir"
img=$dir/virtio_driver.img
orig=$dir/virtio_driver.orig
fail() { echo "FAIL virtio_driver: $*"; exit 1; }

make_image() {
  rm -f "$img"
  # 64 sectors of 0xee, sector 1 starting with a marker the driver checks.
  LC_ALL=C awk 'BEGIN { for (i = 0; i < 32768; i++) printf "%c", 238 }' > "$img"
  printf 'RVSCOPE-SECTOR-1' | dd of="$img" bs=1 seek=512 conv=notrunc 2> /dev/null
  cp "$img" "$orig"
}

# run MODE SEED: the program's console in $dir/out.MODE.SEED, its exit status returned.
run() {
  "$rvscope" run "$elf" --max-insns 50000000 \
    --set "devices.virtio=[\"blk,file=$img,mode=$1,id=disk0\", \"rng\"]" \
    --set "devices.rng_seed=$2" --set devices.rtc_epoch=1700000000 $extra \
    > "$dir/out.$1.$2" 2>&1
}

make_image
run readwrite 5
status=$?
cat "$dir/out.readwrite.5"
[ $status -eq 0 ] || fail "readwrite run exited $status"
grep -q 'virtio driver: all checks passed' "$dir/out.readwrite.5" || fail "no pass line"
grep -q 'virtio-blk in virtio slot 7 at 0x10008000 (id disk0): queue 0, chain at descriptor 0: chain longer than its table of 8 (a loop)' \
  "$dir/out.readwrite.5" || fail "no warning naming the device, queue and descriptor"
# Sector 2 holds the guest's bytes, everything else is as it was.
LC_ALL=C awk 'BEGIN { for (i = 0; i < 512; i++) printf "%c", (i * 3 + 1) % 256 }' > "$dir/sector2"
dd if="$img" of="$dir/got2" bs=512 skip=2 count=1 2> /dev/null
cmp -s "$dir/sector2" "$dir/got2" || fail "sector 2 of the image is not what the guest wrote"
cmp -s "$img" "$orig" && fail "readwrite image unchanged"
dd if="$img" of="$dir/rest.new" bs=512 count=2 2> /dev/null
dd if="$orig" of="$dir/rest.old" bs=512 count=2 2> /dev/null
cmp -s "$dir/rest.new" "$dir/rest.old" || fail "sectors 0-1 changed"
dd if="$img" of="$dir/rest.new" bs=512 skip=3 2> /dev/null
dd if="$orig" of="$dir/rest.old" bs=512 skip=3 2> /dev/null
cmp -s "$dir/rest.new" "$dir/rest.old" || fail "sectors 3.. changed"

make_image
run overlay 5 || fail "overlay run exited $?"
cmp -s "$img" "$orig" || fail "overlay run changed the image file"
grep '^entropy:' "$dir/out.overlay.5" > "$dir/e1"
grep '^entropy:' "$dir/out.readwrite.5" > "$dir/e2"
cmp -s "$dir/e1" "$dir/e2" || fail "the same seed gave different entropy"

run overlay 6 || fail "overlay run with seed 6 exited $?"
grep '^entropy:' "$dir/out.overlay.6" > "$dir/e3"
cmp -s "$dir/e1" "$dir/e3" && fail "seeds 5 and 6 gave the same entropy"

# Read-only: the device offers VIRTIO_BLK_F_RO, which the driver's check 12 rejects.
run readonly 5
status=$?
[ $status -eq 12 ] || fail "readonly run exited $status, expected check 12"
cmp -s "$img" "$orig" || fail "readonly run changed the image file"
echo "PASS virtio_driver"
