#!/usr/bin/env python3
"""Onset accuracy of `mirlo-cli onsets --method M` on every annotated file.

Runs each method on onsets/*.{wav,flac,m4a} (with a .onsets next to them) and
synth/*.flac (with .onsets) of the shared data, scores each file with
`mirlo-cli eval onsets --ref --est --json` (mir_eval 0.7 semantics, +-50 ms)
or, when that command is missing, with the maximum matching below, and prints
per-file F-measures and per-subset means next to the madmom / aubio numbers of
data/REFERENCE_SCORES.md. Standard library only.

    python3 bench/bench_onset_accuracy.py [--cli build/app/mirlo-cli]
        [--methods flux,superflux,hfc,complex] [--data /work/shared/data]

The reference means cover one file per recording (onsets/stereo_sample is
scored by madmom from its .wav); the flac/m4a copies are listed separately and
kept out of the "ref set" means.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REF_COLUMNS = ["madmom RNN", "madmom SuperFlux", "aubioonset"]


def find_cli():
    candidates = glob.glob(os.path.join(ROOT, "build*", "app", "mirlo-cli"))
    candidates = [c for c in candidates if os.access(c, os.X_OK)]
    if not candidates:
        return None
    return max(candidates, key=os.path.getmtime)


def read_times(path):
    times = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            times.append(float(line.split()[0]))
    return sorted(times)


def match_count(ref, est, window):
    """Size of a maximum matching between ref and est (|r - e| <= window),
    as mir_eval.util.match_events (augmenting paths; the lists are short)."""
    adj = [[j for j, e in enumerate(est) if abs(r - e) <= window] for r in ref]
    owner = [-1] * len(est)

    def augment(i, seen):
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if owner[j] < 0 or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    sys.setrecursionlimit(10000)
    return sum(1 for i in range(len(ref)) if augment(i, set()))


def f_measure_py(ref, est, window=0.05):
    if not ref or not est:
        return 0.0
    hits = match_count(ref, est, window)
    if hits == 0:
        return 0.0
    p, r = hits / len(est), hits / len(ref)
    return 2 * p * r / (p + r)


def has_eval(cli):
    res = subprocess.run([cli, "eval", "--help"], capture_output=True, text=True)
    return res.returncode == 0


def f_measure_cli(cli, ref_path, est_path):
    res = subprocess.run([cli, "eval", "onsets", "--ref", ref_path, "--est", est_path, "--json"],
                         capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(res.stderr.strip())
    obj = json.loads(res.stdout)
    for key in ("F-measure", "f_measure", "fMeasure", "F"):
        if key in obj:
            return float(obj[key])
    raise RuntimeError("no F-measure in eval output: " + res.stdout[:200])


def reference_scores(data):
    """{'onsets/sample': [rnn, superflux, aubio]} from the onsets table."""
    scores = {}
    path = os.path.join(data, "REFERENCE_SCORES.md")
    if not os.path.exists(path):
        return scores
    in_onsets = False
    with open(path) as f:
        for line in f:
            if line.startswith("### onsets"):
                in_onsets = True
            elif line.startswith("###"):
                in_onsets = False
            m = re.match(r"\|\s*((?:onsets|synth)/[^|\s]+)\s*\|(.*)\|\s*$", line)
            if in_onsets and m:
                vals = [v.strip() for v in m.group(2).split("|")]
                try:
                    scores[m.group(1)] = [float(v) for v in vals]
                except ValueError:
                    pass
    return scores


def annotated_files(data):
    items = []  # (subset, audio path, onsets path, key, in_ref_set)
    seen_keys = set()
    for ext in ("wav", "flac", "m4a"):  # wav first: it is the reference's copy
        for audio in sorted(glob.glob(os.path.join(data, "onsets", "*." + ext))):
            base = os.path.splitext(audio)[0]
            if os.path.exists(base + ".onsets"):
                key = "onsets/" + os.path.basename(base)
                items.append(("onsets", audio, base + ".onsets", key, key not in seen_keys))
                seen_keys.add(key)
    for audio in sorted(glob.glob(os.path.join(data, "synth", "*.flac"))):
        base = os.path.splitext(audio)[0]
        if os.path.exists(base + ".onsets"):
            items.append(("synth", audio, base + ".onsets", "synth/" + os.path.basename(base), True))
    return items


def mean(xs):
    return sum(xs) / len(xs) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default=None)
    ap.add_argument("--methods", default="flux,superflux,hfc,complex")
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--threshold", default=None, help="passed to every method (default: each method's own)")
    args = ap.parse_args()
    cli = args.cli or find_cli()
    if not cli or not os.access(cli, os.X_OK):
        sys.exit("bench_onset_accuracy: mirlo-cli not found (pass --cli)")
    methods = [m for m in args.methods.split(",") if m]
    files = annotated_files(args.data)
    refs = reference_scores(args.data)
    use_cli_eval = has_eval(cli)
    print(f"mirlo-cli: {cli}; scoring: {'mirlo-cli eval onsets' if use_cli_eval else 'python matcher'}"
          f" (+-50 ms, mir_eval maximum matching)\n")

    scores = {m: {} for m in methods}
    seconds = {m: 0.0 for m in methods}
    with tempfile.TemporaryDirectory() as tmp:
        for m in methods:
            for subset, audio, ann, key, _ in files:
                t0 = time.perf_counter()
                cmd = [cli, "onsets", "--method", m, audio]
                if args.threshold is not None:
                    cmd += ["--threshold", args.threshold]
                res = subprocess.run(cmd, capture_output=True, text=True)
                seconds[m] += time.perf_counter() - t0
                if res.returncode != 0:
                    print(f"  {m} {audio}: exit {res.returncode}: {res.stderr.strip()}", file=sys.stderr)
                    scores[m][audio] = float("nan")
                    continue
                est_path = os.path.join(tmp, "est.onsets")
                with open(est_path, "w") as f:
                    f.write(res.stdout)
                if use_cli_eval:
                    f1 = f_measure_cli(cli, ann, est_path)
                else:
                    f1 = f_measure_py(read_times(ann), read_times(est_path))
                scores[m][audio] = f1

    name_w = max(len(os.path.relpath(a, args.data)) for _, a, _, _, _ in files) + 2
    header = "file".ljust(name_w) + "".join(m.rjust(11) for m in methods) + \
        "".join(c.rjust(18) for c in REF_COLUMNS)
    print(header)
    print("-" * len(header))
    for _, audio, _, key, _ in files:
        row = os.path.relpath(audio, args.data).ljust(name_w)
        row += "".join(f"{scores[m][audio]:11.3f}" for m in methods)
        ref = refs.get(key)
        row += "".join(f"{v:18.3f}" for v in ref) if ref else ""
        print(row)
    print("-" * len(header))

    def mean_row(label, selected):
        row = label.ljust(name_w)
        row += "".join(f"{mean([scores[m][a] for a in selected]):11.3f}" for m in methods)
        keys = [k for _, a, _, k, _ in files if a in selected]
        if keys and all(k in refs for k in keys):
            row += "".join(f"{mean([refs[k][c] for k in keys]):18.3f}" for c in range(len(REF_COLUMNS)))
        print(row)

    ref_onsets = [a for s, a, _, _, r in files if s == "onsets" and r]
    all_onsets = [a for s, a, _, _, _ in files if s == "onsets"]
    synth = [a for s, a, _, _, _ in files if s == "synth"]
    mean_row(f"mean onsets/ ({len(ref_onsets)}, ref set)", ref_onsets)
    mean_row(f"mean onsets/ ({len(all_onsets)}, all formats)", all_onsets)
    mean_row(f"mean synth/ ({len(synth)})", synth)
    mean_row(f"mean all ({len(ref_onsets) + len(synth)}, ref set)", ref_onsets + synth)
    print("\nwall time per method (all files, incl. decoding and process start):")
    for m in methods:
        print(f"  {m:10s} {seconds[m]:.2f} s")


if __name__ == "__main__":
    main()
