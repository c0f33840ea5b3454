#!/usr/bin/env python3
"""Regenerates README.md from docs/README.template.md, running every `$ sarcnav …` example in a
```console block with the release binary and pasting its real output.

Usage: cargo build --release && python3 scripts/readme.py
Store examples run against a throwaway SQLite file (SARCNAV_DATA_DIR in a temp dir).
"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "sarcnav")


def run(command, env):
    shell = command.replace("sarcnav ", BIN + " ", 1) if command.startswith("sarcnav ") else command
    shell = re.sub(r"\| sarcnav ", "| " + BIN + " ", shell)
    out = subprocess.run(shell, shell=True, cwd=ROOT, env=env, capture_output=True, text=True)
    text = out.stdout + out.stderr
    return text.rstrip("\n")


def main():
    template = open(os.path.join(ROOT, "docs", "README.template.md"), encoding="utf-8").read()
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, SARCNAV_DATA_DIR=data, USER="dr.lee")
        env.pop("SARCNAV_DATABASE_URL", None)
        out_lines = []
        for line in template.split("\n"):
            m = re.match(r"^\$ (.*)$", line)
            if m and not line.startswith("$ #"):
                out_lines.append(line)
                result = run(m.group(1), env)
                if result:
                    out_lines.append(result)
            else:
                out_lines.append(line)
    readme = "\n".join(out_lines)
    readme = readme.replace(data, "$SARCNAV_DATA_DIR")
    readme = re.sub(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z", "2026-11-23T09:00:00.000000Z", readme)
    open(os.path.join(ROOT, "README.md"), "w", encoding="utf-8").write(readme)
    print("README.md regenerated", file=sys.stderr)


if __name__ == "__main__":
    main()
