// AF_UNIX sockets (net/unix/af_unix.c): stream, datagram and seqpacket; socketpair, names in
// the file system and the abstract namespace, listen/accept4/connect, the send/recv family,
// shutdown, socket options and poll, with Linux 6.1's checks in its order. No ancillary data.
#include "fs/vfs.hpp"
#include "mm/kmalloc.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {

// One queued send: a datagram, or a piece of a stream. The sender's name travels with it
// (recvfrom's address), not a pointer to a socket that may be gone by then.
struct SockMsg {
  SockMsg* next = nullptr;
  u8* data = nullptr;
  u64 len = 0, off = 0;
  u32 from_len = 0;  // 0: the sender was unbound
  char from[109] = {};
};

struct Socket {
  int type = 0;
  enum class State { kUnconnected, kListening, kConnected } state = State::kUnconnected;
  Socket* peer = nullptr;
  bool send_shut = false, recv_shut = false;
  bool peer_died = false;  // a datagram peer closed: the next send answers ECONNREFUSED
  SockMsg *rx_head = nullptr, *rx_tail = nullptr;
  u64 rx_bytes = 0;
  Socket *pending_head = nullptr, *pending_tail = nullptr, *pending_next = nullptr;
  int pending = 0, backlog = 0;
  // sun_path bytes (an abstract name starts with 0; a path keeps the NUL Linux appends, so a
  // full 108-byte path takes 109); 0 when unbound.
  u32 name_len = 0;
  char name[109] = {};
  Inode* node = nullptr;      // the file-system name's node
  bool accepted_end = false;  // made by connect for a listener: named as it, not bound
  int owner_pid = 0;          // SO_PEERCRED of the other end
  u64 ino = 0;
  Socket* next_all = nullptr;
};

