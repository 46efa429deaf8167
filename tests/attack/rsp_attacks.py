# The rsp kind: hostile gdb remote-protocol traffic against `rvscope run --gdb PORT PROGRAM`.
"""Hand-written attacks (bad checksums, garbage, huge packets, hostile m/M/X/G/P/Z/vCont/qXfer/
qRcmd arguments, interrupt storms, a second client, disconnects, detach and re-attach, kill)
and seeded random packets built from the protocol's commands with hostile arguments. After
each one the stub must still answer `?` with a stop reply; a guest that ends because a packet
rewrote it is fine (the server is started again), a host that dies, reports a sanitizer error
or stops answering is a failure. The target is guests/spin.S on two harts, started halted.
"""

import os
import random
import socket
import subprocess
import time

import guest_attacks
from runner import (FAILED, RAN, REFUSED, WORKDIR_NAME, Attack, HarnessError, Result,
                    host_failure, save_reproducer, snapshot)

# What the kind needs in the build tree.
NEEDS = []

REPLY_TIMEOUT = 10.0
RESUMING = ("c", "s", "C", "S", "vCont;c", "vCont;s", "bc", "bs", "vCont;C", "vCont;S")


def frame(payload):
    data = payload if isinstance(payload, bytes) else payload.encode("latin-1")
    return b"$" + data + b"#" + b"%02x" % (sum(data) & 0xFF)


def hexs(text):
    return text.encode().hex()


class Client:
    """One gdb connection: framing, acks, replies (console 'O' packets skipped)."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=REPLY_TIMEOUT)
        # An ack and the next packet are two small writes: without this, Nagle's algorithm
        # holds the second for the peer's delayed ACK (40 ms a packet).
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        self.acks = True

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send_raw(self, data):
        self.sock.sendall(data)

    def send(self, payload):
        self.sock.sendall(frame(payload))

    def _fill(self, deadline):
        self.sock.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the stub closed the connection")
        self.buf += chunk

    def recv(self, timeout=REPLY_TIMEOUT):
        """The next packet's payload (acks dropped), or None on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            self.buf = self.buf.lstrip(b"+-")
            start = self.buf.find(b"$")
            end = self.buf.find(b"#", start)
            if start >= 0 and end >= 0 and len(self.buf) >= end + 3:
                payload = self.buf[start + 1:end]
                self.buf = self.buf[end + 3:]
                if self.acks:
                    self.sock.sendall(b"+")
                return payload
            if time.monotonic() >= deadline:
                return None
            try:
                self._fill(deadline)
            except socket.timeout:
                return None

    def recv_stop(self, timeout=REPLY_TIMEOUT):
        """The next reply that is not console output ('O' packets, as qRcmd sends)."""
        deadline = time.monotonic() + timeout
        while True:
            reply = self.recv(max(0.01, deadline - time.monotonic()))
            if reply is None or not (reply.startswith(b"O") and reply != b"OK"):
                return reply

    def request(self, payload, timeout=REPLY_TIMEOUT):
        self.send(payload)
        return self.recv_stop(timeout)


