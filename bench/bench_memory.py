"""Memory: peak RSS of a worker process importing N documents, at two sizes.

For each size a throwaway syncadmin (data directory + demo Optima on SQLite) gets N FS
documents of 5 lines in its inbox; then a fresh ``python manage.py sync_now`` process imports
them and its peak RSS (``wait4`` → ``ru_maxrss``) is read. The run streams the inbox in
groups, so the peak must not grow with N (the queue of ids and GUIDs is the only per-document
state: about 0.2 KiB each).

    python bench/bench_memory.py [--sizes 2000 10000]
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, print_figures, print_machine, scratch_dir


def prepare(size: int) -> tuple[Path, str]:
    """A data directory with ``size`` documents waiting; returns it and the company's name."""
    data = scratch_dir(f"syncadmin-bench-mem-{size}-")
    script = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        f"from bench.common import setup_django; setup_django({str(data)!r})\n"
        "from bench.workload import make_company, fill_inbox\n"
        "from pathlib import Path\n"
        f"c, d = make_company('Memory', None, Path({str(data)!r}) / 'optima')\n"
        f"fill_inbox(c, d, {size})\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT)
    return data, "Memory"


def peak_rss_of_import(data: Path, name: str) -> tuple[float, str]:
    env = dict(os.environ, SYNCADMIN_DATA_DIR=str(data), LOG_LEVEL="WARNING")
    env.pop("DATABASE_URL", None)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "sync_now", "--database", name],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = worker.stdout.read().decode(errors="replace")
    _pid, _status, usage = os.wait4(worker.pid, 0)
    worker.returncode = 0
    return usage.ru_maxrss / 1024, output.strip().splitlines()[0] if output.strip() else ""


def main(argv=None) -> list:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[2000, 10000])
    args = parser.parse_args(argv)
    print_machine()
    figures = []
    for size in args.sizes:
        data, name = prepare(size)
        peak, summary = peak_rss_of_import(data, name)
        print(f"memory: {size} documents: peak RSS {peak:.1f} MiB ({summary})")
        figures.append((f"memory_peak_rss_{size}", peak, "MiB"))
    small, large = figures[0][1], figures[1][1]
    figures.append(
        (
            "memory_growth_per_1000_documents",
            (large - small) / ((args.sizes[1] - args.sizes[0]) / 1000),
            "MiB",
        )
    )
    print_figures(figures)
    return figures


if __name__ == "__main__":
    main()