namespace {
constexpr int kAfUnix = 1;
constexpr int kSockStream = 1, kSockDgram = 2, kSockRaw = 3, kSockSeqpacket = 5;
constexpr u32 kSockNonblock = kONonblock, kSockCloexec = kOCloexec;
constexpr u32 kMsgOob = 1, kMsgPeek = 2, kMsgTrunc = 0x20, kMsgDontwait = 0x40;
constexpr u32 kMsgWaitall = 0x100, kMsgNosignal = 0x4000;
constexpr u64 kSockBuf = 212992;          // net.core.wmem_default
constexpr u64 kDgramMax = kSockBuf - 32;  // sk_sndbuf - 32
constexpr int kSomaxconn = 4096;
constexpr u32 kSunPathMax = 108, kSockaddrUnMax = 110;
constexpr int kPollIn = 1, kPollOut = 4, kPollHup = 16;
constexpr int kPollRdnorm = 0x40, kPollWrnorm = 0x100, kPollWrband = 0x200, kPollRdhup = 0x2000;

Socket* g_sockets = nullptr;
u64 g_next_socket_ino = 1000;
u32 g_autobind_order = 0;

Socket* sock_of(int fd, long* err) {
  File* f = fd_get(fd);
  if (!f) {
    *err = -kEBADF;
    return nullptr;
  }
  if (f->kind != FileKind::kSocket) {
    *err = -kENOTSOCK;
    return nullptr;
  }
  return f->sock;
}

Socket* socket_new(int type) {
  Socket* s = knew<Socket>();
  if (!s) return nullptr;
  s->type = type;
  s->owner_pid = current()->tg->tgid;
  s->ino = g_next_socket_ino++;
  s->next_all = g_sockets;
  g_sockets = s;
  return s;
}

void changed(Socket* s) {
  wake_all(s);
  if (s->peer) wake_all(s->peer);
}

// The socket's end of a connection went away: its peer (if any) sees a hang-up.
void socket_free(Socket* s) {
  for (Socket* e = s->pending_head; e;) {  // connections nobody accepted
    Socket* next = e->pending_next;
    socket_free(e);
    e = next;
  }
  for (Socket* o = g_sockets; o; o = o->next_all) {
    if (o->peer != s) continue;
    o->peer = nullptr;
    if (o->type == kSockDgram) {
      o->peer_died = true;
    } else {
      o->send_shut = o->recv_shut = true;  // Linux's SHUTDOWN_MASK on the survivor
    }
    wake_all(o);
  }
  while (SockMsg* m = s->rx_head) {
    s->rx_head = m->next;
    kfree(m->data);
    kdelete(m);
  }
  if (s->node && s->node->bound_socket == s) s->node->bound_socket = nullptr;
  for (Socket** p = &g_sockets; *p; p = &(*p)->next_all) {
    if (*p == s) {
      *p = s->next_all;
      break;
    }
  }
  wake_all(s);
  kdelete(s);
}

long install(Socket* s, u32 flags) {
  File* f = file_new(FileKind::kSocket);
  if (!f) return -kENFILE;
  f->sock = s;
  f->flags = kORdwr | (flags & kSockNonblock);
  int fd = fd_install(current()->files, f, 0, flags & kSockCloexec);
  if (fd < 0) file_put(f);
  return fd;
}

// socket()/socketpair()'s family, type and protocol, in __sys_socket's and unix_create's order.
long check_create(u64 domain, u64 type_word, u64 protocol, int* type) {
  const u32 flags = static_cast<u32>(type_word) & ~0xfu;
  if (flags & ~(kSockNonblock | kSockCloexec)) return -kEINVAL;
  const int t = static_cast<int>(type_word & 0xf);
  if (domain != kAfUnix) return -kEAFNOSUPPORT;
  if (t >= 11) return -kEINVAL;  // SOCK_MAX
  if (protocol != 0 && protocol != kAfUnix) return -kEPROTONOSUPPORT;
  switch (t) {
    case kSockStream:
    case kSockDgram:
    case kSockSeqpacket:
      *type = t;
      return 0;
    case kSockRaw:
      *type = kSockDgram;  // unix_create: SOCK_RAW is datagram
      return 0;
    default:
      return -kESOCKTNOSUPPORT;
  }
}

struct SockAddr {
  u16 family;
  char path[kSunPathMax];
};

// A user sockaddr_un of `len` bytes, as move_addr_to_kernel and unix_validate_addr read it.
long read_addr(u64 uaddr, u64 len, SockAddr* out) {
  if (static_cast<i64>(static_cast<i32>(len)) < 0 || len > 128) return -kEINVAL;
  *out = SockAddr{};
  if (len && !copy_from_user(out, uaddr, min<u64>(len, sizeof *out))) return -kEFAULT;
  return 0;
}

long validate_addr(const SockAddr& a, u64 len) {
  if (len <= 2 || len > kSockaddrUnMax) return -kEINVAL;
  return a.family == kAfUnix ? 0 : -kEINVAL;
}

// move_addr_to_user: at most *ulen bytes of the name, and the whole length back in *ulen.
long write_addr(u64 uaddr, u64 ulen, const char* name, u32 name_len) {
  if (!uaddr) return 0;
  i32 room;
  if (!copy_from_user(&room, ulen, 4)) return -kEFAULT;
  if (room < 0) return -kEINVAL;
  u8 addr[2 + sizeof(Socket::name)] = {kAfUnix, 0};
  memcpy(addr + 2, name, name_len);
  const u32 full = 2 + name_len;
  const u32 n = min<u32>(full, static_cast<u32>(room));
  if (n && !copy_to_user(uaddr, addr, n)) return -kEFAULT;
  return copy_to_user(ulen, &full, 4) ? 0 : -kEFAULT;
}

// A bound socket (not an accepted end, which only shares its listener's name) with this
// abstract name.
bool abstract_named(const Socket* s, const char* name, u32 len) {
  return s->name_len == len && !s->node && !s->accepted_end && !memcmp(s->name, name, len);
}

// The bound socket a name reaches (unix_find_other): ENOENT, ECONNREFUSED or EPROTOTYPE.
Socket* find_bound(const SockAddr& a, u64 len, int type, long* err) {
  Socket* found = nullptr;
  if (a.path[0]) {
    char path[kSunPathMax + 1] = {};
    memcpy(path, a.path, min<u64>(len - 2, kSunPathMax));
    Inode* in;
    if (long r = lookup_at(kAtFdcwd, path, &in); r < 0) {
      *err = r;
      return nullptr;
    }
    if ((in->mode & kSIfmt) != kSIfsock || !in->bound_socket) {
      *err = -kECONNREFUSED;
      return nullptr;
    }
    found = in->bound_socket;
  } else {
    const u32 name_len = static_cast<u32>(len - 2);
    // Abstract names are per type (Linux hashes the type in): another type's is not found.
    for (Socket* s = g_sockets; s && !found; s = s->next_all) {
      if (s->type == type && abstract_named(s, a.path, name_len)) found = s;
    }
    if (!found) {
      *err = -kECONNREFUSED;
      return nullptr;
    }
  }
  if (found->type != type) {
    *err = -kEPROTOTYPE;
    return nullptr;
  }
  return found;
}

// Queues a copy of `n` bytes from `src` on `to`, carrying `from`'s name.
long enqueue(Socket* to, Socket* from, const WriteSource& src, u64 off, u64 n) {
  SockMsg* m = knew<SockMsg>();
  u8* data = n ? static_cast<u8*>(kmalloc(n)) : nullptr;
  if (!m || (n && !data)) {
    kdelete(m);
    kfree(data);
    return -kENOMEM;
  }
  if (n && !src.copy(data, off, n)) {
    kfree(data);
    kdelete(m);
    return -kEFAULT;
  }
  m->data = data;
  m->len = n;
  m->from_len = from->name_len;
  memcpy(m->from, from->name, from->name_len);
  if (to->rx_tail) {
    to->rx_tail->next = m;
  } else {
    to->rx_head = m;
  }
  to->rx_tail = m;
  to->rx_bytes += n;
  changed(to);
  return static_cast<long>(n);
}

// Where received bytes go: user memory (recvfrom, read) or a kernel buffer (recvmsg scatters
// it over its vector afterwards).
struct RecvDest {
  u64 uva = 0;
  u8* kernel = nullptr;
  bool put(u64 off, const void* src, u64 n) const {
    if (kernel) {
      memcpy(kernel + off, src, n);
      return true;
    }
    return copy_to_user(uva + off, src, n);
  }
};

// Whether `s` is still a socket: a listener may close while a connect waits for its backlog.
bool alive(const Socket* s) {
  for (const Socket* o = g_sockets; o; o = o->next_all) {
    if (o == s) return true;
  }
  return false;
}

bool nonblocking(File* f, u32 flags) { return (f->flags & kONonblock) || (flags & kMsgDontwait); }

long pipe_error(u32 flags) {
  if (!(flags & kMsgNosignal)) send_signal_task(current(), kSIGPIPE);
  return -kEPIPE;
}

long stream_send(File* f, Socket* s, const WriteSource& src, u64 n, u32 flags) {
  if (flags & kMsgOob) return -kEOPNOTSUPP;
  if (s->state != Socket::State::kConnected && !s->peer) return -kENOTCONN;
  if (s->send_shut) return pipe_error(flags);
  u64 sent = 0;
  while (sent < n) {
    Socket* other = s->peer;
    if (!other || other->recv_shut) return sent ? static_cast<long>(sent) : pipe_error(flags);
    if (other->rx_bytes >= kSockBuf) {
      if (nonblocking(f, flags)) return sent ? static_cast<long>(sent) : -kEAGAIN;
      if (wait_event(other, [s, other] {
            return s->peer != other || other->recv_shut || other->rx_bytes < kSockBuf;
          }) < 0) {
        return sent ? static_cast<long>(sent) : -kERESTARTSYS;
      }
      continue;
    }
    const u64 chunk = min(n - sent, kSockBuf - other->rx_bytes);
    long r = enqueue(other, s, src, sent, chunk);
    if (r < 0) return sent ? static_cast<long>(sent) : r;
    sent += chunk;
  }
  return static_cast<long>(sent);
}

// Datagram and seqpacket sends (unix_dgram_sendmsg); `to` is the destination name, if given.
long dgram_send(Socket* s, const WriteSource& src, u64 n, u32 flags, const SockAddr* to,
                u64 to_len) {
  if (flags & kMsgOob) return -kEOPNOTSUPP;
  Socket* other = nullptr;
  if (to) {
    if (long r = validate_addr(*to, to_len); r < 0) return r;
  } else {
    other = s->peer;
    if (!other && !s->peer_died) return -kENOTCONN;
  }
  if (n > kDgramMax) return -kEMSGSIZE;
  if (s->send_shut) return -kEPIPE;
  if (!other) {
    if (!to) {  // the connected peer closed: refused once, then not connected
      s->peer_died = false;
      s->state = Socket::State::kUnconnected;
      return -kECONNREFUSED;
    }
    long err = 0;
    if (!(other = find_bound(*to, to_len, s->type, &err))) return err;
  }
  if (other->peer && other->peer != s) return -kEPERM;  // connected to someone else
  if (other->recv_shut) return -kEPIPE;
  return enqueue(other, s, src, 0, n);
}

// Receives at most `n` bytes into `dst`; `from` gets the sender's name, `truncated` whether a
// datagram was longer than `n`.
long sock_recv(File* f, Socket* s, const RecvDest& dst, u64 n, u32 flags, SockMsg* from,
               bool* truncated) {
  const bool stream = s->type == kSockStream;
  if (flags & kMsgOob) return -kEOPNOTSUPP;
  if (stream && s->state != Socket::State::kConnected) return -kEINVAL;
  if (s->type == kSockSeqpacket && s->state != Socket::State::kConnected) return -kENOTCONN;
  u64 got = 0;
  for (;;) {
    SockMsg* m = s->rx_head;
    if (!m) {
      if (got && !(flags & kMsgWaitall)) break;
      if (s->recv_shut) break;
      if (nonblocking(f, flags)) {
        if (got) break;
        return -kEAGAIN;
      }
      if (wait_event(s, [s] { return s->rx_head || s->recv_shut; }) < 0) {
        return got ? static_cast<long>(got) : -kERESTARTSYS;
      }
      continue;
    }
    if (from && !got) {
      from->from_len = m->from_len;
      memcpy(from->from, m->from, m->from_len);
    }
    if (!stream) {  // one datagram, the rest of it dropped unless peeking
      const u64 chunk = min(n, m->len);
      if (chunk && !dst.put(0, m->data, chunk)) return -kEFAULT;
      *truncated = m->len > n;
      const long r = static_cast<long>((flags & kMsgTrunc) ? m->len : chunk);
      if (!(flags & kMsgPeek)) {
        s->rx_head = m->next;
        if (!s->rx_head) s->rx_tail = nullptr;
        s->rx_bytes -= m->len;
        kfree(m->data);
        kdelete(m);
        changed(s);
      }
      return r;
    }
    // A stream reads across queued pieces; peeking reads without taking.
    SockMsg* cur = m;
    u64 skip = 0;
    while (cur && got < n) {
      const u64 avail = cur->len - cur->off - skip;
      const u64 chunk = min(n - got, avail);
      if (chunk && !dst.put(got, cur->data + cur->off + skip, chunk)) {
        return got ? static_cast<long>(got) : -kEFAULT;
      }
      got += chunk;
      if (flags & kMsgPeek) {
        cur = cur->next;
        skip = 0;
        continue;
      }
      cur->off += chunk;
      s->rx_bytes -= chunk;
      if (cur->off == cur->len) {
        s->rx_head = cur->next;
        if (!s->rx_head) s->rx_tail = nullptr;
        kfree(cur->data);
        kdelete(cur);
        cur = s->rx_head;
      }
    }
    if (!(flags & kMsgPeek)) changed(s);
    if (got >= n || (flags & kMsgPeek) || !(flags & kMsgWaitall)) break;
  }
  return static_cast<long>(got);
}

long sock_send(File* f, Socket* s, const WriteSource& src, u64 n, u32 flags, const SockAddr* to,
               u64 to_len) {
  if (s->type == kSockStream) {
    if (to) return s->state == Socket::State::kConnected ? -kEISCONN : -kEOPNOTSUPP;
    return stream_send(f, s, src, n, flags);
  }
  if (s->type == kSockSeqpacket) {
    if (s->state != Socket::State::kConnected) return -kENOTCONN;
    // A closed peer left this end shut down (Linux keeps pointing at the dead peer, so the
    // send gets as far as the shutdown check).
    if (n <= kDgramMax && s->send_shut) return -kEPIPE;
    to = nullptr;  // a seqpacket socket ignores the address
  }
  return dgram_send(s, src, n, flags, to, to_len);
}

// Binds `s` to the name in `a` (unix_bind): autobind for a bare family, a file-system node, or
// an abstract name.
long bind_name(Socket* s, const SockAddr& a, u64 len) {
  if (len == 2 && a.family == kAfUnix) {
    if (s->name_len) return 0;  // unix_autobind: already named is fine
    for (;;) {
      char name[6] = {0};
      ksnprintf(name + 1, 6, "%05x", g_autobind_order++ & 0xfffff);
      bool used = false;
      for (Socket* o = g_sockets; o && !used; o = o->next_all) {
        used = o->type == s->type && abstract_named(o, name, 6);
      }
      if (used) continue;
      memcpy(s->name, name, 6);
      s->name_len = 6;
      return 0;
    }
  }
  if (long r = validate_addr(a, len); r < 0) return r;
  if (a.path[0]) {
    char path[kSunPathMax + 1] = {};
    memcpy(path, a.path, min<u64>(len - 2, kSunPathMax));
    const u32 path_len = static_cast<u32>(kstrlen(path));
    Inode* parent;
    const char* last;
    if (long r = path_parent(current()->fs->cwd, path, &parent, &last); r < 0) return r;
    if (dir_find(parent, last, kstrlen(last))) return -kEADDRINUSE;
    if (s->name_len) return -kEINVAL;
    Inode* in = inode_new(kSIfsock | (0777 & ~current()->fs->umask));
    if (!in) return -kENOMEM;
    if (long r = dir_add(parent, last, in); r < 0) return r;
    in->bound_socket = s;
    s->node = in;
    memcpy(s->name, path, path_len + 1);  // the name is the path and its NUL (unix_bind_bsd)
    s->name_len = path_len + 1;
    return 0;
  }
  if (s->name_len) return -kEINVAL;
  const u32 name_len = static_cast<u32>(len - 2);
  for (Socket* o = g_sockets; o; o = o->next_all) {
    if (o->type == s->type && abstract_named(o, a.path, name_len)) return -kEADDRINUSE;
  }
  memcpy(s->name, a.path, name_len);
  s->name_len = name_len;
  return 0;
}

long stream_connect(File* f, Socket* s, const SockAddr& a, u64 len) {
  if (long r = validate_addr(a, len); r < 0) return r;
  if (s->state == Socket::State::kConnected) return -kEISCONN;
  if (s->state == Socket::State::kListening) return -kEINVAL;
  long err = 0;
  Socket* listener = find_bound(a, len, s->type, &err);
  if (!listener) return err;
  for (;;) {
    if (!alive(listener) || listener->state != Socket::State::kListening) return -kECONNREFUSED;
    if (listener->pending <= listener->backlog) break;
    if (f->flags & kONonblock) return -kEAGAIN;
    Socket* l = listener;
    const auto room = [l] {
      return !alive(l) || l->state != Socket::State::kListening || l->pending <= l->backlog;
    };
    if (wait_event(l, room) < 0) return -kERESTARTSYS;
  }
  Socket* embryo = socket_new(s->type);
  if (!embryo) return -kENOMEM;
  embryo->state = Socket::State::kConnected;
  embryo->peer = s;
  embryo->accepted_end = true;
  embryo->name_len = listener->name_len;  // the accepted end is named as its listener
  memcpy(embryo->name, listener->name, listener->name_len);
  s->peer = embryo;
  s->state = Socket::State::kConnected;
  if (listener->pending_tail) {
    listener->pending_tail->pending_next = embryo;
  } else {
    listener->pending_head = embryo;
  }
  listener->pending_tail = embryo;
  listener->pending++;
  wake_all(listener);
  return 0;
}
}  // namespace

