# Ctrl-C: a SIGINT to gdb while the guest runs makes it send 0x03; every hart stops.
#!sigint
monitor spin on
continue
info threads
p $pc > 0x80004000
detach
