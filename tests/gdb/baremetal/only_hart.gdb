# With scheduler-locking on, gdb resumes only the current thread (vCont;c:N): hart 1 runs to
# its breakpoint while harts 0 and 2 stay exactly where the reset left them (pc at _start, no
# instruction retired, hart 2's mie still 0). A continue with scheduler-locking off runs every
# hart again. Then hart 2 resumed alone waits in wfi for an IPI that stopped hart 0 would
# have to send: the stub says so on gdb's console and Ctrl-C still stops it.
#!program harts
#!rvscope --set machine.harts=3
#!sigint-after waits in wfi
set scheduler-locking on
break hart1_mark
thread 2
continue
p $s1
p $minstret
thread 1
info symbol $pc
p $minstret
thread 3
p $minstret
p $mie
thread 2
continue
p $minstret
thread 1
p $minstret
set scheduler-locking off
continue
thread 1
p $minstret > 0
delete
set scheduler-locking on
thread 3
set $i1 = $minstret
thread 1
set $i0 = $minstret
thread 3
continue
info symbol $pc
thread 1
p $minstret == $i0
kill