long socket_read(File* f, u64 uva, u64 n) {
  bool truncated = false;
  return sock_recv(f, f->sock, RecvDest{uva}, n, 0, nullptr, &truncated);
}

long socket_write(File* f, const WriteSource& src, u64 n) {
  return sock_send(f, f->sock, src, n, 0, nullptr, 0);
}

void socket_release(File* f) {
  if (f->sock) socket_free(f->sock);
  f->sock = nullptr;
}

u32 socket_poll_mask(File* f) {
  Socket* s = f->sock;
  u32 mask = 0;
  if (s->send_shut && s->recv_shut) mask |= kPollHup;
  if (s->recv_shut) mask |= kPollRdhup | kPollIn | kPollRdnorm;
  if (s->rx_head || (s->state == Socket::State::kListening && s->pending)) {
    mask |= kPollIn | kPollRdnorm;
  }
  const bool connection = s->type != kSockDgram;
  if (connection && s->state == Socket::State::kUnconnected) mask |= kPollHup;
  const bool writable = s->state != Socket::State::kListening &&
                        (!s->peer || s->peer->rx_bytes < kSockBuf || s->type != kSockStream);
  if (writable) mask |= kPollOut | kPollWrnorm | kPollWrband;
  return mask;
}

const void* socket_wait_channel(File* f) { return f->sock; }

