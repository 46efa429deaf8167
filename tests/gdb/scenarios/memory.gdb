# Memory: reads, writes (M and X packets), a read across the end of RAM, an unmapped read.
x/4xw 0x80001100
x/2xw 0x80000000
set {int}0x80001100 = 0xdeadbeef
x/xw 0x80001100
set {char[5]}0x80001200 = "$#}*"
x/5xb 0x80001200
x/2xw 0x8000fffc
x/xw 0x10
set {int}0x10 = 1
p/x *(long*)0x80001000
detach
