# Continuing with nothing armed runs the fake guest to its end; gdb sees the exit.
continue
