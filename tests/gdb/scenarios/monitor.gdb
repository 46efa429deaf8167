# monitor help is answered by the stub; other commands are routed to the target.
monitor help
monitor stats
monitor stop-at-syscall clone3
monitor
detach
