# starlet system tests, included by guest-kernel/CMakeLists.txt. The runner is QEMU today;
# an rvscope variant is the same test with STARLET_RUNNER set in its ENVIRONMENT property.
set(STARLET_TEST_DIR ${CMAKE_SOURCE_DIR}/tests/system/starlet)
find_program(STARLET_QEMU_SYSTEM qemu-system-riscv64)
find_program(STARLET_QEMU_USER qemu-riscv64)
if(STARLET_QEMU_SYSTEM)
  add_test(NAME starlet_qemu_demo
    COMMAND ${STARLET_TEST_DIR}/check_demo.sh ${STARLET_OUT}/starlet.elf ${STARLET_OUT}/initramfs.cpio)
  set_tests_properties(starlet_qemu_demo PROPERTIES TIMEOUT 120 LABELS "system;starlet")
endif()
if(STARLET_QEMU_SYSTEM AND STARLET_QEMU_USER)
  add_test(NAME starlet_diff_qemu_user
    COMMAND ${STARLET_TEST_DIR}/diff_qemu_user.sh ${STARLET_OUT}/starlet.elf ${STARLET_OUT}/initramfs.cpio
            ${STARLET_USER_OUT} "hello world" files memory forkexec pipe signals timetest badargs threads futex_test pie_hello syscalls_more sockets)
  set_tests_properties(starlet_diff_qemu_user PROPERTIES TIMEOUT 180 LABELS "system;starlet")
endif()
if(STARLET_QEMU_SYSTEM)
  add_test(NAME starlet_clone3_host_oracle
    COMMAND ${STARLET_TEST_DIR}/clone3_host_oracle.sh ${STARLET_OUT}/starlet.elf ${STARLET_OUT}/initramfs.cpio
            ${CMAKE_SOURCE_DIR}/guest-kernel/user)
  set_tests_properties(starlet_clone3_host_oracle PROPERTIES TIMEOUT 120 LABELS "system;starlet")
endif()
if(STARLET_QEMU_SYSTEM)
  add_test(NAME starlet_procfs_host_oracle
    COMMAND ${STARLET_TEST_DIR}/tap_host_oracle.sh ${STARLET_OUT}/starlet.elf ${STARLET_OUT}/initramfs.cpio
            ${CMAKE_SOURCE_DIR}/guest-kernel/user procfs one two)
  add_test(NAME starlet_syscalls_host_oracle
    COMMAND ${STARLET_TEST_DIR}/tap_host_oracle.sh ${STARLET_OUT}/starlet.elf ${STARLET_OUT}/initramfs.cpio
            ${CMAKE_SOURCE_DIR}/guest-kernel/user syscalls_more)
  add_test(NAME starlet_sockets_host_oracle
    COMMAND ${STARLET_TEST_DIR}/tap_host_oracle.sh ${STARLET_OUT}/starlet.elf ${STARLET_OUT}/initramfs.cpio
            ${CMAKE_SOURCE_DIR}/guest-kernel/user sockets)
  set_tests_properties(starlet_procfs_host_oracle starlet_syscalls_host_oracle starlet_sockets_host_oracle
    PROPERTIES TIMEOUT 120 LABELS "system;starlet")
endif()
if(STARLET_QEMU_SYSTEM)
  add_test(NAME starlet_run_guest COMMAND ${STARLET_TEST_DIR}/check_run_guest.sh ${CMAKE_BINARY_DIR})
  set_tests_properties(starlet_run_guest PROPERTIES TIMEOUT 120 LABELS "system;starlet")
endif()
if(STARLET_QEMU_SYSTEM)
  add_test(NAME starlet_qemu_smp
    COMMAND ${STARLET_TEST_DIR}/check_smp.sh ${STARLET_OUT}/starlet.elf ${STARLET_OUT}/initramfs.cpio)
  set_tests_properties(starlet_qemu_smp PROPERTIES TIMEOUT 300 LABELS "system;starlet")
endif()
if(STARLET_QEMU_SYSTEM)
  add_test(NAME starlet_qemu_console_input
    COMMAND ${STARLET_TEST_DIR}/check_console.sh ${STARLET_OUT}/starlet.elf ${STARLET_OUT}/initramfs.cpio)
  set_tests_properties(starlet_qemu_console_input PROPERTIES TIMEOUT 60 LABELS "system;starlet")
endif()

