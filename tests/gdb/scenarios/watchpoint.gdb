# A write watchpoint: the fake stops before the store, gdb steps over it and shows the change.
watch *(long*)0x80001000
continue
p/x $pc
continue
delete
awatch *(long*)0x80001000
continue
delete
detach