void socket_fd_target(File* f, char* buf, size_t cap) {
  ksnprintf(buf, cap, "socket:[%lu]", f->sock->ino);
}

SYSCALL_DEFINE(socket) {
  int type;
  if (long r = check_create(a0, a1, a2, &type); r < 0) return r;
  Socket* s = socket_new(type);
  if (!s) return -kENOMEM;
  long fd = install(s, static_cast<u32>(a1));
  if (fd < 0) socket_free(s);
  return fd;
}

// __sys_socketpair's order: the flags, then two fds reserved and written to user memory, then
// the family, type and protocol (so a bad family still writes the fds it would have used).
SYSCALL_DEFINE(socketpair) {
  const u32 flags = static_cast<u32>(a1) & ~0xfu;
  if (flags & ~(kSockNonblock | kSockCloexec)) return -kEINVAL;
  Files* fs = current()->files;
  i32 fds[2] = {-1, -1};
  for (int fd = 0, n = 0; fd < kMaxFds && n < 2; fd++) {
    if (!fs->fd[fd]) fds[n++] = fd;
  }
  if (fds[1] < 0) return -kEMFILE;
  if (!copy_to_user(a3, fds, sizeof fds)) return -kEFAULT;
  int type;
  if (long r = check_create(a0, a1, a2, &type); r < 0) return r;
  Socket* s0 = socket_new(type);
  Socket* s1 = socket_new(type);
  if (!s0 || !s1) {
    if (s0) socket_free(s0);
    if (s1) socket_free(s1);
    return -kENOMEM;
  }
  s0->peer = s1;
  s1->peer = s0;
  s0->state = s1->state = Socket::State::kConnected;
  // The lowest free fds are the ones reserved above: nothing ran in between.
  const long fd0 = install(s0, static_cast<u32>(a1));
  if (fd0 < 0) {
    socket_free(s0);
    socket_free(s1);
    return fd0;
  }
  if (const long fd1 = install(s1, static_cast<u32>(a1)); fd1 < 0) {
    socket_free(s1);
    File* f0 = fs->fd[fd0];
    fs->fd[fd0] = nullptr;
    file_put(f0);
    return fd1;
  }
  return 0;
}

