# stepi moves simulated time as running the same instructions does. Hart 0 reaches time_poll
# after 7 instructions (cycle 7, time 0) and polls `time` until it reads 3 (one tick is 100
# cycles at the default 1 GHz core and 10 MHz timebase): the rdtime at cycle 301 is the first
# to see 3, so time_done comes after 296 more instructions, at time 3, whether the hart
# continues there (the first part, on a breakpoint) or is stepped there (the second part,
# another run of the same program: `stepi 296` must land exactly on time_done).
#!program harts
#!rvscope --set machine.harts=1
break time_poll
continue
p $minstret
p $time
delete
set $i0 = $minstret
stepi 296
p $pc == &time_done
p $minstret - $i0
p $time
p $cycle
kill
