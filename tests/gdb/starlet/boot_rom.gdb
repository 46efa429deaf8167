# At reset the pc is in QEMU virt's boot ROM (0x1000): gdb disassembles it and reads its data
# words, and reads device registers through their side-effect-free path, as under QEMU.
#!append /bin/hello
x/6i $pc
x/2gx 0x1018
x/bx 0x10000005
x/bx 0x10000002
x/wx 0xc200004
p *(unsigned int *)0x100000
kill
