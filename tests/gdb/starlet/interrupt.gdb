# Ctrl-C: a SIGINT to gdb while starlet runs a long program stops the machine; after a look
# around, detach lets the guest run on to its exit status, which becomes rvscope's.
#!append /bin/hog
#!sigint-after ^running the guest$
echo running the guest\n
continue
info threads
# The stop may land in assembly, where gdb would print the comparison as 1.
set language c++
p $priv <= 3
monitor stats
detach
