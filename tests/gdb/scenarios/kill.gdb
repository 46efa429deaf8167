# kill ends the simulation and leaves nothing armed.
break *0x80000010
continue
kill
