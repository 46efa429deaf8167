# Watchpoints: the fake stops before the access, gdb steps over it and shows the value.
watch *(long*)0x80001000
continue
p/x $pc
continue
delete
rwatch *(long*)0x80001000
continue
p/x $pc
delete
awatch *(long*)0x80001000
continue
continue
delete
detach
