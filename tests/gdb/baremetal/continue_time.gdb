# The reference for stepi_time: the same program continued (not stepped) from time_poll to
# time_done takes 296 instructions and ends at time 3.
#!program harts
#!rvscope --set machine.harts=1
break time_poll
continue
delete
set $i0 = $minstret
break time_done
continue
p $minstret - $i0
p $time
p $cycle
kill
