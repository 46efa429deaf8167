#!/bin/sh
# Regenerates kernels/mca_reference.txt: llvm-mca's total cycles for 100 and 200 iterations of
# every kernel under the SiFive 7 model. Steady-state cycles/iteration = (c200 - c100) / 100.
set -eu
cd "$(dirname "$0")/kernels"
MCA=${LLVM_MCA:-llvm-mca}
out=mca_reference.txt
{
  echo "# kernel  total_cycles_100_iterations  total_cycles_200_iterations"
  echo "# $($MCA --version | sed -n 's/^ *\(.*LLVM version.*\)/\1/p'), -mtriple=riscv64 -mcpu=sifive-u74"
  for f in *.S; do
    c100=$($MCA -mtriple=riscv64 -mcpu=sifive-u74 -iterations=100 "$f" | awk '/^Total Cycles:/ {print $3}')
    c200=$($MCA -mtriple=riscv64 -mcpu=sifive-u74 -iterations=200 "$f" | awk '/^Total Cycles:/ {print $3}')
    echo "${f%.S} $c100 $c200"
  done
} > "$out"
echo "wrote $(pwd)/$out"
