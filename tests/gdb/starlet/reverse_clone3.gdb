# Reverse execution on the project's seed: clone3_repro's clone3 fails with -22. Run forward
# to the program's exit_group and note the registers there; go back (reverse-continue) to the
# clone3 breakpoint, finish to the -22 return, reverse-stepi until the instruction that put
# -22 in a0, reverse-finish, reverse-continue to a watchpoint on the user's clone_args; then
# forward again: the same exit_group registers, console and exit status as the first pass.
#!append /bin/clone3_repro
break sys_clone3
break sys_exit_group
continue
set $uargs = $a0
continue
p $a0
python regs = {r: str(gdb.parse_and_eval('$' + r)) for r in ['pc', 'sp', 'ra', 'a0', 'a1', 'a7', 's0', 's1', 'tp', 'gp', 'satp', 'sepc', 'sstatus', 'scause', 'mcycle', 'minstret']}
reverse-continue
p $a0 == $uargs
finish
p $a0
python exec("n = 0\nwhile int(gdb.parse_and_eval('$a0')) == -22:\n    gdb.execute('reverse-stepi', to_string=True)\n    n += 1\nprint('reverse-stepi count', n)")
x/i $pc
stepi
p $a0
reverse-stepi
p $a0 != -22
delete 1
watch -l *(unsigned long *)$uargs
reverse-continue
p $priv
p/x *(unsigned long *)$uargs
delete 3
continue
python print('registers-equal', all(str(gdb.parse_and_eval('$' + r)) == v for r, v in regs.items()))
delete
continue
