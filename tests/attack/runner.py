# Runs one attack (an rvscope command line over generated inputs) and classifies its outcome.
"""The shared machinery of every attack kind.

An Attack is a command line plus what a correct refusal must name. run_attacks() runs them
(two at a time by default) each in its own empty working directory, with a wall-clock timeout,
and classify() turns what happened into one of three verdicts: refused (exit 120 with an
"rvscope: error:" line naming what the attack says it must), ran (the guest ended, the
instruction limit, a "stuck" report), or failed (everything else a hostile input must never
cause). Reproducers of failures are copied out of the temporary directory before it goes.
"""

import dataclasses
import os
import time
import re
import shlex
import shutil
import signal
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

REFUSED, RAN, FAILED = "refused", "ran", "failed"
WORKDIR_NAME = re.compile(r"^[a-z]+-\d{5}$")

# Exit status of rvscope for bad input (README "Exit status").
EXIT_BAD_INPUT = 120
# Lines that mean the host, not the guest, went wrong, whatever the exit status says.
HOST_FAILURE_PATTERNS = [
    ("ERROR: AddressSanitizer", "AddressSanitizer report"),
    ("ERROR: LeakSanitizer", "LeakSanitizer report"),
    ("runtime error:", "UndefinedBehaviorSanitizer report"),
    ("terminate called", "uncaught C++ exception (terminate called)"),
    ("uncaught exception", "uncaught exception"),
    ("Segmentation fault", "segmentation fault"),
    ("Assertion `", "failed assertion"),
    ("basic_filebuf", "a raw library error leaked to the user"),
]
# What a sanitizer needs to report everything and stop at the first problem.
SANITIZER_ENV = {
    "ASAN_OPTIONS": "detect_leaks=1:abort_on_error=0:halt_on_error=1:allocator_may_return_null=1",
    "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1",
}


class HarnessError(Exception):
    """The harness itself cannot go on (no binary, no guest programs): not an attack result."""


@dataclasses.dataclass
class Attack:
    """One hostile run of rvscope."""

    kind: str
    name: str
    args: list  # after the rvscope binary
    # A refusal must mention at least one string of each inner list (e.g. [[file], [key]]).
    must_name: list = dataclasses.field(default_factory=list)
    # Regular expressions a refusal must match as well (a file:line, say).
    must_match: list = dataclasses.field(default_factory=list)
    # True: any outcome but a clear refusal is a failure (the input is invalid).
    must_refuse: bool = False
    # Input files the attack uses; they must be byte-for-byte the same afterwards.
    inputs: list = dataclasses.field(default_factory=list)
    # The basename rvscope's --guest puts into a /tmp initramfs (its leak is a failure).
    guest_name: str = ""
    timeout: float = 0.0  # 0: the context's default


@dataclasses.dataclass
class Result:
    attack: Attack
    verdict: str
    reason: str
    returncode: object = None
    stderr_tail: str = ""
    reproducer: str = ""


class Context:
    """What every kind needs: the binaries, the scratch directory, the limits."""

    def __init__(self, rvscope, build, scratch, out, jobs, timeout, quick, seed):
        self.rvscope = os.path.abspath(rvscope)
        self.build = os.path.abspath(build)
        self.scratch = scratch
        self.out = out
        self.jobs = jobs
        self.timeout = timeout
        self.quick = quick
        self.seed = seed
        self.env = dict(os.environ, **SANITIZER_ENV)
        self._counter = 0
        self._lock = threading.Lock()

    def inputs_dir(self, kind):
        path = os.path.join(self.scratch, "inputs", kind)
        os.makedirs(path, exist_ok=True)
        return path

    def new_workdir(self, kind):
        with self._lock:
            self._counter += 1
            n = self._counter
        path = os.path.join(self.scratch, "work", f"{kind}-{n:05d}")
        os.makedirs(path)
        return path

    def watched_dirs(self, kind):
        """Directories no run may add anything to: the scratch root, the work root (beside its
        own directory), this kind's inputs. (Not /tmp: compilers and other users write there.)"""
        return [self.scratch, os.path.join(self.scratch, "work"), self.inputs_dir(kind)]

    def starlet_args(self):
        """--guest needs starlet and its initramfs; name them so any rvscope binary works."""
        gk = os.path.join(self.build, "guest-kernel")
        return ["--kernel", os.path.join(gk, "starlet.elf"),
                "--initrd", os.path.join(gk, "initramfs.cpio")]


CLI11_TRAILER = "Run with --help for more information."


def error_lines(stderr):
    """The refusal's lines: 'rvscope: error: ...', or the line CLI11 prints for a command line
    it cannot parse (exit 120 as well, but without the prefix)."""
    lines = stderr.splitlines()
    errors = [line for line in lines if line.startswith("rvscope: error: ")]
    if not errors and len(lines) >= 2 and lines[-1] == CLI11_TRAILER:
        errors = [lines[-2]]
    return errors


def host_failure(text):
    for needle, what in HOST_FAILURE_PATTERNS:
        if needle in text:
            return what
    return ""


def check_refusal(attack, stderr):
    """'' if the refusal says what it must, else what is missing."""
    errors = error_lines(stderr)
    if not errors:
        return "exit 120 without an 'rvscope: error:' line"
    text = "\n".join(errors)
    for alternatives in attack.must_name:
        if not any(a in text for a in alternatives):
            return f"the error names none of {alternatives}: {errors[-1]}"
    for pattern in attack.must_match:
        if not re.search(pattern, text):
            return f"the error does not match /{pattern}/: {errors[-1]}"
    return ""


