// epoll (fs/eventpoll.c): interest lists of (file, fd) items, level- or edge-triggered and
// one-shot, epoll_create1/epoll_ctl/epoll_pwait with Linux 6.1's checks in its order.
#include "arch/riscv/csr.hpp"
#include "fs/vfs.hpp"
#include "kernel/time.hpp"
#include "mm/kmalloc.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {

struct EpollItem {
  File*
      file;  // not a reference: the file's last close removes the item (Linux's eventpoll_release)
  int fd;
  u32 events;
  u64 data;
  // Wakes of the file's wait channel, and the count when the item last reported: an
  // edge-triggered item reports only after a wake since then (Linux queues it on each wake).
  u64 wakes = 0, reported_wakes = 0;
  EpollItem* next = nullptr;
};

struct Epoll {
  EpollItem* items = nullptr;
  Epoll* next_all = nullptr;
  File* file = nullptr;
};

namespace {
constexpr u32 kEpollErr = 0x8, kEpollHup = 0x10, kEpollRdhup = 0x2000;
constexpr u32 kEpollExclusive = 1u << 28, kEpollWakeup = 1u << 29;
constexpr u32 kEpollOneshot = 1u << 30, kEpollEt = 1u << 31;
// Flags of the item, never reported as events (EP_PRIVATE_BITS).
constexpr u32 kPrivateBits = kEpollWakeup | kEpollOneshot | kEpollEt | kEpollExclusive;
// EPOLLIN, PRI, OUT, RDNORM, RDBAND, WRNORM, WRBAND and RDHUP.
constexpr u32 kEpollInOutBits = 0x1 | 0x2 | 0x4 | 0x40 | 0x80 | 0x100 | 0x200 | kEpollRdhup;
constexpr u32 kExclusiveOkBits =
    kEpollInOutBits | kEpollErr | kEpollHup | kEpollWakeup | kEpollEt | kEpollExclusive;
constexpr u32 kEpollCtlAdd = 1, kEpollCtlDel = 2, kEpollCtlMod = 3;
constexpr int kEpMaxEvents = 0x7fffffff / 16;  // INT_MAX / sizeof(struct epoll_event)
constexpr int kMaxNesting = 4;                 // EP_MAX_NESTS

struct UserEvent {  // struct epoll_event on riscv64: naturally aligned, 16 bytes
  u32 events;
  u32 pad;
  u64 data;
};
static_assert(sizeof(UserEvent) == 16);

Epoll* g_epolls = nullptr;

// Where a file's readiness changes are announced (its wake_all channel); none for files
// whose readiness never changes or is not announced (pidfds: only the level is seen).
const void* wait_channel(File* f) {
  switch (f->kind) {
    case FileKind::kPipeRead:
    case FileKind::kPipeWrite:
      return f->pipe;
    case FileKind::kEventfd:
      return f;
    case FileKind::kConsole:
      return &g_console_chan;
    case FileKind::kEpoll:
      return f->epoll;
    case FileKind::kSocket:
      return socket_wait_channel(f);
    default:
      return nullptr;
  }
}

// What the item would report now: its file's readiness within its events (which hold error
// and hang-up unless a one-shot item fired and disarmed them), nothing new for an
// edge-triggered item that heard no wake since it last reported.
u32 item_ready(const EpollItem* item) {
  if (item->events & kEpollEt && item->wakes == item->reported_wakes) return 0;
  return file_poll_mask(item->file) & item->events & ~kPrivateBits;
}

// Linux's file_can_poll: files with a poll method. ramfs files, directories and /dev's memory
// devices have none.
bool can_poll(File* f) {
  if (f->kind != FileKind::kInode) return true;
  Inode* in = f->inode;
  return (in->mode & kSIfmt) == kSIfchr && !is_memdev(in);
}

EpollItem* find_item(Epoll* ep, File* f, int fd) {
  for (EpollItem* i = ep->items; i; i = i->next) {
    if (i->file == f && i->fd == fd) return i;
  }
  return nullptr;
}

void remove_item(Epoll* ep, EpollItem* item) {
  for (EpollItem** p = &ep->items; *p; p = &(*p)->next) {
    if (*p == item) {
      *p = item->next;
      kdelete(item);
      return;
    }
  }
}

// Would adding `target` (an epoll) under `ep` close a loop or nest deeper than Linux allows?
bool reaches(Epoll* from, Epoll* to, int depth) {
  if (from == to) return true;
  if (depth >= kMaxNesting) return true;
  for (EpollItem* i = from->items; i; i = i->next) {
    if (i->file->kind == FileKind::kEpoll && reaches(i->file->epoll, to, depth + 1)) return true;
  }
  return false;
}

// Fills `out` with up to `max` ready items' events, marking what was reported.
int collect(Epoll* ep, UserEvent* out, int max) {
  int n = 0;
  for (EpollItem* i = ep->items; i && n < max; i = i->next) {
    const u32 ready = item_ready(i);
    if (!ready) continue;
    out[n++] = UserEvent{ready, 0, i->data};
    i->reported_wakes = i->wakes;
    if (i->events & kEpollOneshot) i->events &= kPrivateBits;  // disarmed until EPOLL_CTL_MOD
  }
  return n;
}
}  // namespace

bool epoll_has_events(File* f) {
  for (EpollItem* i = f->epoll->items; i; i = i->next) {
    if (item_ready(i)) return true;
  }
  return false;
}