SYSCALL_DEFINE(bind) {
  SockAddr a;
  if (long r = read_addr(a1, a2, &a); r < 0) return r;
  long err = 0;
  Socket* s = sock_of(static_cast<int>(a0), &err);
  return s ? bind_name(s, a, a2) : err;
}

SYSCALL_DEFINE(listen) {
  long err = 0;
  Socket* s = sock_of(static_cast<int>(a0), &err);
  if (!s) return err;
  if (s->type == kSockDgram) return -kEOPNOTSUPP;
  if (!s->name_len) return -kEINVAL;  // no listening on an unbound socket
  if (s->state == Socket::State::kConnected) return -kEINVAL;
  const i32 backlog = static_cast<i32>(a1);
  s->backlog = backlog < 0 || backlog > kSomaxconn ? kSomaxconn : backlog;
  s->state = Socket::State::kListening;
  wake_all(s);  // connects waiting for room may go on
  return 0;
}

SYSCALL_DEFINE(accept4) {
  if (a3 & ~u64{kSockNonblock | kSockCloexec}) return -kEINVAL;
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  if (f->kind != FileKind::kSocket) return -kENOTSOCK;
  Socket* s = f->sock;
  if (s->type == kSockDgram) return -kEOPNOTSUPP;
  if (s->state != Socket::State::kListening) return -kEINVAL;
  while (!s->pending_head) {
    if (f->flags & kONonblock) return -kEAGAIN;
    if (wait_event(s, [s] { return s->pending_head || s->state != Socket::State::kListening; }) <
        0) {
      return -kERESTARTSYS;
    }
    if (s->state != Socket::State::kListening) return -kEINVAL;
  }
  Socket* e = s->pending_head;
  s->pending_head = e->pending_next;
  if (!s->pending_head) s->pending_tail = nullptr;
  e->pending_next = nullptr;
  s->pending--;
  wake_all(s);
  long fd = install(e, static_cast<u32>(a3));
  if (fd < 0) {
    socket_free(e);
    return fd;
  }
  const long r = e->peer ? write_addr(a1, a2, e->peer->name, e->peer->name_len)
                         : write_addr(a1, a2, nullptr, 0);
  if (r < 0) {  // Linux drops the new connection with its fd (out_fd)
    Files* fs = current()->files;
    File* nf = fs->fd[fd];
    fs->fd[fd] = nullptr;
    file_put(nf);
    return r;
  }
  return fd;
}