def classify(attack, returncode, timed_out, stderr, timeout):
    """The verdict and its reason for one finished run."""
    if timed_out:
        return FAILED, f"hang: still running after {timeout:g} s"
    failure = host_failure(stderr)
    if failure:
        return FAILED, failure
    if returncode < 0:
        return FAILED, f"killed by signal {signal.Signals(-returncode).name}"
    if returncode == EXIT_BAD_INPUT:
        missing = check_refusal(attack, stderr)
        return (FAILED, f"unclear refusal: {missing}") if missing else (REFUSED, "")
    if attack.must_refuse:
        return FAILED, f"accepted (exit {returncode}) but must be refused"
    return RAN, f"exit {returncode}"


def snapshot(paths):
    state = {}
    for path in paths:
        try:
            st = os.stat(path)
            state[path] = (st.st_size, st.st_mtime_ns)
        except OSError:
            state[path] = None
    return state


def leaked_initramfs(guest_name, before):
    """The /tmp initramfs files of this run (they hold bin/NAME) that are still there."""
    if not guest_name:
        return []
    leaked = []
    # cpio names end with a NUL: without it, 'bin/a=0x1000' would match a concurrent run's
    # 'bin/a=0x10000000'.
    marker = ("bin/" + guest_name).encode() + b"\0"
    for entry in os.listdir("/tmp"):
        path = os.path.join("/tmp", entry)
        if not entry.startswith("rvscope-initramfs-") or path in before:
            continue
        try:
            with open(path, "rb") as f:
                if marker in f.read():
                    leaked.append(path)
        except OSError:
            pass
    return leaked


def tmp_initramfs():
    return {os.path.join("/tmp", e) for e in os.listdir("/tmp")
            if e.startswith("rvscope-initramfs-")}


def outside_changes(ctx, workdir, listing_before):
    """Entries created in the scratch root or the work tree outside this run's directory."""
    changed = []
    work_root = os.path.dirname(workdir)
    for root in listing_before:
        for entry in sorted(set(os.listdir(root)) - listing_before.get(root, set())):
            path = os.path.join(root, entry)
            if root == work_root and WORKDIR_NAME.match(entry):
                continue  # another run's working directory (perhaps already removed)
            changed.append(path)
    return changed


def run_one(ctx, attack):
    workdir = ctx.new_workdir(attack.kind)
    timeout = attack.timeout or ctx.timeout
    before_inputs = snapshot(attack.inputs)
    before_tmp = tmp_initramfs() if attack.guest_name else set()
    roots = {r: set(os.listdir(r)) for r in ctx.watched_dirs(attack.kind)}
    argv = [ctx.rvscope] + attack.args
    with open(os.path.join(workdir, "stdout"), "wb") as out, \
            open(os.path.join(workdir, "stderr"), "wb") as err:
        try:
            proc = subprocess.Popen(argv, cwd=workdir, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=err, env=ctx.env, start_new_session=True)
        except OSError as e:
            raise HarnessError(f"cannot start {ctx.rvscope}: {e}") from e
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    with open(os.path.join(workdir, "stderr"), "rb") as f:
        stderr = f.read().decode("utf-8", "replace")
    verdict, reason = classify(attack, proc.returncode, timed_out, stderr, timeout)
    if verdict != FAILED:
        if snapshot(attack.inputs) != before_inputs:
            verdict, reason = FAILED, "an input file was modified"
        leaked = leaked_initramfs(attack.guest_name, before_tmp)
        if leaked:
            # Another rvscope on the host (a test suite beside this run) may own a file of the
            # same guest name for a moment: only what is still there a little later is a leak.
            time.sleep(2)
            leaked = [path for path in leaked if os.path.exists(path)]
        if leaked:
            verdict, reason = FAILED, f"left {leaked[0]} behind"
            for path in leaked:
                try:
                    os.unlink(path)
                except FileNotFoundError:
                    pass
        outside = [p for p in outside_changes(ctx, workdir, roots) if p not in before_inputs]
        if outside:
            verdict, reason = FAILED, f"created {outside[0]} outside its working directory"
    result = Result(attack, verdict, reason, proc.returncode, tail(stderr))
    if verdict == FAILED:
        result.reproducer = save_reproducer(ctx, attack, workdir, stderr, reason)
    shutil.rmtree(workdir, ignore_errors=True)
    return result


def tail(text, lines=6):
    return "\n".join(text.rstrip().splitlines()[-lines:])


def save_reproducer(ctx, attack, workdir, stderr, reason):
    """Copies the inputs and writes run.sh (the exact command) and reason.txt (the verdict's
    reason) under OUT/KIND-NAME/."""
    dest = os.path.join(ctx.out, f"{attack.kind}-{attack.name}")
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    args = []
    copied = {}
    for path in attack.inputs:
        if os.path.isfile(path):
            copied[path] = os.path.join(dest, os.path.basename(path))
            shutil.copyfile(path, copied[path])
    for arg in attack.args:
        for original, copy in copied.items():
            arg = arg.replace(original, copy)
        args.append(arg)
    with open(os.path.join(dest, "run.sh"), "w") as f:
        f.write("#!/bin/sh\n# attack %s/%s: run from an empty directory\n" %
                (attack.kind, attack.name))
        f.write(" ".join(shlex.quote(a) for a in [ctx.rvscope] + args) + "\n")
    os.chmod(os.path.join(dest, "run.sh"), 0o755)
    with open(os.path.join(dest, "reason.txt"), "w") as f:
        f.write(reason + "\n")
    with open(os.path.join(dest, "stderr.txt"), "w") as f:
        f.write(stderr[-20000:])
    return dest


def run_attacks(ctx, attacks, progress=None):
    """Runs every attack, ctx.jobs at a time; results in the attacks' order."""
    with ThreadPoolExecutor(max_workers=ctx.jobs) as pool:
        results = list(pool.map(lambda a: run_one(ctx, a), attacks))
    if progress:
        progress(results)
    return results
