# Break in starlet's clone3 handler by symbol, read the caller's struct clone_args, then
# stepi twenty times; the runner compares the pcs gdb showed with rvscope's own commit log of
# the same run (Spike format, the syscall:clone3 window).
#!rvscope --trace syscall:clone3 --trace-format spike --trace-output @DIR/trace.log
#!stepi-trace 20
break sys_clone3
continue
p $priv
p/x $satp
p $a7
p $a1
x/11gx $a0
p/x ((unsigned long *)$a0)[0]
p/x ((unsigned long *)$a0)[4]
p ((unsigned long *)$a0)[5] != 0
p/x ((unsigned long *)$a0)[6]
x/i $pc
display/i $pc
stepi
stepi
stepi
stepi
stepi
stepi
stepi
stepi
stepi
stepi
stepi
stepi
stepi
stepi
stepi
stepi
stepi
stepi
stepi
stepi
undisplay
info registers
delete
continue
