# After a breakpoint stop, delete it and continue: nothing is armed any more, the hart runs on
# the fast loop and must not report a stop at once (it used to: Hart::last_stop() stayed
# kBreakpoint).
break sys_clone3
continue
delete
continue