void epoll_file_released(File* f) {
  if (f->kind == FileKind::kEpoll) {
    Epoll* ep = f->epoll;
    while (ep->items) remove_item(ep, ep->items);
    for (Epoll** p = &g_epolls; *p; p = &(*p)->next_all) {
      if (*p == ep) {
        *p = ep->next_all;
        break;
      }
    }
    kdelete(ep);
    f->epoll = nullptr;
  }
  for (Epoll* ep = g_epolls; ep; ep = ep->next_all) {
    for (EpollItem* i = ep->items; i;) {
      EpollItem* next = i->next;
      if (i->file == f) remove_item(ep, i);
      i = next;
    }
  }
}

void epoll_notify(const void* chan) {
  static int depth = 0;
  if (!g_epolls || depth > kMaxNesting) return;
  depth++;
  for (Epoll* ep = g_epolls; ep; ep = ep->next_all) {
    bool news = false;
    for (EpollItem* i = ep->items; i; i = i->next) {
      if (wait_channel(i->file) == chan) {
        i->wakes++;
        news = true;
      }
    }
    if (news) wake_all(ep);  // epoll_pwait sleeps on its Epoll; nested epolls hear it too
  }
  depth--;
}

SYSCALL_DEFINE(epoll_create1) {
  if (a0 & ~u64{kOCloexec}) return -kEINVAL;
  Epoll* ep = knew<Epoll>();
  File* f = ep ? file_new(FileKind::kEpoll) : nullptr;
  if (!f) {
    kdelete(ep);
    return -kENOMEM;
  }
  f->flags = kORdwr;
  f->epoll = ep;
  ep->file = f;
  ep->next_all = g_epolls;
  g_epolls = ep;
  int fd = fd_install(current()->files, f, 0, a0 & kOCloexec);
  if (fd < 0) file_put(f);
  return fd;
}

SYSCALL_DEFINE(epoll_ctl) {
  const u32 op = static_cast<u32>(a1);
  const bool has_event = op != kEpollCtlDel;
  UserEvent event{};
  if (has_event && !copy_from_user(&event, a3, sizeof event)) return -kEFAULT;
  File* epf = fd_get(static_cast<int>(a0));
  if (!epf) return -kEBADF;
  const int fd = static_cast<int>(a2);
  File* target = fd_get(fd);
  if (!target) return -kEBADF;
  if (!can_poll(target)) return -kEPERM;
  // EPOLLWAKEUP without CAP_BLOCK_SUSPEND is dropped silently; root holds it.
  if (epf == target || epf->kind != FileKind::kEpoll) return -kEINVAL;
  if (has_event && (event.events & kEpollExclusive)) {
    if (op == kEpollCtlMod) return -kEINVAL;
    if (op == kEpollCtlAdd &&
        (target->kind == FileKind::kEpoll || (event.events & ~kExclusiveOkBits))) {
      return -kEINVAL;
    }
  }
  Epoll* ep = epf->epoll;
  if (op == kEpollCtlAdd && target->kind == FileKind::kEpoll && reaches(target->epoll, ep, 1)) {
    return -kELOOP;
  }
  EpollItem* item = find_item(ep, target, fd);
  switch (op) {
    case kEpollCtlAdd: {
      if (item) return -kEEXIST;
      item = knew<EpollItem>();
      if (!item) return -kENOMEM;
      *item = EpollItem{target, fd, event.events | kEpollErr | kEpollHup, event.data};
      item->wakes = 1;  // what is ready at insertion is reported once, edge-triggered or not
      // Appended: several ready items report in the order they were added, as Linux's ready
      // list first holds them.
      EpollItem** tail = &ep->items;
      while (*tail) tail = &(*tail)->next;
      *tail = item;
      epoll_notify(ep);  // an epoll watching this one may have news
      return 0;
    }
    case kEpollCtlDel:
      if (!item) return -kENOENT;
      remove_item(ep, item);
      return 0;
    case kEpollCtlMod:
      if (!item) return -kENOENT;
      if (item->events & kEpollExclusive) return -kEINVAL;
      item->events = event.events | kEpollErr | kEpollHup;
      item->data = event.data;
      item->wakes = item->reported_wakes + 1;  // re-armed: the current level counts as news
      epoll_notify(ep);
      return 0;
    default:
      return -kEINVAL;
  }
}

SYSCALL_DEFINE(epoll_pwait) {
  if (a4) {
    if (long r = set_user_sigmask(a4, a5); r < 0) return r;
  }
  const int max = static_cast<int>(a2);
  if (max <= 0 || max > kEpMaxEvents) return -kEINVAL;
  if (!user_range_ok(a1, static_cast<u64>(max) * sizeof(UserEvent))) return -kEFAULT;
  File* epf = fd_get(static_cast<int>(a0));
  if (!epf) return -kEBADF;
  if (epf->kind != FileKind::kEpoll) return -kEINVAL;
  const i32 timeout_ms = static_cast<i32>(a3);
  const u64 deadline =
      timeout_ms > 0 ? deadline_from_rel(static_cast<u64>(timeout_ms) * 1000000) : 0;
  for (;;) {
    UserEvent events[32];
    const int n = collect(epf->epoll, events, min(max, 32));
    if (n) {
      if (!copy_to_user(a1, events, static_cast<u64>(n) * sizeof(UserEvent))) return -kEFAULT;
      return n;
    }
    if (timeout_ms == 0 || (timeout_ms > 0 && read_time() >= deadline)) return 0;
    // Woken by news on any item; the tick bounds the wait for readiness nobody announces
    // (a pidfd's process exiting).
    const u64 tick = read_time() + timebase_hz() / 100;
    if (wait_on(epf->epoll, timeout_ms > 0 ? min(deadline, tick) : tick) == -kEINTR) {
      return -kEINTR;
    }
  }
}

}  // namespace starlet
