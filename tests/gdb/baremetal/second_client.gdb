# While one gdb is attached, a second connection is refused with a message it prints (and a
# line in rvscope's log), and the first client carries on as if nothing happened.
#!program harts
#!rvscope --set machine.harts=2
break hart1_mark
continue
shell @GDB -batch -nx -ex "target remote 127.0.0.1:@PORT" 2>&1 | sed 's/^/second: /'
p $s1
continue
p $s1
info symbol $pc
kill