class Session:
    """The rvscope under attack and the attached client; restarted when the guest ends."""

    def __init__(self, ctx, program):
        self.ctx = ctx
        self.program = program
        self.proc = None
        self.client = None
        self.transcript = []
        self.starts = 0

    def args(self, port):
        return ["run", self.program, "--set", "machine.harts=2", "--max-insns", "100000000000",
                "--gdb", f"127.0.0.1:{port}", "--gdb-wait"]

    def start(self):
        self.stop()
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.workdir = self.ctx.new_workdir("rsp")
        self.stderr_path = os.path.join(self.workdir, "stderr")
        self.proc = subprocess.Popen([self.ctx.rvscope] + self.args(self.port), cwd=self.workdir,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=open(self.stderr_path, "wb"), env=self.ctx.env)
        self.transcript = []
        self.starts += 1
        deadline = time.monotonic() + 30
        while True:
            try:
                self.client = Client(self.port)
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise HarnessError("rvscope --gdb never listened: " + self.stderr())
                time.sleep(0.05)

    def stderr(self):
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self):
        if self.client:
            self.client.close()
            self.client = None
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def reconnect(self):
        """A new connection, as gdb makes after a detach: the stub may take a moment to see
        the old one gone (until then it refuses the new one, as it should)."""
        self.client.close()
        for _ in range(50):
            time.sleep(0.05)
            self.client = Client(self.port)
            reply = self.client.request("?", 2.0)
            if reply is None or not reply.startswith(b"E.rvscope: another debugger"):
                return
            self.client.close()
        raise ConnectionError("the stub keeps refusing a new client after the old one left")

    def send(self, payload):
        self.transcript.append(payload if isinstance(payload, bytes) else payload.encode("latin-1"))
        self.client.send(payload)

    def send_raw(self, data):
        self.transcript.append(b"RAW " + data.hex().encode())
        self.client.send_raw(data)

    def interrupt(self):
        self.client.send_raw(b"\x03")
        self.client.recv_stop()
        while self.client.recv(0.05) is not None:
            pass

    def check(self, name):
        """After an attack: the stub answers '?' (interrupting the guest if it runs), or the
        process ended cleanly. Returns (verdict, reason). A late answer to an earlier packet
        may come first; it is skipped."""
        try:
            self.client.send("?")
            reply = self.client.recv_stop(1.0)
            if reply is None:  # perhaps running: stop it, drop the late answers, ask again
                self.interrupt()
                self.client.send("?")
            others = []
            deadline = time.monotonic() + REPLY_TIMEOUT
            while True:
                if reply is not None and reply[:1] in (b"S", b"T"):
                    return RAN, ""
                if reply is not None and reply[:1] in (b"W", b"X"):
                    return self._ended(name)
                if reply is not None:
                    others.append(reply)
                if time.monotonic() >= deadline:
                    break
                reply = self.client.recv_stop(max(0.01, deadline - time.monotonic()))
            if self.proc.poll() is None:
                return FAILED, (f"hang: no stop reply to '?' within {REPLY_TIMEOUT:g} s"
                                + (f" (it answered {others[-1][:60]!r})" if others else ""))
            return self._ended(name)
        except (ConnectionError, OSError):
            return self._ended(name)

    def _ended(self, name):
        try:
            code = self.proc.wait(timeout=REPLY_TIMEOUT)
        except subprocess.TimeoutExpired:
            return FAILED, "closed the connection but did not end"
        failure = host_failure(self.stderr())
        if failure or code < 0:
            return FAILED, failure or f"killed by signal {-code}"
        return RAN, f"the guest ended (exit {code})"

    def result(self, name, verdict, reason):
        attack = Attack("rsp", name, self.args(self.port))
        result = Result(attack, verdict, reason, self.proc.poll() if self.proc else None)
        if verdict == FAILED:
            result.reproducer = save_reproducer(self.ctx, attack, self.workdir, self.stderr(),
                                                reason)
            with open(os.path.join(result.reproducer, "packets.txt"), "wb") as f:
                f.write(b"# payloads sent since rvscope started, in order ($..#xx framing and "
                        b"checksums are added by the sender; RAW lines are hex bytes)\n")
                f.write(b"\n".join(self.transcript) + b"\n")
            self.start()
        elif self.proc.poll() is not None:
            self.start()
        return result


def mem_args(rng):
    addr = rng.choice([0, 0x1000, 0x80000000, 0x10000000, 0x2000000, (1 << 64) - 1,
                       (1 << 64) - 0x1000, rng.getrandbits(64), rng.getrandbits(40)])
    length = rng.choice([0, 1, 4, 0x4000, 0xFFFFFFFF, (1 << 64) - 1, rng.getrandbits(16)])
    return addr, length


def hostile_hex(rng):
    return rng.choice(["", "zz", "0x10", "-1", "ffffffffffffffffffff", "1" * 40,
                       "%x" % rng.getrandbits(64), "%x" % rng.getrandbits(8), " 5", "g"])