# rvscope variants: the same scripts with rvscope as the system runner (boot.sh placeholders).
# -DSTARLET_RVSCOPE_RUNNER=... overrides the command; "OFF" disables these tests.
set(STARLET_RVSCOPE_RUNNER "" CACHE STRING "Command template booting starlet on rvscope (see boot.sh)")
if(NOT STARLET_RVSCOPE_RUNNER AND TARGET rvscope)
  set(STARLET_RVSCOPE_RUNNER
      "$<TARGET_FILE:rvscope> run --firmware {fw} --kernel {kernel} --initrd {initrd} --append {bootargs} --set machine.harts={harts}")
endif()
if(STARLET_RVSCOPE_RUNNER AND NOT STARLET_RVSCOPE_RUNNER STREQUAL "OFF")
  add_test(NAME starlet_rvscope_demo
    COMMAND ${STARLET_TEST_DIR}/check_demo.sh ${STARLET_OUT}/starlet.elf ${STARLET_OUT}/initramfs.cpio)
  add_test(NAME starlet_rvscope_diff_qemu_user
    COMMAND ${STARLET_TEST_DIR}/diff_qemu_user.sh ${STARLET_OUT}/starlet.elf ${STARLET_OUT}/initramfs.cpio
            ${STARLET_USER_OUT} "hello world" files memory forkexec pipe signals timetest badargs threads
            futex_test pie_hello syscalls_more sockets)
  add_test(NAME starlet_rvscope_clone3_host_oracle
    COMMAND ${STARLET_TEST_DIR}/clone3_host_oracle.sh ${STARLET_OUT}/starlet.elf ${STARLET_OUT}/initramfs.cpio
            ${CMAKE_SOURCE_DIR}/guest-kernel/user)
  add_test(NAME starlet_rvscope_procfs_host_oracle
    COMMAND ${STARLET_TEST_DIR}/tap_host_oracle.sh ${STARLET_OUT}/starlet.elf ${STARLET_OUT}/initramfs.cpio
            ${CMAKE_SOURCE_DIR}/guest-kernel/user procfs one two)
  add_test(NAME starlet_rvscope_syscalls_host_oracle
    COMMAND ${STARLET_TEST_DIR}/tap_host_oracle.sh ${STARLET_OUT}/starlet.elf ${STARLET_OUT}/initramfs.cpio
            ${CMAKE_SOURCE_DIR}/guest-kernel/user syscalls_more)
  add_test(NAME starlet_rvscope_sockets_host_oracle
    COMMAND ${STARLET_TEST_DIR}/tap_host_oracle.sh ${STARLET_OUT}/starlet.elf ${STARLET_OUT}/initramfs.cpio
            ${CMAKE_SOURCE_DIR}/guest-kernel/user sockets)
  set_tests_properties(starlet_rvscope_demo starlet_rvscope_diff_qemu_user starlet_rvscope_clone3_host_oracle
    starlet_rvscope_procfs_host_oracle starlet_rvscope_syscalls_host_oracle starlet_rvscope_sockets_host_oracle
    PROPERTIES ENVIRONMENT "STARLET_RUNNER=${STARLET_RVSCOPE_RUNNER}" TIMEOUT 600 LABELS "system;starlet;rvscope")
  add_test(NAME starlet_rvscope_smp
    COMMAND ${STARLET_TEST_DIR}/check_smp.sh ${STARLET_OUT}/starlet.elf ${STARLET_OUT}/initramfs.cpio)
  set_tests_properties(starlet_rvscope_smp PROPERTIES ENVIRONMENT "STARLET_RUNNER=${STARLET_RVSCOPE_RUNNER}"
    TIMEOUT 600 LABELS "system;starlet;rvscope")
  add_test(NAME starlet_rvscope_run_guest
    COMMAND ${STARLET_TEST_DIR}/check_rvscope_guest.sh $<TARGET_FILE:rvscope> ${STARLET_USER_OUT})
  set_tests_properties(starlet_rvscope_run_guest PROPERTIES TIMEOUT 300 LABELS "system;starlet;rvscope")
  add_test(NAME starlet_rvscope_vs_qemu
    COMMAND ${STARLET_TEST_DIR}/compare_runners.sh ${STARLET_OUT}/starlet.elf ${STARLET_OUT}/initramfs.cpio)
  set_tests_properties(starlet_rvscope_vs_qemu
    PROPERTIES ENVIRONMENT "STARLET_RUNNER_B=${STARLET_RVSCOPE_RUNNER}" TIMEOUT 900 LABELS "system;starlet;rvscope")
endif()
