"""Run every benchmark and end with one line per figure: ``name: value unit``.

    python bench/run.py            # the sizes of the issue (about 3 minutes here)
    python bench/run.py --quick    # small sizes, well under two minutes (smoke check)
    python bench/run.py --only import intake

Each benchmark runs in its own process on its own throwaway data directory and prints the
machine it ran on; this script repeats their figures at the end. Nothing here asserts a
target: the figures are read against the README's table.
"""

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIGURE = re.compile(r"^[a-z][a-z0-9_]*: \S+( \S+)?$")

BENCHMARKS = {
    # name: (script, full arguments, quick arguments)
    "import": ("bench_import.py", [], ["--documents", "3000"]),
    "intake": ("bench_intake.py", [], ["--batches", "10"]),
    "scheduler": ("bench_scheduler.py", [], ["--databases", "200", "--waiting", "10"]),
    "dashboard": (
        "bench_dashboard.py",
        [],
        ["--databases", "50", "--runs", "5000", "--entries", "50000", "--repeats", "5"],
    ),
    "memory": ("bench_memory.py", [], ["--sizes", "1500", "3000"]),
    "devicedata": ("bench_devicedata.py", [], ["--products", "2000", "--customers", "2000"]),
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke check)")
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS))
    args = parser.parse_args(argv)
    figures, failed = [], []
    started = time.monotonic()
    for name in args.only or BENCHMARKS:
        script, full, quick = BENCHMARKS[name]
        command = [sys.executable, str(HERE / script), *(quick if args.quick else full)]
        print(f"=== {name}: {' '.join(command[1:])}", flush=True)
        lines = []
        with subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=HERE.parent
        ) as process:
            for line in process.stdout:
                print(line, end="", flush=True)
                lines.append(line.rstrip("\n"))
        if process.returncode:
            failed.append(name)
        tail = []
        for line in reversed(lines):  # the closing figure lines of the script
            if not FIGURE.match(line):
                break
            tail.append(line)
        figures += reversed(tail)
    print(
        f"=== done in {time.monotonic() - started:.0f} s"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    for line in figures:
        print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
