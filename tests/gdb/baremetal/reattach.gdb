# After a detach the guest runs on without breakpoints, and the next gdb that connects stops
# the harts and is served: it sets its own breakpoint, reads registers and kills the guest.
# (A stub that stopped listening after the detach would leave the second gdb unanswered until
# the instruction limit ends the run.)
#!program harts
#!rvscope --set machine.harts=2 --max-insns 300000000
break hart1_mark
continue
p $s1
detach
#!next-gdb
break hart1_mark
continue
p $s1
info symbol $pc
kill