def random_packet(rng):
    """One payload from the protocol's commands with hostile arguments."""
    a, n = mem_args(rng)
    pick = rng.randrange(24)
    if pick == 0:
        return f"m{a:x},{n:x}"
    if pick == 1:
        return f"m{hostile_hex(rng)},{hostile_hex(rng)}"
    if pick == 2:
        data = "".join(rng.choice("0123456789abcdefxz") for _ in range(rng.randrange(0, 40)))
        return f"M{a:x},{rng.randrange(0, 20):x}:{data}"
    if pick == 3:
        body = bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 24)))
        return b"X%x,%x:" % (a, rng.randrange(0, 30)) + body.replace(b"#", b"}\x03").replace(
            b"$", b"}\x04")
    if pick == 4:
        return "G" + "".join(rng.choice("0123456789abcdef") for _ in range(rng.randrange(0, 600)))
    if pick == 5:
        return f"P{rng.choice([0, 1, 32, 33, 65, 833, 4161, 0xFFFF, rng.getrandbits(32)]):x}=" \
            + hostile_hex(rng)
    if pick == 6:
        return f"p{rng.choice([0, 32, 65, 68, 833, 4161, 4162, 0xFFFFFFFF, rng.getrandbits(16)]):x}"
    if pick in (7, 8):
        op = rng.choice("Zz")
        return f"{op}{rng.randrange(0, 6)},{a:x},{rng.choice([0, 1, 2, 4, 8, n]):x}"
    if pick == 9:
        action = rng.choice(["c", "s", "t", "x", "C05", "S09", "r0,1", "c:1", "s:2", "c:ffff",
                             "s:-1", "c:0", ""])
        return "vCont" + (";" + action if action != "" else ";") + \
            rng.choice(["", ";c", ";s:1", ";c:2"])
    if pick == 10:
        return rng.choice(["vCont?", "vMustReplyEmpty", "vFile:open:2f6574632f706173737764,0,0",
                           "vAttach;1", "vRun;", "vStopped", "vCtrlC"])
    if pick == 11:
        annex = rng.choice(["target.xml", "nosuch.xml", "../../../etc/passwd", "", "a" * 300])
        obj = rng.choice(["features", "threads", "libraries", "memory-map", "auxv", "exec-file"])
        return f"qXfer:{obj}:read:{annex}:{a:x},{n:x}"
    if pick == 12:
        words = rng.choice(["help", "stats", "phys on", "phys off", "phys maybe", "stop-at-syscall "
                            + rng.choice(["clone3", "off", "any", "99999", "nosuch"]),
                            "strace " + rng.choice(["on", "off", "nonsense"]), "trace off",
                            "trace", "nosuch", "", "\x00\xff"])
        return "qRcmd," + words.encode("latin-1").hex()
    if pick == 13:
        return "qRcmd," + rng.choice(["zz", "1", "f" * 9, ""])
    if pick == 14:
        return "H" + rng.choice("gcm") + rng.choice(["-1", "0", "1", "2", "3", "ffffffff", "p1.1",
                                                     "zz", ""])
    if pick == 15:
        return "T" + rng.choice(["0", "1", "2", "5", "-1", "ffffffffffffffff", "zz"])
    if pick == 16:
        return rng.choice(["qSupported:" + ";".join(["x+"] * rng.randrange(0, 300)),
                           "qfThreadInfo", "qsThreadInfo", "qC", "qAttached", "qOffsets",
                           "qSymbol::", "qTStatus", "qThreadExtraInfo,1", "qThreadExtraInfo,zz",
                           "qGetTLSAddr:1,0,0", "qCRC:80000000,ffffffffffff", "qSearch:memory:0,"
                           "ffffffff,00"])
    if pick == 17:
        return rng.choice(["c", "s", "c%x" % a, "s%x" % a, "C05", "S05;%x" % a, "bc", "bs"])
    if pick == 18:
        return "".join(chr(rng.randrange(32, 127)) for _ in range(rng.randrange(1, 80))).replace(
            "#", "").replace("$", "")
    if pick == 19:
        return bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 80))).replace(
            b"#", b"").replace(b"$", b"")
    if pick == 20:
        return f"g{hostile_hex(rng)}" if rng.random() < 0.5 else "g"
    if pick == 21:
        return "m%x,%x*%s" % (a, n, chr(rng.randrange(29, 126)))  # run-length in a request
    if pick == 22:
        return "Q" + rng.choice(["NonStop:1", "PassSignals:", "ThreadEvents:1", "Agent:1",
                                 "DisableRandomization:1", "ProgramSignals:zz"])
    return rng.choice(["!", "?", "A", "R00", "i", "I", "t", "_", "bc", "vKil"])