SYSCALL_DEFINE(accept) { return sys_accept4(a0, a1, a2, 0, 0, 0); }

SYSCALL_DEFINE(connect) {
  SockAddr a;
  if (long r = read_addr(a1, a2, &a); r < 0) return r;
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  if (f->kind != FileKind::kSocket) return -kENOTSOCK;
  Socket* s = f->sock;
  if (s->type != kSockDgram) return stream_connect(f, s, a, a2);
  if (a2 >= 2 && a.family == 0) {  // AF_UNSPEC: dissolve the association
    s->peer = nullptr;
    s->state = Socket::State::kUnconnected;
    return 0;
  }
  if (long r = validate_addr(a, a2); r < 0) return r;
  long err = 0;
  Socket* other = find_bound(a, a2, s->type, &err);
  if (!other) return err;
  s->peer = other;
  s->peer_died = false;
  s->state = Socket::State::kConnected;
  return 0;
}

SYSCALL_DEFINE(getsockname) {
  long err = 0;
  Socket* s = sock_of(static_cast<int>(a0), &err);
  return s ? write_addr(a1, a2, s->name, s->name_len) : err;
}

SYSCALL_DEFINE(getpeername) {
  long err = 0;
  Socket* s = sock_of(static_cast<int>(a0), &err);
  if (!s) return err;
  if (!s->peer) return -kENOTCONN;
  return write_addr(a1, a2, s->peer->name, s->peer->name_len);
}

SYSCALL_DEFINE(sendto) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  if (f->kind != FileKind::kSocket) return -kENOTSOCK;
  SockAddr to;
  const bool has_to = a4 && a5;
  if (has_to) {
    if (long r = read_addr(a4, a5, &to); r < 0) return r;
  }
  if (a2 && !user_range_ok(a1, a2)) return -kEFAULT;
  return sock_send(f, f->sock, WriteSource{a1}, a2, static_cast<u32>(a3), has_to ? &to : nullptr,
                   a5);
}

