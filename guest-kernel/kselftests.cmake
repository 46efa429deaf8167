# The clone3 kselftests of Linux 6.1 (tools/testing/selftests/clone3 in Debian's linux-source-6.1
# tarball), built static for riscv64 into starlet's user programs (so starlet's initramfs and the
# Linux guest's both carry them) and for the host. tests/linux/kselftest_clone3.sh runs them on
# starlet and on Linux and compares case by case. The sources are extracted once into the build
# tree, under the kernel version.
set(KSELFTEST_TARBALL /usr/src/linux-source-6.1.tar.xz CACHE FILEPATH
    "Debian's linux-source-6.1 tarball (the clone3 kselftests come from it)")
set(KSELFTEST_PROGRAMS clone3 clone3_clear_sighand clone3_set_tid)
# Empty, not unset: an unset KSELFTEST_ELFS would read the cache entry below, and every
# configure would append the programs to it once more.
set(KSELFTEST_ELFS "")
set(KSELFTEST_HOST "")
if(EXISTS ${KSELFTEST_TARBALL})
  set(ks_root ${CMAKE_BINARY_DIR}/kselftests)
  set(ks_tree linux-source-6.1/tools/testing/selftests)
  set(ks_dir ${ks_root}/${ks_tree}/clone3)
  set(ks_stamp ${ks_root}/linux-source-6.1.extracted)
  add_custom_command(OUTPUT ${ks_stamp}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${ks_root}
    COMMAND tar -xJf ${KSELFTEST_TARBALL} -C ${ks_root} --wildcards ${ks_tree}/clone3/*
            ${ks_tree}/kselftest.h ${ks_tree}/kselftest_harness.h
    COMMAND ${CMAKE_COMMAND} -E touch ${ks_stamp}
    DEPENDS ${KSELFTEST_TARBALL}
    COMMENT "kselftests: the clone3 sources from linux-source-6.1" VERBATIM)
  find_program(KSELFTEST_HOST_CC NAMES gcc cc)
  foreach(prog ${KSELFTEST_PROGRAMS})
    # The selftests' Makefile flags (-g -std=gnu99); static, as starlet runs static programs.
    add_custom_command(OUTPUT ${STARLET_USER_OUT}/${prog}
      COMMAND ${RISCV_LINUX_GCC} -static -g -std=gnu99 -O2 -ffile-prefix-map=${ks_root}/=
              -o ${STARLET_USER_OUT}/${prog} ${ks_dir}/${prog}.c
      DEPENDS ${ks_stamp}
      COMMENT "kselftests: ${prog} (riscv64)" VERBATIM)
    add_custom_command(OUTPUT ${ks_root}/host/${prog}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${ks_root}/host
      COMMAND ${KSELFTEST_HOST_CC} -g -std=gnu99 -O2 -o ${ks_root}/host/${prog} ${ks_dir}/${prog}.c
      DEPENDS ${ks_stamp}
      COMMENT "kselftests: ${prog} (host)" VERBATIM)
    list(APPEND KSELFTEST_ELFS ${STARLET_USER_OUT}/${prog})
    list(APPEND KSELFTEST_HOST ${ks_root}/host/${prog})
  endforeach()
  add_custom_target(starlet_kselftests ALL DEPENDS ${KSELFTEST_ELFS} ${KSELFTEST_HOST})
endif()
# For guest-linux (its initramfs) and tests/linux (the host builds), other directory scopes.
set(KSELFTEST_ELFS "${KSELFTEST_ELFS}" CACHE INTERNAL "the clone3 kselftests for riscv64")
set(KSELFTEST_HOST_DIR ${CMAKE_BINARY_DIR}/kselftests/host CACHE INTERNAL "their host builds")
