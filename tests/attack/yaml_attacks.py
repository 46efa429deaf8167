# The yaml kind: bad machine configs through --config FILE and the same values through --set.
"""Keys of configs/default.yaml with wrong types and out-of-range values, unknown keys at every
level, and broken YAML (tabs, unterminated quotes, several documents, alias bombs, deep
nesting, binary garbage, an empty file). A refusal must name the file and line and, for a bad
value, the key; a --set refusal must name the key.
"""

import os
import random
import re

from runner import Attack

# What the kind needs in the build tree.
NEEDS = ["tests/isa/rv64i.elf"]

# (dotted key, bad values as YAML text). Each value is wrong for that key by type or range.
BAD_VALUES = [
    ("machine.harts", ["abc", "0", "9", "-1", "1.5", "[1, 2]", "{a: 1}",
                       "99999999999999999999999", "0x", "true"]),
    ("machine.ram_size", ["0", "1KiB", "17GiB", "1MB", "-1", "4097", "1.3KiB",
                          "99999999999TiB", "lots"]),
    ("machine.ram_base", ["0x1000", "-0x80000000"]),
    ("machine.core_hz", ["0", "fast", "1.5Hz", "-1GHz", "99999999999999999999GHz"]),
    ("machine.timebase_hz", ["0", "2GHz", "10MB"]),
    ("machine.real_time", ["maybe", "2"]),
    ("machine.isa", ["[rv64]", "{x: y}"]),
    ("devices.virtio", ['"blk"', '["blk,file=/nonexistent/disk.img"]', '["bogus"]',
                        '["blk,file=FILE,mode=sideways"]', "[" + ", ".join(['"rng"'] * 9) + "]",
                        "[{a: b}]"]),
    ("devices.rng_seed", ["-1", "x", "0x10000000000000000"]),
    ("devices.rtc_epoch", ["-5", "soon"]),
    ("boot.mode", ["sideways", "1", "[direct]"]),
    ("boot.kernel_addr", ["0x80200001", "0", "0xffffffffffffffff", "0x1_0000_0000_0000_0000"]),
    ("console.input", ["keyboard", "[stdin]"]),
    ("run.max_insns", ["-1", "lots", "0x10000000000000000", "1e9"]),
    ("run.quantum", ["0", "-1", "x"]),
    ("trace.strace", ["yes please", "[true]"]),
    ("trace.strace_filter", ["{a: b}", "[[clone3]]"]),
    ("trace", ["{strace: true, strace_filter: [nosuchsyscall]}",
               "{strace: true, strace_filter: [-1]}"]),
    ("trace.windows", ['["pc:zz"]', '["insn:5-2"]', '["symbol:"]', '[""]', '["nosuch:1"]',
                       '["pc:0x10-0xffffffffffffffffff"]']),
    ("trace.format", ["xml", "[spike]"]),
    ("gdb.port", ["-1", "70000", "x"]),
    ("gdb.host", ["nosuch.invalid", "999.1.1.1", '"[::1"', "example.com"]),
    ("gdb.history_insns", ["-1", "x"]),
    ("timing.enabled", ["3", "sometimes"]),
    ("timing.core.issue_width", ["0", "9", "x"]),
    ("timing.predictor.kind", ["oracle"]),
    ("timing.predictor.table_entries", ["0", "1000"]),
    ("timing.memory.l1i", ["{size: 3KiB}", "{ways: 0}", "{line: 3}", "big"]),
    ("timing.memory.coherence.protocol", ["moesi"]),
]
# Keys nobody defined, one at each level of nesting.
UNKNOWN_KEYS = ["nosuch", "machine.nosuch", "boot.kernel_adr", "timing.core.nosuch",
                "timing.memory.l1i.nosuch", "timing.memory.coherence.nosuch"]


def nested(key, value):
    """`a.b.c: v` as block YAML, the value on the last line."""
    parts = key.split(".")
    lines = [("  " * i) + p + ":" for i, p in enumerate(parts[:-1])]
    lines.append(("  " * (len(parts) - 1)) + parts[-1] + ": " + value)
    return "\n".join(lines) + "\n"


