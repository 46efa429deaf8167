# The session docs/gdb.md walks through, kept honest as a test: stop at clone3's user ecall,
# read the user's struct clone_args, break in the kernel's handler, stepi into do_clone3,
# watch the kernel's copy of the stack field being filled in, and let the guest finish.
set trace-commands on
monitor stop-at-syscall clone3
continue
x/i $pc
p $a7
p *('starlet::(anonymous namespace)::CloneArgs' *)$a0
monitor stop-at-syscall off
break sys_clone3
continue
p $priv
p/x $satp
x/11gx $a0
stepi
stepi
stepi
stepi
stepi
x/i $pc
set $want = ((unsigned long *)$a0)[5]
set $field = &k.stack
watch *$field if *$field == $want
continue
bt 2
p/x *$field
delete
continue