def hand_attacks():
    """(name, function(session) that does the attack) for every hand-written attack."""
    def payloads(*items):
        def go(s):
            for p in items:
                s.send(p)
                s.client.recv_stop(1.0)
        return go

    def raw(data):
        def go(s):
            s.send_raw(data)
            s.client.recv(1.0)
        return go

    def second_client(s):
        other = Client(s.port)
        other.send("?")
        reply = other.recv(5.0)
        other.close()
        if reply is None or not reply.startswith(b"E"):
            raise AssertionError(f"a second client got {reply!r}, not a refusal")

    def disconnect_mid_packet(s):
        s.send_raw(b"$m80000000,")
        s.reconnect()

    def detach_reattach(s):
        s.send("D")
        s.client.recv(2.0)
        time.sleep(0.2)
        s.reconnect()

    def storm_running(s):
        s.send("c")
        for _ in range(300):
            s.send_raw(b"\x03")
        s.client.recv_stop()

    def no_ack(s):
        s.send("QStartNoAckMode")
        s.client.recv(2.0)
        s.client.acks = False
        s.send_raw(b"$g#00")
        s.client.recv(1.0)

    def monitor_paths(s):
        """monitor trace/strace never write where a path in the command says."""
        watched = [os.path.dirname(s.workdir), os.path.dirname(os.path.dirname(s.workdir))]
        before = {d: set(os.listdir(d)) for d in watched}
        passwd = snapshot(["/etc/passwd", "/tmp/rvscope-attack-escape"])
        payloads(*["qRcmd," + hexs(m) for m in monitor_paths_tried])(s)
        for d in watched:
            new = [e for e in set(os.listdir(d)) - before[d] if not WORKDIR_NAME.match(e)]
            if new:
                raise AssertionError(f"a monitor command created {os.path.join(d, new[0])}")
        if snapshot(["/etc/passwd", "/tmp/rvscope-attack-escape"]) != passwd:
            raise AssertionError("a monitor command wrote /etc/passwd or /tmp")

    big = "m" + "8" * 100000
    monitor_paths_tried = ["trace /etc/passwd", "strace ../escape.txt",
                           "trace all /tmp/rvscope-attack-escape",
                           "trace syscall:clone3,../../outside", "strace /dev/full"]
    return [
        ("bad-checksum", raw(b"$g#00")),
        ("unframed-garbage", raw(bytes(range(1, 256)).replace(b"$", b"").replace(b"\x03", b""))),
        ("huge-packet", raw(frame(big))),
        ("unterminated-huge", raw(b"$" + b"a" * 70000)),
        ("m-overflow", payloads("mffffffffffffffff,ffffffffffffffff", "m0,ffffffffffff",
                                "mfffffffffffff000,2000", "m1000,4000")),
        ("M-bad-hex", payloads("M80000000,10:zz", "M80000000,ffffffff:00", "Mffffffffffffffff,8:"
                               "0011223344556677", "M10000000,1:41")),
        ("X-escapes", payloads(b"X80001000,4:}\x03}", b"X80001000,ffffffffffffffff:}}",
                               b"Xfffffffffffffffe,4:abcd")),
        ("G-sizes", payloads("G", "G0", "G" + "0" * 10000, "G" + "zz" * 264)),
        ("P-hostile", payloads("Pffffffff=00", "P20=zz", "P20=00f0ffffffffffff", "P1041=07",
                               "P1041=0100000000000000")),
        ("step-at-top-page", payloads("P20=00f0ffffffffffff", "s")),
        ("Z-hostile", payloads("Z0,ffffffffffffffff,4", "Z2,fffffffffffffff0,ffffffffffffffff",
                               "Z9,0,0", "z0,1234,4", "Z4,0,0", "Z1,zz,2")),
        ("vCont-hostile", payloads("vCont;x", "vCont;c:ffffffff", "vCont;s:0", "vCont;",
                                   "vCont;s:1;s:2;c")),
        ("qXfer-hostile", payloads("qXfer:features:read:target.xml:ffffffffffffffff,ffffffffffff",
                                   "qXfer:features:read:../../etc/passwd:0,100",
                                   "qXfer:nosuch:read::0,10",
                                   "qXfer:features:read:target.xml:0,0")),
        ("qRcmd-hostile", payloads("qRcmd,zz", "qRcmd,1", "qRcmd," + hexs("x" * 5000),
                                   "qRcmd," + hexs("stop-at-syscall 99999999999999999999"))),
        ("monitor-paths", monitor_paths),
        ("interrupt-storm-stopped", raw(b"\x03" * 1000)),
        ("interrupt-storm-running", storm_running),
        ("hostile-threads", payloads("Hg-5", "Hgffffffffffffffff", "Hc0", "Tffff", "Hg2", "g",
                                     "Hg1")),
        ("run-length-request", payloads("m80000000,4*!", "g*~")),
        ("qSupported-huge", payloads("qSupported:" + ";".join(["multiprocess+"] * 2000))),
        ("reverse-with-no-history", payloads("bc", "bs", "bs")),
        ("second-client", second_client),
        ("disconnect-mid-packet", disconnect_mid_packet),
        ("detach-reattach", detach_reattach),
        ("no-ack-bad-checksum", no_ack),
    ]


