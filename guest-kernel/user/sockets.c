/* sockets: AF_UNIX stream, datagram and seqpacket sockets as Linux 6.1 answers them, as TAP:
 * socketpair, names in the file system and the abstract namespace, listen/accept4/connect,
 * send/recv with their flags, sendmsg/recvmsg, shutdown, socket options, poll. Built for the
 * host too; the comparing tests expect the same lines from starlet, the host kernel and
 * riscv64 Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

static char dir[64];

/* "name: revents" of one poll with no wait, the bits printed so that a difference shows. */
static void poll_expect(const char* name, int fd, short events, short want) {
  struct pollfd p = {.fd = fd, .events = events};
  poll(&p, 1, 0);
  char line[160];
  snprintf(line, sizeof line, "%s: revents %#x", name, p.revents);
  tap_ok(p.revents == want, line);
}

static socklen_t path_addr(struct sockaddr_un* a, const char* leaf) {
  memset(a, 0, sizeof *a);
  a->sun_family = AF_UNIX;
  snprintf(a->sun_path, sizeof a->sun_path, "%s/%s", dir, leaf);
  return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(a->sun_path) + 1);
}

static socklen_t abstract_addr(struct sockaddr_un* a, const char* name) {
  memset(a, 0, sizeof *a);
  a->sun_family = AF_UNIX;
  size_t n = strlen(name);
  memcpy(a->sun_path + 1, name, n);
  return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

static void create_cases(void) {
  TAP_CHECK("socket of family 46 (past AF_MAX)", socket(46, SOCK_STREAM, 0), EAFNOSUPPORT);
  TAP_CHECK("socket with unknown type flags", socket(AF_UNIX, SOCK_STREAM | 0x100, 0), EINVAL);
  TAP_CHECK("socket of type 0", socket(AF_UNIX, 0, 0), ESOCKTNOSUPPORT);
  TAP_CHECK("socket of type 11 (SOCK_MAX)", socket(AF_UNIX, 11, 0), EINVAL);
  TAP_CHECK("socket of type SOCK_RDM", socket(AF_UNIX, SOCK_RDM, 0), ESOCKTNOSUPPORT);
  TAP_CHECK("socket with protocol 7", socket(AF_UNIX, SOCK_STREAM, 7), EPROTONOSUPPORT);
  int raw = socket(AF_UNIX, SOCK_RAW, 0);
  int type = 0;
  socklen_t len = sizeof type;
  getsockopt(raw, SOL_SOCKET, SO_TYPE, &type, &len);
  tap_ok(raw >= 0 && type == SOCK_DGRAM, "SOCK_RAW makes a datagram socket");
  close(raw);
  int s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  tap_ok(s >= 0 && (fcntl(s, F_GETFD) & FD_CLOEXEC) && (fcntl(s, F_GETFL) & O_NONBLOCK),
         "SOCK_NONBLOCK | SOCK_CLOEXEC");
  struct stat st;
  fstat(s, &st);
  tap_ok(S_ISSOCK(st.st_mode), "fstat: S_IFSOCK");
  char fdpath[64], link[64] = {0};
  snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", s);
  readlink(fdpath, link, sizeof link - 1);
  tap_ok(strncmp(link, "socket:[", 8) == 0, "/proc/self/fd/N: socket:[ino]");
  poll_expect("an unconnected stream socket", s, POLLIN | POLLOUT, POLLOUT | POLLHUP);
  char c;
  TAP_CHECK("read from an unconnected stream socket", read(s, &c, 1), EINVAL);
  TAP_CHECK("write to an unconnected stream socket", send(s, "x", 1, MSG_NOSIGNAL), ENOTCONN);
  TAP_CHECK("getpeername unconnected", getpeername(s, NULL, NULL), ENOTCONN);
  TAP_CHECK("listen on an unbound socket", listen(s, 1), EINVAL);
  TAP_CHECK("accept on a socket not listening", accept(s, NULL, NULL), EINVAL);
  TAP_CHECK("shutdown unconnected", shutdown(s, SHUT_RDWR), 0);
  int pipefd[2];
  pipe(pipefd);
  TAP_CHECK("send on a pipe", send(pipefd[1], "x", 1, 0), ENOTSOCK);
  TAP_CHECK("getsockopt on a bad fd", getsockopt(999, SOL_SOCKET, SO_TYPE, &type, &len), EBADF);
  close(pipefd[0]);
  close(pipefd[1]);
  TAP_CHECK("getsockopt of an unknown option", getsockopt(s, SOL_SOCKET, 9999, &type, &len), ENOPROTOOPT);
  TAP_CHECK("getsockopt at another level", getsockopt(s, 6, 1, &type, &len), EOPNOTSUPP);
  int domain = 0;
  len = sizeof domain;
  getsockopt(s, SOL_SOCKET, SO_DOMAIN, &domain, &len);
  tap_ok(domain == AF_UNIX && len == sizeof domain, "SO_DOMAIN: AF_UNIX");
  int one = 1;
  TAP_CHECK("setsockopt SO_PASSCRED", setsockopt(s, SOL_SOCKET, SO_PASSCRED, &one, sizeof one), 0);
  TAP_CHECK("setsockopt with a short value", setsockopt(s, SOL_SOCKET, SO_PASSCRED, &one, 2), EINVAL);
  close(s);
}

static void pair_cases(void) {
  int sv[2];
  TAP_CHECK("socketpair AF_UNIX stream", socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  int bad[2] = {-5, -5};
  TAP_CHECK("socketpair of another family", socketpair(46, SOCK_STREAM, 0, bad), EAFNOSUPPORT);
  tap_ok(bad[0] >= 0 && bad[1] == bad[0] + 1, "socketpair writes the fds it reserved before it checks the family");
  TAP_CHECK("socketpair with unknown type flags", socketpair(AF_UNIX, SOCK_STREAM | 0x100, 0, bad), EINVAL);
  TAP_CHECK("socketpair into a bad pointer", syscall(SYS_socketpair, 46, SOCK_STREAM, 0, (int*)8), EFAULT);
  poll_expect("a fresh pair: writable", sv[0], POLLIN | POLLOUT, POLLOUT);
  tap_ok(write(sv[0], "hello", 5) == 5, "stream: write 5");
  tap_ok(write(sv[0], " world", 6) == 6, "stream: write 6 more");
  poll_expect("data waiting: readable", sv[1], POLLIN | POLLOUT, POLLIN | POLLOUT);
  char buf[32] = {0};
  tap_ok(recv(sv[1], buf, 3, MSG_PEEK) == 3 && memcmp(buf, "hel", 3) == 0, "MSG_PEEK: 3 bytes, kept");
  memset(buf, 0, sizeof buf);
  tap_ok(read(sv[1], buf, sizeof buf) == 11 && strcmp(buf, "hello world") == 0,
         "stream: one read takes both writes");
  TAP_CHECK("MSG_DONTWAIT with nothing queued", recv(sv[1], buf, 1, MSG_DONTWAIT), EAGAIN);
  struct sockaddr_un from;
  socklen_t from_len = sizeof from;
  write(sv[0], "a", 1);
  recvfrom(sv[1], buf, 1, 0, (struct sockaddr*)&from, &from_len);
  tap_ok(from_len == 0, "recvfrom on a pair: an empty address");
  socklen_t name_len = sizeof from;
  getsockname(sv[0], (struct sockaddr*)&from, &name_len);
  tap_ok(name_len == sizeof(sa_family_t) && from.sun_family == AF_UNIX, "getsockname unbound: the family only");
  struct ucred cred;
  socklen_t cred_len = sizeof cred;
  getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cred, &cred_len);
  tap_ok(cred.pid == getpid() && cred_len == sizeof cred, "SO_PEERCRED: our own pid");

  TAP_CHECK("shutdown with a bad how", shutdown(sv[0], 3), EINVAL);
  TAP_CHECK("shutdown SHUT_WR", shutdown(sv[0], SHUT_WR), 0);
  TAP_CHECK("the other end reads end of file", read(sv[1], buf, 1), 0);
  poll_expect("the other end after SHUT_WR", sv[1], POLLIN | POLLOUT | POLLRDHUP, POLLIN | POLLOUT | POLLRDHUP);
  TAP_CHECK("write after SHUT_WR", send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
  tap_ok(write(sv[1], "back", 4) == 4, "the other direction still works");
  tap_ok(read(sv[0], buf, 4) == 4, "and is read");
  close(sv[1]);
  poll_expect("the peer closed", sv[0], POLLIN | POLLOUT, POLLIN | POLLOUT | POLLHUP);
  TAP_CHECK("read after the peer closed", read(sv[0], buf, 1), 0);
  signal(SIGPIPE, SIG_IGN);
  TAP_CHECK("write after the peer closed", write(sv[0], "x", 1), EPIPE);
  signal(SIGPIPE, SIG_DFL);
  close(sv[0]);

  TAP_CHECK("socketpair datagram", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
  send(sv[0], "one", 3, 0);
  send(sv[0], "", 0, 0);
  send(sv[0], "three!", 6, 0);
  memset(buf, 0, sizeof buf);
  tap_ok(recv(sv[1], buf, sizeof buf, 0) == 3 && strcmp(buf, "one") == 0, "datagrams keep their boundaries");
  TAP_CHECK("a zero-length datagram", recv(sv[1], buf, sizeof buf, 0), 0);
  long r = recv(sv[1], buf, 2, MSG_TRUNC);
  tap_ok(r == 6, "MSG_TRUNC: the datagram's full length");
  send(sv[0], "12345", 5, 0);
  struct iovec iov[2] = {{buf, 2}, {buf + 8, 2}};
  struct msghdr m = {.msg_iov = iov, .msg_iovlen = 2};
  r = recvmsg(sv[1], &m, 0);
  tap_ok(r == 4 && memcmp(buf, "12", 2) == 0 && memcmp(buf + 8, "34", 2) == 0 && (m.msg_flags & MSG_TRUNC),
         "recvmsg scatters a datagram and flags the truncation");
  struct iovec out[3] = {{"ab", 2}, {"cd", 2}, {"e", 1}};
  struct msghdr sm = {.msg_iov = out, .msg_iovlen = 3};
  tap_ok(sendmsg(sv[0], &sm, 0) == 5, "sendmsg gathers three pieces");
  memset(buf, 0, sizeof buf);
  tap_ok(recv(sv[1], buf, sizeof buf, 0) == 5 && strcmp(buf, "abcde") == 0, "into one datagram");
  close(sv[1]);
  TAP_CHECK("send to a closed datagram peer", send(sv[0], "x", 1, 0), ECONNREFUSED);
  TAP_CHECK("and again", send(sv[0], "x", 1, 0), ENOTCONN);
  close(sv[0]);

  TAP_CHECK("socketpair seqpacket", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
  send(sv[0], "abc", 3, 0);
  send(sv[0], "de", 2, 0);
  tap_ok(recv(sv[1], buf, sizeof buf, 0) == 3, "seqpacket: one record");
  tap_ok(recv(sv[1], buf, 1, 0) == 1, "seqpacket: a short read takes the record");
  TAP_CHECK("and the rest is gone", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
  close(sv[0]);
  TAP_CHECK("seqpacket after the peer closed", recv(sv[1], buf, sizeof buf, 0), 0);
  TAP_CHECK("seqpacket send after the peer closed", send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE);
  close(sv[1]);
}

static void named_cases(void) {
  struct sockaddr_un a, b, got;
  socklen_t alen = path_addr(&a, "srv");
  int srv = socket(AF_UNIX, SOCK_STREAM, 0);
  TAP_CHECK("bind with a short length", bind(srv, (struct sockaddr*)&a, 1), EINVAL);
  TAP_CHECK("bind with a length past sockaddr_un", bind(srv, (struct sockaddr*)&a, sizeof a + 1), EINVAL);
  a.sun_family = AF_INET;
  TAP_CHECK("bind with another family", bind(srv, (struct sockaddr*)&a, alen), EINVAL);
  a.sun_family = AF_UNIX;
  TAP_CHECK("bind to a path", bind(srv, (struct sockaddr*)&a, alen), 0);
  struct stat st;
  stat(a.sun_path, &st);
  tap_ok(S_ISSOCK(st.st_mode), "the path is a socket's node");
  socklen_t glen = sizeof got;
  getsockname(srv, (struct sockaddr*)&got, &glen);
  tap_ok(glen == alen && strcmp(got.sun_path, a.sun_path) == 0, "getsockname: the path, its NUL counted");
  glen = 4;
  getsockname(srv, (struct sockaddr*)&got, &glen);
  tap_ok(glen == alen, "getsockname into a short buffer: the full length back");
  TAP_CHECK("bind again", bind(srv, (struct sockaddr*)&b, path_addr(&b, "other")), EINVAL);
  int other = socket(AF_UNIX, SOCK_STREAM, 0);
  TAP_CHECK("bind a second socket to the same path", bind(other, (struct sockaddr*)&a, alen), EADDRINUSE);
  close(other);
  int cli = socket(AF_UNIX, SOCK_STREAM, 0);
  TAP_CHECK("connect before listen", connect(cli, (struct sockaddr*)&a, alen), ECONNREFUSED);
  TAP_CHECK("listen", listen(srv, 4), 0);
  poll_expect("a listener with nothing pending", srv, POLLIN | POLLOUT, 0);
  TAP_CHECK("accept4 with unknown flags", accept4(srv, NULL, NULL, 0x1), EINVAL);
  int flags = fcntl(srv, F_GETFL);
  fcntl(srv, F_SETFL, flags | O_NONBLOCK);
  TAP_CHECK("accept with nothing pending, non-blocking", accept(srv, NULL, NULL), EAGAIN);
  fcntl(srv, F_SETFL, flags);
  TAP_CHECK("connect to a missing path", connect(cli, (struct sockaddr*)&b, path_addr(&b, "missing")), ENOENT);
  int file = open(b.sun_path, O_CREAT | O_WRONLY, 0600);
  close(file);
  TAP_CHECK("connect to a regular file", connect(cli, (struct sockaddr*)&b, path_addr(&b, "missing")), ECONNREFUSED);
  unlink(b.sun_path);
  TAP_CHECK("connect", connect(cli, (struct sockaddr*)&a, alen), 0);
  TAP_CHECK("connect again", connect(cli, (struct sockaddr*)&a, alen), EISCONN);
  tap_ok(write(cli, "early", 5) == 5, "the client writes before accept");
  poll_expect("a listener with a connection pending", srv, POLLIN, POLLIN);
  glen = sizeof got;
  int conn = accept4(srv, (struct sockaddr*)&got, &glen, SOCK_CLOEXEC);
  tap_ok(conn >= 0 && glen == sizeof(sa_family_t) && (fcntl(conn, F_GETFD) & FD_CLOEXEC),
         "accept4: the unbound client's address is the family only");
  char buf[16] = {0};
  tap_ok(read(conn, buf, sizeof buf) == 5 && strcmp(buf, "early") == 0, "the accepted end reads it");
  glen = sizeof got;
  getpeername(cli, (struct sockaddr*)&got, &glen);
  tap_ok(glen == alen && strcmp(got.sun_path, a.sun_path) == 0, "the client's peer is named as the listener");
  glen = sizeof got;
  getsockname(conn, (struct sockaddr*)&got, &glen);
  tap_ok(glen == alen, "the accepted end is named as the listener");
  int one = -1;
  socklen_t olen = sizeof one;
  getsockopt(srv, SOL_SOCKET, SO_ACCEPTCONN, &one, &olen);
  tap_ok(one == 1, "SO_ACCEPTCONN on the listener");
  close(conn);
  close(cli);

  /* A blocking accept meets a child's connect. */
  pid_t child = fork();
  if (child == 0) {
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    usleep(20000);
    connect(c, (struct sockaddr*)&a, alen);
    write(c, "kid", 3);
    close(c);
    _exit(0);
  }
  conn = accept(srv, NULL, NULL);
  memset(buf, 0, sizeof buf);
  tap_ok(conn >= 0 && read(conn, buf, sizeof buf) == 3 && strcmp(buf, "kid") == 0 && read(conn, buf, 1) == 0,
         "a blocking accept meets a child's connect: data, then end of file");
  waitpid(child, NULL, 0);
  close(conn);
  close(srv);
  TAP_CHECK("connect after the listener closed", connect(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr*)&a, alen),
        ECONNREFUSED);
  unlink(a.sun_path);

  /* Abstract names and datagrams between named sockets. */
  struct sockaddr_un x, y;
  socklen_t xlen = abstract_addr(&x, "starlet-sockets-x"), ylen = abstract_addr(&y, "starlet-sockets-y");
  int dx = socket(AF_UNIX, SOCK_DGRAM, 0), dy = socket(AF_UNIX, SOCK_DGRAM, 0);
  TAP_CHECK("bind an abstract name", bind(dx, (struct sockaddr*)&x, xlen), 0);
  TAP_CHECK("bind the same abstract name", bind(dy, (struct sockaddr*)&x, xlen), EADDRINUSE);
  TAP_CHECK("bind another", bind(dy, (struct sockaddr*)&y, ylen), 0);
  tap_ok(sendto(dy, "ping", 4, 0, (struct sockaddr*)&x, xlen) == 4, "sendto an abstract name");
  struct sockaddr_un from;
  socklen_t flen = sizeof from;
  memset(buf, 0, sizeof buf);
  long r = recvfrom(dx, buf, sizeof buf, 0, (struct sockaddr*)&from, &flen);
  tap_ok(r == 4 && flen == ylen && from.sun_path[0] == 0 && memcmp(from.sun_path, y.sun_path, ylen - 2) == 0,
         "recvfrom: the sender's abstract name");
  TAP_CHECK("sendto a name nobody has", sendto(dy, "x", 1, 0, (struct sockaddr*)&b, abstract_addr(&b, "nobody")),
        ECONNREFUSED);
  int st_sock = socket(AF_UNIX, SOCK_STREAM, 0);
  /* Abstract names are per type (a stream socket finds none); a path is not, so EPROTOTYPE. */
  TAP_CHECK("connect a stream socket to a datagram's abstract name", connect(st_sock, (struct sockaddr*)&x, xlen),
        ECONNREFUSED);
  int same_name = socket(AF_UNIX, SOCK_STREAM, 0);
  TAP_CHECK("a stream socket binds a datagram socket's abstract name", bind(same_name, (struct sockaddr*)&x, xlen), 0);
  close(same_name);
  int dpath = socket(AF_UNIX, SOCK_DGRAM, 0);
  socklen_t plen = path_addr(&b, "dgram");
  bind(dpath, (struct sockaddr*)&b, plen);
  TAP_CHECK("connect a stream socket to a datagram's path", connect(st_sock, (struct sockaddr*)&b, plen), EPROTOTYPE);
  close(dpath);
  unlink(b.sun_path);
  close(st_sock);
  TAP_CHECK("send on an unconnected datagram socket", send(dx, "x", 1, 0), ENOTCONN);
  TAP_CHECK("connect a datagram socket", connect(dx, (struct sockaddr*)&y, ylen), 0);
  tap_ok(send(dx, "pong", 4, 0) == 4, "then send");
  tap_ok(recv(dy, buf, sizeof buf, 0) == 4, "the named peer gets it");
  TAP_CHECK("listen on a datagram socket", listen(dx, 1), EOPNOTSUPP);
  TAP_CHECK("accept on a datagram socket", accept(dx, NULL, NULL), EOPNOTSUPP);
  int dz = socket(AF_UNIX, SOCK_DGRAM, 0);
  TAP_CHECK("sendto a socket connected elsewhere", sendto(dz, "x", 1, 0, (struct sockaddr*)&x, xlen), EPERM);
  close(dz);
  struct sockaddr unspec = {.sa_family = AF_UNSPEC};
  TAP_CHECK("connect AF_UNSPEC dissolves the association", connect(dx, &unspec, sizeof unspec), 0);
  TAP_CHECK("send after AF_UNSPEC", send(dx, "x", 1, 0), ENOTCONN);
  /* A path filling all 108 bytes of sun_path, no NUL: Linux appends one, the name is 109. */
  struct sockaddr_un full = {.sun_family = AF_UNIX};
  int prefix = snprintf(full.sun_path, sizeof full.sun_path, "%s/", dir);
  memset(full.sun_path + prefix, 'f', sizeof full.sun_path - prefix);
  int full_sock = socket(AF_UNIX, SOCK_STREAM, 0);
  TAP_CHECK("bind a 108-byte path without its NUL", bind(full_sock, (struct sockaddr*)&full, sizeof full), 0);
  struct {
    struct sockaddr_un a;
    char spare[8];
  } big;
  glen = sizeof big;
  getsockname(full_sock, (struct sockaddr*)&big, &glen);
  tap_ok(glen == sizeof full + 1 && memcmp(big.a.sun_path, full.sun_path, sizeof full.sun_path) == 0,
         "its name: 111 bytes with the NUL");
  close(full_sock);
  char full_path[sizeof full.sun_path + 1] = {0};
  memcpy(full_path, full.sun_path, sizeof full.sun_path);
  unlink(full_path);
  int auto_sock = socket(AF_UNIX, SOCK_DGRAM, 0);
  struct sockaddr_un fam = {.sun_family = AF_UNIX};
  TAP_CHECK("bind with the family only: autobind", bind(auto_sock, (struct sockaddr*)&fam, sizeof(sa_family_t)), 0);
  glen = sizeof got;
  getsockname(auto_sock, (struct sockaddr*)&got, &glen);
  tap_ok(glen == sizeof(sa_family_t) + 6 && got.sun_path[0] == 0, "autobind: an abstract name of 5 hex digits");
  close(auto_sock);
  close(dx);
  close(dy);
}

int main(void) {
  snprintf(dir, sizeof dir, "/tmp/sockets.%d", getpid());
  mkdir(dir, 0700);
  create_cases();
  pair_cases();
  named_cases();
  rmdir(dir);
  return tap_done();
}
