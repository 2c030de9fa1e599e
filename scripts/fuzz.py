#!/usr/bin/env python3
"""Fuzzes `gmm run` with mutations of the repository's own gmm scripts.

Every case must end in exit status 0 (ran), 65 (syntax error) or 70 (runtime error): a signal (crash, stack
overflow, abort) or any other status is a failure. A case still running after --timeout seconds is sent SIGINT,
which stops gmm as it stops Python (death by SIGINT, or status 130); one still running --grace seconds later hangs.

    swift build -c release
    python3 scripts/fuzz.py --count 2000 --seed 1 --gmm .build/release/gmm

Failing cases are copied to --keep (default /tmp/gmm-fuzz-failures-SEED) with the output, to rerun by hand.
The same mutations run in CI, fewer and with a fixed seed: Tests/GmmTests/FuzzRunTests.swift. Python 3 stdlib only.
"""

import argparse
import concurrent.futures
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS_DIRECTORIES = ["scripts", "Tests/LangTests/Scripts", "Tests/BindingsTests/Scripts"]
# Scripts that train for minutes even unmutated; --heavy includes them (they usually end at --timeout).
HEAVY = re.compile(r"(^scripts/(article|experiments|bench)/|/article_|/training\.gmm$)")
ALLOWED = {0, 65, 70}

TOKEN = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9_.eE]*|\"[^\"\n]*\"|'[^'\n]*'|\s+|.", re.S)
NUMBER = re.compile(rb"^[0-9]")
HUGE_NUMBERS = [b"0", b"-1", b"2**62", b"2**63", b"9223372036854775807", b"9223372036854775808",
                b"-9223372036854775808", b"4294967296", b"1e308", b"1e309", b"-0.0", b"65536", b"100000000"]
# (opener, leaf, closer) for nesting far past the parser's limit, and just around it.
NESTINGS = [(b"(", b"1", b")"), (b"[", b"1", b"]"), (b"{1: ", b"1", b"}"), (b"-", b"1", b""), (b"not ", b"1", b""),
            (b"[0 for x in ", b"[1]", b"]"), (b"[x for x in [1] if ", b"1", b"]"), (b"sum(0 for x in ", b"[1]", b")"),
            (b"f(", b"1", b")"), (b"x[", b"0", b"]"), (b"fn(x) ", b"1", b""), (b"1 if x else ", b"2", b""),
            (b"f\"{", b"1", b"}\""), (b"if x {", b"1", b"}"), (b"2 ** ", b"2", b"")]
DEPTHS = [50, 199, 200, 201, 1000, 5000]
# Runtime constructs that once crashed gmm, spliced in at random.
HOSTILE = [b"a = []\na.append(a)\nb = []\nb.append(b)\nprint(a == b)\n",
           b"s = \"ab\"\nfor i in range(40) { s = s + s }\n",
           b"x = [0] * 2**62\n",
           b"a = []\nfor i in range(300000) { a = [a] }\n",
           b"t = ()\nfor i in range(3000) { t = (t,) }\nd = {t: 1}\n",
           b"print(sorted([[1], [\"a\"]]))\n"]


def corpus(heavy):
    """The repository's gmm scripts, as (relative path, bytes), in a fixed order."""
    files = []
    for directory in CORPUS_DIRECTORIES:
        for base, _, names in os.walk(os.path.join(ROOT, directory)):
            for name in names:
                if name.endswith(".gmm"):
                    path = os.path.relpath(os.path.join(base, name), ROOT)
                    if heavy or not HEAVY.search(path):
                        with open(os.path.join(ROOT, path), "rb") as handle:
                            files.append((path, handle.read()))
    return sorted(files)


