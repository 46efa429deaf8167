// Sv39 address spaces: kernel windows, VMAs with demand paging, and checked user copies.
#pragma once

#include "kernel/kernel.hpp"

namespace starlet {

constexpr u64 kUserTop = 0x4000000000ull;             // end of the Sv39 lower half
constexpr u64 kSigTrampoline = kUserTop - kPageSize;  // rt_sigreturn stub, mapped R+X
constexpr u64 kStackTop = kUserTop - 16 * kPageSize;
constexpr u64 kStackSize = 8ull << 20;  // RLIMIT_STACK
constexpr u64 kMmapTop = kStackTop - kStackSize - (1ull << 30);
constexpr u64 kKernelWindow = 0x80000000ull;  // RAM identity map, not user space

enum Prot : u32 { kProtRead = 1, kProtWrite = 2, kProtExec = 4 };
enum VmaFlags : u32 { kVmaShared = 1, kVmaStack = 2, kVmaImage = 4 /* the ELF's segments */ };
enum class Access { kRead, kWrite, kExec };

struct Vma {
  u64 start, end;
  u32 prot, flags;
  Vma* next;  // sorted by start
};

struct Mm {
  int refs = 1;
  u64 root = 0;  // physical address of the root page table
  Vma* vmas = nullptr;
  u64 brk_start = 0, brk = 0;
  // The image's layout as execve left it (/proc/PID/stat, statm, cmdline).
  u64 start_code = 0, end_code = 0, start_data = 0, end_data = 0, start_stack = 0;
  u64 arg_start = 0, arg_end = 0, env_start = 0, env_end = 0;
};

void vm_init(u64 ram_base, u64 ram_end);  // builds the kernel windows, switches satp
Mm* mm_create();
Mm* mm_fork(Mm* src);  // every frame shared; private pages copy on write
void mm_put(Mm* mm);
void mm_activate(Mm* mm);  // nullptr: the kernel-only table

bool user_range_ok(u64 start, u64 len);
int mm_map(Mm* mm, u64 start, u64 len, u32 prot, u32 flags);        // range must be free
int mm_map_holes(Mm* mm, u64 start, u64 len, u32 prot, u32 flags);  // what no VMA covers
int mm_unmap(Mm* mm, u64 start, u64 len);
int mm_move(Mm* mm, u64 from, u64 len, u64 to);  // mapped pages to a free range (mremap)
bool mm_covered(Mm* mm, u64 start, u64 len);     // every page of the range is in a VMA
int mm_protect(Mm* mm, u64 start, u64 len, u32 prot);
void mm_discard(Mm* mm, u64 start, u64 len);  // MADV_DONTNEED: next touch sees zeroes
u64 mm_find_free(Mm* mm, u64 len);            // top-down gap below kMmapTop, 0 if none
Vma* mm_find_vma(Mm* mm, u64 va);
u64 mm_resident_pages(Mm* mm, u64 start, u64 end);  // pages with a frame in [start, end)
bool mm_fault(Mm* mm, u64 va, Access access);       // demand paging; false = a real fault

// Checked user access through the current task's page table: never a kernel fault.
Mm* current_mm();
u8* user_translate(Mm* mm, u64 va, Access access);
bool copy_from_user(void* dst, u64 uva, size_t n);
bool copy_to_user(u64 uva, const void* src, size_t n);
bool copy_in_mm(Mm* mm, u64 uva, const void* src, size_t n);  // write into another space
long strncpy_from_user(char* dst, u64 uva, size_t cap);       // length, -EFAULT, -ENAMETOOLONG

template <typename T>
bool get_user(T* v, u64 uva) {
  return copy_from_user(v, uva, sizeof(T));
}
template <typename T>
bool put_user(u64 uva, const T& v) {
  return copy_to_user(uva, &v, sizeof(T));
}

}  // namespace starlet