def broken_documents(rng):
    """(name, bytes, the line a refusal must name or None, must it be refused)."""
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        bomb.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    yield "alias-bomb", ("\n".join(bomb) + "\ntrace:\n  strace_filter: *a11\n").encode(), None, True
    yield "alias-bomb-value", ("\n".join(bomb[:8]) + "\n").encode(), None, True
    yield "tab-indent", b"machine:\n\tharts: 2\n", 2, True
    yield "tab-after-key", b"machine:\n  harts:\t2\n  ram_size:\t\t64MiB\n", None, False
    yield "unterminated-double", b'boot:\n  bootargs: "console=ttyS0\n', 2, True
    yield "unterminated-single", b"boot:\n  bootargs: 'console=ttyS0\n", 2, True
    yield "two-documents", b"machine:\n  harts: 1\n---\nmachine:\n  harts: 2\n", 3, True
    yield "document-end-then-junk", b"machine:\n  harts: 1\n...\nharts: [\n", None, True
    yield "deep-flow", b"machine: " + b"[" * 3000 + b"]" * 3000 + b"\n", None, True
    yield "deep-block", "".join("  " * i + f"k{i}:\n" for i in range(400)).encode(), None, True
    yield "deep-map-flow", b"x: " + b"{a: " * 2000 + b"1" + b"}" * 2000 + b"\n", None, True
    for n in range(6):
        yield f"garbage{n}", bytes(rng.randrange(256) for _ in range(rng.randint(1, 600))), \
            None, False
    yield "nul-bytes", b"machine:\n  harts: 1\x00\x00\n", None, False
    yield "bad-utf8", b"boot:\n  bootargs: \xff\xfe\xc3\n", None, False
    yield "scalar-top", b"just a string\n", 1, True
    yield "list-top", b"- machine\n- harts\n", 1, True
    yield "duplicate-key", b"machine:\n  harts: 1\n  harts: 2\n", 3, True
    yield "dotted-and-nested", b"machine.harts: 2\nmachine:\n  harts: 3\n", None, True
    yield "map-as-key", b"{a: b}: c\n", 1, True
    yield "null-key", b"~: 1\n", 1, True
    yield "long-key", b"machine:\n  " + b"k" * 200000 + b": 1\n", 2, True
    yield "directive", b"%YAML 9.9\n---\nmachine: {harts: 1}\n", None, False
    yield "unclosed-flow", b"machine: {harts: 1\n", None, True
    yield "bad-anchor", b"machine:\n  harts: *nosuch\n", 2, True


def generate(ctx):
    directory = ctx.inputs_dir("yaml")
    program = os.path.join(ctx.build, "tests", "isa", "rv64i.elf")
    rng = random.Random(ctx.seed)
    run = ["--max-insns", "200000"]
    attacks = []
    files = []  # (name, text, key or None, line or None, must refuse)
    for key, values in BAD_VALUES:
        for i, value in enumerate(values):
            text = nested(key, value)
            files.append((f"{key}.{i}", text.encode(), key, text.count("\n"), True))
    for key in UNKNOWN_KEYS:
        text = nested(key, "1")
        files.append((f"unknown.{key}", text.encode(), key.split(".")[-1], text.count("\n"), True))
    for name, data, line, must in broken_documents(rng):
        files.append((name, data, None, line, must))
    files.append(("empty", b"", None, None, False))
    files.append(("comments-only", b"# nothing\n\n# here\n", None, None, False))
    for n, (name, data, key, line, must) in enumerate(files):
        if ctx.quick and n % 5:
            continue
        base = f"{name}.yaml"
        path = os.path.join(directory, base)
        with open(path, "wb") as f:
            f.write(data.replace(b"FILE", path.encode()))
        # A missing disk image is named by its own path rather than the config's.
        must_name = [[base, "/nonexistent/"]] + ([[key]] if key else [])
        must_match = [re.escape(base) + (f":{line}\\b" if line else r":\d+")] if must else []
        attacks.append(Attack("yaml", name, ["run", "--config", path, program] + run,
                              must_name=must_name, must_match=must_match, must_refuse=must,
                              inputs=[path, program]))
    # The same bad values from the command line: the refusal names the key.
    for k, (key, values) in enumerate(BAD_VALUES):
        for i, value in enumerate(values):
            if ctx.quick and (i or k % 3):
                continue
            attacks.append(Attack("yaml", f"set.{key}.{i}",
                                  ["run", "--set", f"{key}={value}", program] + run,
                                  must_name=[[key, "/nonexistent/"]], must_refuse=True,
                                  inputs=[program]))
    for key in UNKNOWN_KEYS:
        attacks.append(Attack("yaml", f"set.unknown.{key}", ["run", "--set", f"{key}=1", program]
                              + run, must_name=[[key]], must_refuse=True, inputs=[program]))
    return attacks
