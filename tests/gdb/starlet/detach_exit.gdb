# Detach in the middle of clone3: the breakpoints go, the guest runs on and rvscope exits with
# the guest's status: init's verdict, 127 for the program that does not exist.
#!append /bin/clone3_demo ; /bin/no_such_program
break sys_clone3
continue
detach
