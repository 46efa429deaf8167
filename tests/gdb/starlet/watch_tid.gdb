# A watchpoint on a kernel global that clone3 writes: the thread id counter, bumped by
# task_alloc() when clone3 makes the child. gdb stops after the store with old and new values.
break sys_clone3
continue
watch 'starlet::(anonymous namespace)::g_next_tid'
continue
bt 3
p 'starlet::(anonymous namespace)::g_next_tid'
delete
continue