SYSCALL_DEFINE(recvfrom) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  if (f->kind != FileKind::kSocket) return -kENOTSOCK;
  SockMsg from;
  bool truncated = false;
  if (a2 && !user_range_ok(a1, a2)) return -kEFAULT;
  long r = sock_recv(f, f->sock, RecvDest{a1}, a2, static_cast<u32>(a3), &from, &truncated);
  if (r < 0 || !a4) return r;
  // An unbound sender gives an empty address: recvfrom's length comes back 0.
  if (from.from_len == 0) {
    i32 room;
    if (!copy_from_user(&room, a5, 4)) return -kEFAULT;
    if (room < 0) return -kEINVAL;
    const u32 zero = 0;
    return copy_to_user(a5, &zero, 4) ? r : -kEFAULT;
  }
  if (long w = write_addr(a4, a5, from.from, from.from_len); w < 0) return w;
  return r;
}

// struct msghdr on riscv64.
struct UserMsghdr {
  u64 name;
  u32 namelen, pad0;
  u64 iov, iovlen, control, controllen;
  u32 flags, pad1;
};
struct UserIovec {
  u64 base, len;
};

// A msghdr's vector read from user memory once, into a kernel array (*out, kfree'd by the
// caller): sendmsg gathers from and recvmsg scatters into the entries it read, never a second
// reading of them. With check_ranges, an entry with a negative length or outside user memory
// is EFAULT (sendmsg's import of the vector).
long read_iovec(const UserMsghdr& h, bool check_ranges, UserIovec** out, u64* total) {
  *out = nullptr;
  *total = 0;
  if (!h.iovlen) return 0;
  auto* iov = static_cast<UserIovec*>(kmalloc(h.iovlen * sizeof(UserIovec)));
  if (!iov) return -kENOMEM;
  if (!copy_from_user(iov, h.iov, h.iovlen * sizeof(UserIovec))) {
    kfree(iov);
    return -kEFAULT;
  }
  for (u64 i = 0; i < h.iovlen; i++) {
    const UserIovec& v = iov[i];
    if (check_ranges && (static_cast<i64>(v.len) < 0 || (v.len && !user_range_ok(v.base, v.len)))) {
      kfree(iov);
      return -kEFAULT;
    }
    *total += v.len;
  }
  *out = iov;
  return 0;
}

SYSCALL_DEFINE(sendmsg) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  if (f->kind != FileKind::kSocket) return -kENOTSOCK;
  UserMsghdr h;
  if (!copy_from_user(&h, a1, sizeof h)) return -kEFAULT;
  if (h.iovlen > 1024) return -kEMSGSIZE;
  if (h.controllen) return -kEOPNOTSUPP;  // no SCM_RIGHTS or credentials passed here
  SockAddr to;
  if (h.namelen) {
    if (long r = read_addr(h.name, h.namelen, &to); r < 0) return r;
  }
  // Gathered into one kernel buffer: a datagram is one message whatever its vector.
  UserIovec* iov;
  u64 total;
  if (long r = read_iovec(h, true, &iov, &total); r < 0) return r;
  u8* buf = nullptr;
  long r = 0;
  if (total > kDgramMax + 1 && f->sock->type != kSockStream) {
    r = -kEMSGSIZE;
  } else if (total && !(buf = static_cast<u8*>(kmalloc(total)))) {
    r = -kENOMEM;
  }
  for (u64 i = 0, at = 0; r == 0 && i < h.iovlen; at += iov[i++].len) {
    if (iov[i].len && !copy_from_user(buf + at, iov[i].base, iov[i].len)) r = -kEFAULT;
  }
  if (r == 0) {
    r = sock_send(f, f->sock, WriteSource{0, buf}, total, static_cast<u32>(a2),
                  h.namelen ? &to : nullptr, h.namelen);
  }
  kfree(buf);
  kfree(iov);
  return r;
}

