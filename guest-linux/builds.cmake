# The Linux 6.1 guest's long builds: kernel (Image, vmlinux) and BusyBox, by the scripts in
# scripts/ into build/guest-linux. Included from the top-level CMakeLists.txt before any
# subdirectory, so their build statements come first in build.ninja: ninja 1.11 starts ready
# work in that order, and the kernel (the longest job, partly single-threaded) then overlaps
# the simulator's compiles instead of starting after them.
set(LINUX_OUT ${CMAKE_BINARY_DIR}/guest-linux)
set(LINUX_USER_OUT ${LINUX_OUT}/user)
file(MAKE_DIRECTORY ${LINUX_USER_OUT})
set(LINUX_SCRIPTS ${PROJECT_SOURCE_DIR}/scripts)

# The kernel and BusyBox builds each use every core: one at a time.
set_property(GLOBAL APPEND PROPERTY JOB_POOLS linux_guest_builds=1)
# The scripts decide themselves whether anything changed (source version + config hash), so
# they run on every build and refresh their outputs only when the bytes change.
add_custom_target(linux_kernel ALL
  COMMAND ${LINUX_SCRIPTS}/build-linux.sh ${LINUX_OUT}
  BYPRODUCTS ${LINUX_OUT}/Image ${LINUX_OUT}/vmlinux
  JOB_POOL linux_guest_builds
  COMMENT "Linux 6.1: Image and vmlinux (scripts/build-linux.sh)" VERBATIM)
add_custom_target(linux_busybox ALL
  COMMAND ${LINUX_SCRIPTS}/build-busybox.sh ${LINUX_OUT}
  BYPRODUCTS ${LINUX_OUT}/busybox ${LINUX_OUT}/busybox.links
  JOB_POOL linux_guest_builds
  COMMENT "BusyBox: static riscv64 build (scripts/build-busybox.sh)" VERBATIM)

