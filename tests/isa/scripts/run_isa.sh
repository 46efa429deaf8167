#!/bin/sh
# Runs one self-checking ISA program on rvscope and says which check failed, if one did.
# Usage: run_isa.sh RVSCOPE ELF [rvscope run options...]
rvscope=$1
elf=$2
shift 2
"$rvscope" run "$elf" --max-insns 50000000 "$@"
status=$?
case $status in
  0) echo "PASS $(basename "$elf")"; exit 0 ;;
  120) echo "FAIL $(basename "$elf"): rvscope rejected the input" ;;
  121) echo "FAIL $(basename "$elf"): guest stuck (trap without progress)" ;;
  122) echo "FAIL $(basename "$elf"): instruction limit reached (no HTIF exit)" ;;
  *) echo "FAIL $(basename "$elf"): check $status failed" ;;
esac
exit 1