SYSCALL_DEFINE(recvmsg) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  if (f->kind != FileKind::kSocket) return -kENOTSOCK;
  UserMsghdr h;
  if (!copy_from_user(&h, a1, sizeof h)) return -kEFAULT;
  if (h.iovlen > 1024) return -kEMSGSIZE;
  UserIovec* iov;
  u64 total;
  if (long r = read_iovec(h, false, &iov, &total); r < 0) return r;
  u8* buf = total ? static_cast<u8*>(kmalloc(total)) : nullptr;
  if (total && !buf) {
    kfree(iov);
    return -kENOMEM;
  }
  // Received into a kernel buffer, then scattered over the vector.
  SockMsg from;
  bool truncated = false;
  long r = sock_recv(f, f->sock, RecvDest{0, buf}, total, static_cast<u32>(a2), &from, &truncated);
  if (r >= 0) {
    u64 copied = min<u64>(static_cast<u64>(r), total), at = 0;
    for (u64 i = 0; i < h.iovlen && at < copied && r >= 0; i++) {
      const u64 chunk = min(iov[i].len, copied - at);
      if (chunk && !copy_to_user(iov[i].base, buf + at, chunk)) r = -kEFAULT;
      at += chunk;
    }
  }
  if (r >= 0) {  // the name and the header only once the data reached the vector
    UserMsghdr out = h;
    out.namelen = 0;
    if (h.name && from.from_len) {
      u8 addr[2 + sizeof(Socket::name)] = {kAfUnix, 0};
      memcpy(addr + 2, from.from, from.from_len);
      const u32 full = 2 + from.from_len;
      if (!copy_to_user(h.name, addr, min(full, h.namelen))) r = -kEFAULT;
      out.namelen = full;
    }
    out.controllen = 0;
    out.flags = truncated ? kMsgTrunc : 0;
    if (r >= 0 && !copy_to_user(a1, &out, sizeof out)) r = -kEFAULT;
  }
  kfree(buf);
  kfree(iov);
  return r;
}

SYSCALL_DEFINE(shutdown) {
  long err = 0;
  Socket* s = sock_of(static_cast<int>(a0), &err);
  if (!s) return err;
  if (a1 > 2) return -kEINVAL;
  const bool rd = a1 == 0 || a1 == 2, wr = a1 == 1 || a1 == 2;
  s->recv_shut |= rd;
  s->send_shut |= wr;
  if (s->peer && s->type != kSockDgram) {  // the other end's halves, as unix_shutdown does
    s->peer->send_shut |= rd;
    s->peer->recv_shut |= wr;
  }
  changed(s);
  return 0;
}

SYSCALL_DEFINE(getsockopt) {
  long err = 0;
  Socket* s = sock_of(static_cast<int>(a0), &err);
  if (!s) return err;
  constexpr u64 kSolSocket = 1;
  if (a1 != kSolSocket) return -kEOPNOTSUPP;
  i32 len;
  if (!copy_from_user(&len, a4, 4)) return -kEFAULT;
  if (len < 0) return -kEINVAL;
  if (a2 == 17) {  // SO_PEERCRED: the other end's process, root's ids
    const i32 cred[3] = {s->peer ? s->peer->owner_pid : 0, 0, 0};
    const u32 n = min<u32>(static_cast<u32>(len), sizeof cred);
    if (!copy_to_user(a3, cred, n)) return -kEFAULT;
    return copy_to_user(a4, &n, 4) ? 0 : -kEFAULT;
  }
  i32 v;
  switch (a2) {
    case 3:  // SO_TYPE
      v = s->type;
      break;
    case 4:  // SO_ERROR
      v = 0;
      break;
    case 7:  // SO_SNDBUF
    case 8:  // SO_RCVBUF
      v = static_cast<i32>(kSockBuf);
      break;
    case 30:  // SO_ACCEPTCONN
      v = s->state == Socket::State::kListening;
      break;
    case 38:  // SO_PROTOCOL
      v = 0;
      break;
    case 39:  // SO_DOMAIN
      v = kAfUnix;
      break;
    case 16:  // SO_PASSCRED
    case 2:   // SO_REUSEADDR
    case 9:   // SO_KEEPALIVE
      v = 0;
      break;
    default:
      return -kENOPROTOOPT;
  }
  const u32 n = min<u32>(static_cast<u32>(len), 4);
  if (!copy_to_user(a3, &v, n)) return -kEFAULT;
  return copy_to_user(a4, &n, 4) ? 0 : -kEFAULT;
}

SYSCALL_DEFINE(setsockopt) {
  long err = 0;
  Socket* s = sock_of(static_cast<int>(a0), &err);
  if (!s) return err;
  if (a1 != 1) return -kEOPNOTSUPP;
  if (static_cast<i32>(a4) < 4) return -kEINVAL;
  switch (a2) {
    case 2:      // SO_REUSEADDR
    case 7:      // SO_SNDBUF
    case 8:      // SO_RCVBUF
    case 9:      // SO_KEEPALIVE
    case 16:     // SO_PASSCRED
    case 20:     // SO_RCVTIMEO_OLD
    case 21:     // SO_SNDTIMEO_OLD
      return 0;  // accepted; the buffers keep their size and no timeouts apply
    default:
      return -kENOPROTOOPT;
  }
}

}  // namespace starlet
