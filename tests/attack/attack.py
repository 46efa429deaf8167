#!/usr/bin/env python3
# Re-runs issue 14's hostile-user attacks on rvscope and prints what held, by kind.
"""Usage: attack.py --rvscope BIN --build BUILD_DIR [--kind elf|yaml|cmdline|rsp|guest ...]

Every input is generated here, seeded (the same inputs each run), in a temporary directory;
each run of rvscope gets a wall-clock timeout and an instruction limit. Prints a table (kind,
attacks, refused, ran, failed) and every failure with its reproducer (under --out, by default
BUILD_DIR/attack-failures); exits 1 if anything failed. See docs/fuzzing.md.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cmdline_attacks  # noqa: E402
import elf_attacks  # noqa: E402
import guest_attacks  # noqa: E402
import rsp_attacks  # noqa: E402
import yaml_attacks  # noqa: E402
from runner import FAILED, RAN, REFUSED, Context, HarnessError, run_attacks  # noqa: E402

KINDS = {
    "elf": elf_attacks,
    "yaml": yaml_attacks,
    "cmdline": cmdline_attacks,
    "rsp": rsp_attacks,
    "guest": guest_attacks,
}


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rvscope", required=True, help="the rvscope binary to attack")
    p.add_argument("--build", required=True,
                   help="a build tree with the guest programs (tests/isa, guest-kernel)")
    p.add_argument("--kind", action="append", choices=list(KINDS),
                   help="attack only these kinds (repeatable; default: all)")
    p.add_argument("--out", help="where reproducers of failures go "
                   "(default BUILD/attack-failures)")
    p.add_argument("--jobs", type=int, default=2, help="runs at once (default 2)")
    p.add_argument("--timeout", type=float, default=60.0,
                   help="wall-clock seconds one run may take before it counts as a hang")
    p.add_argument("--quick", action="store_true",
                   help="a deterministic sample of each kind (for CTest); the full run is the "
                   "default")
    p.add_argument("--seed", type=int, default=14, help="seed of every generated input")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return p.parse_args(argv)


def print_table(rows):
    print(f"{'kind':<8} {'attacks':>8} {'refused':>8} {'ran':>8} {'failed':>7}  seconds")
    for kind, results, extra, seconds in rows:
        counts = {v: sum(r.verdict == v for r in results) for v in (REFUSED, RAN, FAILED)}
        print(f"{kind:<8} {len(results):>8} {counts[REFUSED]:>8} {counts[RAN]:>8} "
              f"{counts[FAILED]:>7}  {seconds:7.1f}  {extra}")


def main(argv):
    args = parse_args(argv)
    out = os.path.abspath(args.out or os.path.join(args.build, "attack-failures"))
    os.makedirs(out, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="rvscope-attack-")
    os.makedirs(os.path.join(scratch, "work"))
    ctx = Context(args.rvscope, args.build, scratch, out, args.jobs, args.timeout, args.quick,
                  args.seed)
    rows = []
    try:
        for kind in args.kind or list(KINDS):
            missing = [p for p in KINDS[kind].NEEDS
                       if not os.path.isfile(os.path.join(args.build, p))]
            if missing:
                raise HarnessError(f"{kind}: {args.build} has no {missing[0]} (build it first)")
            start = time.monotonic()
            module = KINDS[kind]
            if hasattr(module, "run"):
                results, extra = module.run(ctx)
            else:
                results, extra = run_attacks(ctx, module.generate(ctx)), ""
            rows.append((kind, results, extra, time.monotonic() - start))
            counts = " ".join(f"{v} {sum(r.verdict == v for r in results)}"
                              for v in (REFUSED, RAN, FAILED))
            print(f"attack: {kind}: {len(results)} attacks, {counts}, {rows[-1][3]:.1f} s",
                  file=sys.stderr, flush=True)
    except HarnessError as e:
        print(f"attack: error: {e}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"attack: inputs kept in {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print_table(rows)
    failures = [r for _, results, _, _ in rows for r in results if r.verdict == FAILED]
    for r in failures:
        print(f"\nFAILED {r.attack.kind}/{r.attack.name}: {r.reason}")
        print(f"  reproducer: {r.reproducer}")
        if r.stderr_tail:
            print("  " + r.stderr_tail.replace("\n", "\n  "))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
