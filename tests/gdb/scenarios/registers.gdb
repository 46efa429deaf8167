# Registers of both harts: gprs, pc, an fp register, fcsr fields, CSRs, priv; writes.
info registers pc
p/x $a0
set $a0 = 0x1234
p/x $a0
p/x $sp
p/x $mstatus
p/x $mhartid
p $priv
set $fcsr = 0x41
p/x $fflags
p/x $frm
set $ft0 = 1.5
p $ft0
info threads
thread 2
p/x $pc
p/x $mhartid
thread 1
p/x $a0
info registers csr
set $mepc = 0x80000010
p/x $mepc
info all-registers
detach
