# monitor stop-at-syscall: the stop is at the user ecall (a7 = 435), said on gdb's console.
# The step across that ecall executes it: the hart is then at starlet's trap vector in S-mode
# with scause 8 (ecall from U), even with a timer interrupt made pending first (stepi holds
# interrupts off, they come when the guest runs again).
monitor stop-at-syscall clone3
continue
p $a7
p $priv
x/i $pc
p/x ((unsigned long *)$a0)[4]
monitor stop-at-syscall off
set $mip = $mip | 0x20
stepi
p/x $scause
p $pc == $stvec
p $priv
continue