def mutate(source, rng):
    """One to three random mutations of `source` (bytes)."""
    for _ in range(rng.randint(1, 2)):
        tokens = TOKEN.findall(source) or [b""]
        kind = rng.choice(["flip", "delete", "duplicate", "move", "number", "number", "nest", "lines", "lines",
                           "hostile"])
        # Mostly a token that is not white space, so that most mutations change what the program means.
        i = rng.randrange(len(tokens))
        for _ in range(4):
            if not tokens[i].isspace():
                break
            i = rng.randrange(len(tokens))
        span = rng.randint(1, 4)
        if kind == "flip" and source:
            data = bytearray(source)
            position = rng.randrange(len(data))
            data[position] = rng.choice([data[position] ^ (1 << rng.randrange(8)), rng.randrange(256)])
            source = bytes(data)
            continue
        if kind == "delete":
            del tokens[i:i + span]
        elif kind == "duplicate":
            tokens[i:i] = tokens[i:i + span] * rng.randint(1, 3)
        elif kind == "move":
            piece = tokens[i:i + span]
            del tokens[i:i + span]
            j = rng.randrange(len(tokens) + 1)
            tokens[j:j] = piece
        elif kind == "number":
            numbers = [k for k, token in enumerate(tokens) if NUMBER.match(token)]
            if numbers:
                tokens[rng.choice(numbers)] = rng.choice(HUGE_NUMBERS)
        elif kind == "nest":
            opener, leaf, closer = rng.choice(NESTINGS)
            depth = rng.choice(DEPTHS)
            tokens[i:i] = [b"\nx = " + opener * depth + leaf + closer * depth + b"\n"]
        elif kind == "lines":
            lines = b"".join(tokens).split(b"\n")
            k = rng.randrange(len(lines))
            if rng.random() < 0.5:
                lines.insert(rng.randrange(len(lines) + 1), lines[k])
            else:
                del lines[k]
            tokens = [b"\n".join(lines)]
        elif kind == "hostile":
            tokens[i:i] = [b"\n" + rng.choice(HOSTILE)]
        source = b"".join(tokens)
    return source


def run_case(gmm, original, source, timeout, grace):
    """Runs one case in its own directory; returns (verdict, status, output) where verdict is None when fine."""
    directory = tempfile.mkdtemp(prefix="gmm-fuzz-")
    try:
        path = os.path.join(directory, "case.gmm")
        with open(path, "wb") as handle:
            handle.write(source)
        environment = dict(os.environ, SWIFT_BACKTRACE="enable=no",
                           GMM_PATH=os.path.join(ROOT, os.path.dirname(original)))
        process = subprocess.Popen([gmm, "run", path], cwd=directory, env=environment, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        interrupted = False
        try:
            _, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            interrupted = True
            process.send_signal(signal.SIGINT)
            try:
                _, err = process.communicate(timeout=grace)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                _, err = process.communicate()
                return "hang (ignored SIGINT)", process.returncode, err
        status = process.returncode
        if status < 0 and not (interrupted and status == -signal.SIGINT):
            return "signal %d (%s)" % (-status, signal.Signals(-status).name), status, err
        if interrupted and status in (130, -signal.SIGINT):
            return None, status, err
        if status not in ALLOWED:
            return "exit status %d" % status, status, err
        return None, status, err
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500, help="cases to run (default 500)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--gmm", default=os.path.join(ROOT, ".build/release/gmm"), help="the gmm binary")
    parser.add_argument("--timeout", type=float, default=5, help="seconds before a case is interrupted (default 5)")
    parser.add_argument("--grace", type=float, default=5, help="seconds an interrupted case has to stop (default 5)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="cases run at once")
    parser.add_argument("--heavy", action="store_true", help="include the training scripts")
    parser.add_argument("--keep", help="directory for failing cases (default /tmp/gmm-fuzz-failures-SEED)")
    args = parser.parse_args()
    args.gmm = os.path.abspath(args.gmm)
    if not os.access(args.gmm, os.X_OK):
        sys.exit("no gmm binary at %s (swift build -c release, or pass --gmm)" % args.gmm)
    keep = args.keep or os.path.join(tempfile.gettempdir(), "gmm-fuzz-failures-%d" % args.seed)
    files = corpus(args.heavy)
    rng = random.Random(args.seed)
    cases = []
    for number in range(args.count):
        original, text = rng.choice(files)
        cases.append((number, original, mutate(text, rng)))
    started = time.time()
    statuses = {}
    failures = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(run_case, args.gmm, original, source, args.timeout, args.grace): (number, original, source)
                   for number, original, source in cases}
        for future in concurrent.futures.as_completed(futures):
            number, original, source = futures[future]
            verdict, status, err = future.result()
            statuses[status] = statuses.get(status, 0) + 1
            if verdict:
                failures += 1
                os.makedirs(keep, exist_ok=True)
                stem = os.path.join(keep, "case-%05d" % number)
                with open(stem + ".gmm", "wb") as handle:
                    handle.write(source)
                with open(stem + ".err", "wb") as handle:
                    handle.write(err[-20000:])
                print("FAIL case %d (from %s): %s -> %s.gmm" % (number, original, verdict, stem), flush=True)
    elapsed = time.time() - started
    summary = ", ".join("%s: %d" % (status, count) for status, count in sorted(statuses.items()))
    print("%d cases from %d scripts in %.0f s (seed %d); exit statuses %s; %d failed"
          % (args.count, len(files), elapsed, args.seed, summary, failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
