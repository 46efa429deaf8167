# stepi across mret (OpenSBI's trap exit back to starlet) and across sret (starlet's return to
# user mode): the hart lands at mepc / sepc in the lower privilege mode. gdb steps with vCont;s
# because the target description says the OS ABI is "none".
show osabi
find /w1 0x80000000, +0x20000, 0x30200073
break *$_
continue
x/i $pc
stepi
p $pc == $mepc
p $priv
delete
find /w1 &trap_return, +256, 0x10200073
break *$_ if ($sstatus & 0x100) == 0
continue
x/i $pc
stepi
p $pc == $sepc
p $priv
delete
continue