def run(ctx):
    program = guest_attacks.build(ctx, "spin", "spin.S", {})
    session = Session(ctx, program)
    results = []
    try:
        session.start()
        for name, attack in hand_attacks():
            try:
                attack(session)
                verdict, reason = session.check(name)
            except (AssertionError, ConnectionError, OSError) as e:
                verdict, reason = FAILED, str(e)
                if not isinstance(e, AssertionError):
                    verdict, reason = session.check(name)
            results.append(session.result(name, verdict, reason))
        # kill ends the run cleanly
        session.send("k")
        try:
            code = session.proc.wait(timeout=REPLY_TIMEOUT)
            failure = host_failure(session.stderr())
            verdict, reason = (FAILED, failure or f"exit {code}") if failure or code < 0 else \
                (RAN, f"exit {code}")
        except subprocess.TimeoutExpired:
            verdict, reason = FAILED, "k did not end the run"
        results.append(session.result("kill", verdict, reason))  # starts a new rvscope
        rng = random.Random(ctx.seed)
        count = 3000 if ctx.quick else 21200
        for n in range(count):
            payload = random_packet(rng)
            name = f"random{n:05d}"
            try:
                session.send(payload)
                head = payload[:8] if isinstance(payload, bytes) else payload[:8].encode("latin-1")
                resumes = head.startswith(tuple(r.encode() for r in RESUMING))
                reply = session.client.recv_stop(0.1 if resumes else 1.0)
                if reply is None and resumes:
                    session.interrupt()
                if head.startswith(b"D"):  # detached: gdb would hang up and come back
                    session.reconnect()
                first = reply[:1] if reply else b""
                verdict, reason = session.check(name)
                if verdict == RAN and first == b"E":
                    verdict = REFUSED
            except (ConnectionError, OSError):
                verdict, reason = session.check(name)
            results.append(session.result(name, verdict, reason))
    finally:
        session.stop()
    hand = len(hand_attacks()) + 1
    return results, f"({hand} hand-written, {len(results) - hand} random; {session.starts} starts)"
