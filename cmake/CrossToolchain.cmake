# Locates Debian's riscv64 cross compilers used for guest code (kernel, user programs, ISA tests).
find_program(RISCV_LINUX_GCC riscv64-linux-gnu-gcc REQUIRED)
find_program(RISCV_LINUX_GXX riscv64-linux-gnu-g++ REQUIRED)
find_program(RISCV_ELF_GCC riscv64-unknown-elf-gcc REQUIRED)
find_program(RISCV_OBJDUMP riscv64-linux-gnu-objdump REQUIRED)
find_program(RISCV_OBJCOPY riscv64-linux-gnu-objcopy REQUIRED)
