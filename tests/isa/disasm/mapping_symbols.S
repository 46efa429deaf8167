# Code and data mixed in .text, marked by the assembler's mapping symbols ($x<ISA>, $d, $x):
# listed by `rvscope disasm` and objdump -d for isa.disasm_mapping_symbols, never run.
  .text
  .globl _start
  .type _start, @function
_start:
  addi a0, a0, 1
  lui a1, 0x12345
  slli a3, a0, 2
  add a3, a3, a1
  lw a4, 0(a3)
  add a4, a4, a3
  jr a4

  # A jump table of 32-bit offsets, as switch lowering emits it (no compressed padding).
  .option push
  .option norvc
table:
  .word case_0 - table
  .word case_1 - table
  .option pop

  # Mixed sizes; the region is 27 bytes, so it ends in a .short and a .byte.
pool:
  .half 0xabcd
  .byte 0x11, 0x22, 0x33
  .dword 0x0123456789abcdef
  .word 0xdeadbeef
  .byte 0x44, 0x55

  # Code again, at an odd address.
after_table:
case_0:
  add a0, a0, a1
  ret
case_1:
  sub a0, a0, a1
  # Bytes that decode as instructions (jal, lw) if read as code.
  .word 0x12345678
  .half 0x5678
  .option norvc
  mul a0, a0, a1
  .option rvc
  c.li a5, 3
  # One byte at the end of the section: the region ends with it.
  .byte 0x99
