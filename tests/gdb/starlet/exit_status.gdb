# Continue to the end: gdb is told the guest's exit status (W packet) and rvscope exits with it.
#!append /bin/no_such_program
continue
