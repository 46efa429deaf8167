# Software and hardware breakpoints, continue, stepi, and a breakpoint hit by hart 1.
break *0x80000040
continue
p/x $pc
stepi
p/x $pc
stepi 3
p/x $pc
p/x $a0
delete
hbreak *0x80000080
continue
p/x $pc
delete
break *0x80002100
continue
info threads
p/x $pc
delete
detach
