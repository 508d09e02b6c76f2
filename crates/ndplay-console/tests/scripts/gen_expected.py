"""Writes `<script>.expected` next to every lesson script in this folder by running it
with real CPython + NumPy (the oracle). Run from anywhere:

    python3 crates/ndplay-console/tests/scripts/gen_expected.py

An expected file holds what the script prints on stdout, then, if an exception escapes,
the last line CPython prints for it (`Type: message`). The console's replay test
(`tests/corpus.rs`) builds the same text from ndplay and compares line for line.

Masking rule: a printed line that starts with `TIME:` or `VERSION:` is reduced to that
word (`TIME:` / `VERSION:`), here and in the replay, because wall-clock times and
interpreter versions differ between CPython and the console. Scripts print anything
machine-dependent through such a line and nothing else.
"""
import pathlib
import subprocess
import sys

import numpy

HERE = pathlib.Path(__file__).resolve().parent
MASKS = ("TIME:", "VERSION:")


def mask(line):
    for m in MASKS:
        if line.startswith(m):
            return m
    return line


def expected_for(script):
    proc = subprocess.run(
        [sys.executable, script.name],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [mask(l) for l in proc.stdout.splitlines()]
    if proc.returncode != 0:
        err = [l for l in proc.stderr.splitlines() if l.strip()]
        if err:
            lines.append(err[-1])
    return "\n".join(lines) + "\n"


def main():
    assert numpy.__version__.startswith("2."), numpy.__version__
    scripts = sorted(HERE.glob("*.py"))
    for script in scripts:
        if script.name == pathlib.Path(__file__).name:
            continue
        out = expected_for(script)
        script.with_suffix(".expected").write_text(out)
        print(f"{script.name}: {len(out.splitlines())} lines")


if __name__ == "__main__":
    main()
