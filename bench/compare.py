#!/usr/bin/env python3
"""Times whole processes, alternating between commands in one run, and prints medians, ratios and peak RSS.

Usage: compare.py NAME RUNS -- TOOL ARGS... [--vs REFERENCE ARGS...]

Each run starts every command once, in turn (tool, reference, tool, reference, ...), so a change in the machine's
load affects both alike. Wall time is measured around spawn/wait (time.perf_counter). Peak memory (maximum resident
set size) comes from GNU time's %M over a few extra runs: a child of this Python process would inherit Python's own
high-water mark across exec. Output goes to /dev/null.
"""
import os
import statistics
import subprocess
import sys
import time


GNU_TIME = "/usr/bin/time"


def run_once(argv):
    """Wall and CPU (user + system) milliseconds of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} failed with exit code {proc.returncode}")
    return elapsed * 1000.0, (usage.ru_utime + usage.ru_stime) * 1000.0


def peak_mb(argv, runs=3):
    if not os.access(GNU_TIME, os.X_OK):
        return float("nan")
    peaks = []
    for _ in range(runs):
        proc = subprocess.run([GNU_TIME, "-f", "%M", *argv], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        peaks.append(int(proc.stderr.decode().strip().splitlines()[-1]) / 1024.0)  # KiB -> MiB
    return max(peaks)


def main():
    args = sys.argv[1:]
    if len(args) < 4 or args[2] != "--":
        sys.exit(__doc__)
    name, runs = args[0], int(args[1])
    rest = args[3:]
    if "--vs" in rest:
        i = rest.index("--vs")
        commands = [rest[:i], rest[i + 1:]]
    else:
        commands = [rest]
    for argv in commands:  # warm the page cache and the binaries
        run_once(argv)
    samples = [[] for _ in commands]
    for _ in range(runs):
        for k, argv in enumerate(commands):
            samples[k].append(run_once(argv))
    medians = [statistics.median(w for w, _ in s) for s in samples]
    cpus = [statistics.median(c for _, c in s) for s in samples]
    peaks = [peak_mb(argv) for argv in commands]
    line = f"{name:<40} median {medians[0]:7.1f} ms (cpu {cpus[0]:6.1f})  peak {peaks[0]:6.1f} MB"
    if len(commands) > 1:
        ref = os.path.basename(commands[1][0])
        line += f"  | {ref} {medians[1]:7.1f} ms (cpu {cpus[1]:6.1f})  peak {peaks[1]:6.1f} MB  | ratio {medians[0] / medians[1]:5.2f}x"
    print(f"{line}  ({runs} runs)", flush=True)


if __name__ == "__main__":
    main()
