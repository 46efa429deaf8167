// Credentials: every task is root; its capability sets (capget/capset) start full, as for
// root on Linux, and decide what needs a capability (clone3's set_tid).
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
// _LINUX_CAPABILITY_VERSION_1 (one 32-bit word per set), _2 and _3 (two words).
constexpr u32 kCapVersion1 = 0x19980330, kCapVersion2 = 0x20071026, kCapVersion3 = 0x20080522;

struct CapData {  // struct __user_cap_data_struct
  u32 effective, permitted, inheritable;
};

// cap_validate_magic: the number of CapData words the header's version carries. An unknown
// version is answered with EINVAL after the kernel's preferred one is written back.
long header_words(u64 uhdr, int* words) {
  u32 version;
  if (!get_user(&version, uhdr)) return -kEFAULT;
  if (version == kCapVersion1) {
    *words = 1;
  } else if (version == kCapVersion2 || version == kCapVersion3) {
    *words = 2;
  } else {
    return put_user(uhdr, kCapVersion3) ? -kEINVAL : -kEFAULT;
  }
  return 0;
}

bool subset(u64 a, u64 b) { return (a & ~b) == 0; }
}  // namespace

bool capable(int cap) { return (current()->cap_effective >> cap) & 1; }

void caps_on_exec(Task* t) {
  // Root's execve: the file sets count as full, so permitted = inheritable | bounding set
  // (full) and effective = permitted (Linux's "root is all-powerful" rule).
  t->cap_permitted = t->cap_effective = kCapFullSet;
}

SYSCALL_DEFINE(capget) {
  int words;
  long r = header_words(a0, &words);
  // libcap probes the version with a null data pointer: that is not an error.
  if (!a1 || r) return (!a1 && r == -kEINVAL) ? 0 : r;
  i32 pid;
  if (!get_user(&pid, a0 + 4)) return -kEFAULT;
  if (pid < 0) return -kEINVAL;
  Task* t = pid == 0 ? current() : find_task(pid);
  if (!t || t->state == TaskState::kDead) return -kESRCH;
  CapData data[2];
  for (int i = 0; i < words; i++) {
    data[i] = {static_cast<u32>(t->cap_effective >> (32 * i)),
               static_cast<u32>(t->cap_permitted >> (32 * i)),
               static_cast<u32>(t->cap_inheritable >> (32 * i))};
  }
  return copy_to_user(a1, data, words * sizeof(CapData)) ? 0 : -kEFAULT;
}

SYSCALL_DEFINE(capset) {
  int words;
  long r = header_words(a0, &words);
  if (r) return r;
  i32 pid;
  if (!get_user(&pid, a0 + 4)) return -kEFAULT;
  Task* t = current();
  if (pid != 0 && pid != t->tid) return -kEPERM;  // only one's own sets
  CapData data[2] = {};
  if (!copy_from_user(data, a1, words * sizeof(CapData))) return -kEFAULT;
  u64 eff = 0, prm = 0, inh = 0;
  for (int i = 0; i < words; i++) {
    eff |= u64{data[i].effective} << (32 * i);
    prm |= u64{data[i].permitted} << (32 * i);
    inh |= u64{data[i].inheritable} << (32 * i);
  }
  eff &= kCapFullSet, prm &= kCapFullSet, inh &= kCapFullSet;  // bits past CAP_LAST_CAP
  // cap_capset: no set may grow, except inheritable with CAP_SETPCAP (bounded by the full
  // bounding set), and effective stays within permitted.
  if (!capable(kCapSetpcap) && !subset(inh, t->cap_inheritable | t->cap_permitted)) {
    return -kEPERM;
  }
  if (!subset(prm, t->cap_permitted) || !subset(eff, prm)) return -kEPERM;
  t->cap_effective = eff, t->cap_permitted = prm, t->cap_inheritable = inh;
  return 0;
}

}  // namespace starlet
