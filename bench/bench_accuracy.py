#!/usr/bin/env python3
"""Accuracy of every mirlo detector on every annotated file of the shared data.

Onsets: `mirlo-cli onsets --method M` for M in flux, superflux, complex, hfc,
rnn, cnn on onsets/*.{wav,flac,m4a} and synth/*.flac (with a .onsets file).
Beats: `mirlo-cli beats` (RNN + DBN, madmom's DBNBeatTracker) and
`mirlo-cli beats --downbeats` (RNN + bar DBN, DBNDownBeatTracker's beats) on
beats/*.ogg and synth/*.flac (with a .beats file).
Each estimate is scored with `mirlo-cli eval onsets|beats --json` (mir_eval
0.7 semantics: onsets +-50 ms; beats +-70 ms, first 5 s ignored) and the
per-file F-measures and per-subset means are printed next to the madmom /
aubio numbers of data/REFERENCE_SCORES.md. Standard library only. A
measurement, not a test (exit 0 unless mirlo-cli is missing).

    python3 bench/bench_accuracy.py [--cli build/app/mirlo-cli] [--data /work/shared/data]
        [--onset-methods flux,superflux,complex,hfc,rnn,cnn] [--beat-methods dbn,bar-dbn]
        [--skip-onsets] [--skip-beats]

The onset reference means cover one file per recording (onsets/stereo_sample
is scored by madmom from its .wav); the flac/m4a copies are listed too but
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
ONSET_METHODS = "flux,superflux,complex,hfc,rnn,cnn"
BEAT_METHODS = {"dbn": [], "bar-dbn": ["--downbeats"]}


def find_cli():
    candidates = glob.glob(os.path.join(ROOT, "build*", "app", "mirlo-cli"))
    candidates = [c for c in candidates if os.access(c, os.X_OK)]
    return max(candidates, key=os.path.getmtime) if candidates else None


def f_measure(cli, kind, ref_path, est_path):
    res = subprocess.run([cli, "eval", kind, "--ref", ref_path, "--est", est_path, "--json"],
                         capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(res.stderr.strip())
    return float(json.loads(res.stdout)["F-measure"])


def reference_scores(data):
    """{'onsets': {'onsets/sample': [..]}, 'beats': {...}}, columns as in the tables."""
    scores = {"onsets": {}, "beats": {}}
    columns = {"onsets": [], "beats": []}
    path = os.path.join(data, "REFERENCE_SCORES.md")
    if not os.path.exists(path):
        return scores, columns
    section = None
    with open(path) as f:
        for line in f:
            if line.startswith("### "):
                section = "onsets" if line.startswith("### onsets") else ("beats" if line.startswith("### beats")
                                                                          else None)
                continue
            if section is None or not line.startswith("|"):
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells[0] == "file":
                columns[section] = cells[1:]
                continue
            m = re.match(r"((?:onsets|synth|beats)/\S+)$", cells[0])
            if m:
                try:
                    scores[section][m.group(1)] = [float(v) for v in cells[1:]]
                except ValueError:
                    pass
    return scores, columns


def annotated(data, kind):
    """[(subset, audio, annotation, key, in_ref_set)] for kind 'onsets' or 'beats'."""
    items = []
    if kind == "onsets":
        seen = set()
        for ext in ("wav", "flac", "m4a"):  # wav first: the reference's copy
            for audio in sorted(glob.glob(os.path.join(data, "onsets", "*." + ext))):
                base = os.path.splitext(audio)[0]
                if os.path.exists(base + ".onsets"):
                    key = "onsets/" + os.path.basename(base)
                    items.append(("onsets", audio, base + ".onsets", key, key not in seen))
                    seen.add(key)
    else:
        for audio in sorted(glob.glob(os.path.join(data, "beats", "*.ogg"))):
            base = os.path.splitext(audio)[0]
            if os.path.exists(base + ".beats"):
                items.append(("beats", audio, base + ".beats", "beats/" + os.path.basename(base), True))
    for audio in sorted(glob.glob(os.path.join(data, "synth", "*.flac"))):
        base = os.path.splitext(audio)[0]
        if os.path.exists(base + "." + kind):
            items.append(("synth", audio, base + "." + kind, "synth/" + os.path.basename(base), True))
    return items


def mean(xs):
    xs = list(xs)
    return sum(xs) / len(xs) if xs else float("nan")


def run_table(cli, data, kind, methods, refs, ref_columns, tmp):
    files = annotated(data, kind)
    if not files:
        print(f"no annotated {kind} files under {data}\n")
        return
    scores = {m: {} for m in methods}
    seconds = {m: 0.0 for m in methods}
    for m in methods:
        for _, audio, ann, _, _ in files:
            cmd = [cli, "onsets", "--method", m, audio] if kind == "onsets" else \
                [cli, "beats"] + BEAT_METHODS[m] + [audio]
            t0 = time.perf_counter()
            res = subprocess.run(cmd, capture_output=True, text=True)
            seconds[m] += time.perf_counter() - t0
            if res.returncode != 0:
                print(f"  {' '.join(cmd)}: exit {res.returncode}: {res.stderr.strip()}", file=sys.stderr)
                scores[m][audio] = float("nan")
                continue
            est = os.path.join(tmp, "est." + kind)
            with open(est, "w") as f:
                f.write(res.stdout)
            scores[m][audio] = f_measure(cli, kind, ann, est)

    label = {"onsets": "onsets (F-measure, +-50 ms)", "beats": "beats (F-measure, +-70 ms, first 5 s ignored)"}
    print(f"### {label[kind]}\n")
    name_w = max(len(os.path.relpath(a, data)) for _, a, _, _, _ in files) + 2
    col_w = [max(9, len(m) + 2) for m in methods]
    ref_w = [max(12, len(c) + 2) for c in ref_columns]
    header = "file".ljust(name_w) + "".join(m.rjust(w) for m, w in zip(methods, col_w)) + \
        "".join(c.rjust(w) for c, w in zip(ref_columns, ref_w))
    print(header)
    print("-" * len(header))
    for _, audio, _, key, _ in files:
        row = os.path.relpath(audio, data).ljust(name_w)
        row += "".join(f"{scores[m][audio]:{w}.3f}" for m, w in zip(methods, col_w))
        ref = refs.get(key)
        row += "".join(f"{v:{w}.3f}" for v, w in zip(ref, ref_w)) if ref else ""
        print(row)
    print("-" * len(header))

    def mean_row(title, selected):
        row = title.ljust(name_w)
        row += "".join(f"{mean(scores[m][a] for a in selected):{w}.3f}" for m, w in zip(methods, col_w))
        keys = [k for _, a, _, k, _ in files if a in selected]
        if keys and all(k in refs for k in keys):
            row += "".join(f"{mean(refs[k][c] for k in keys):{w}.3f}" for c, w in enumerate(ref_w))
        print(row)

    first = "onsets" if kind == "onsets" else "beats"
    ref_first = [a for s, a, _, _, r in files if s == first and r]
    all_first = [a for s, a, _, _, _ in files if s == first]
    synth = [a for s, a, _, _, _ in files if s == "synth"]
    if kind == "onsets":
        mean_row(f"mean onsets/ ({len(ref_first)}, ref set)", ref_first)
        mean_row(f"mean onsets/ ({len(all_first)}, all formats)", all_first)
    else:
        mean_row(f"mean beats/ ({len(ref_first)})", ref_first)
    mean_row(f"mean synth/ ({len(synth)})", synth)
    mean_row(f"mean all ({len(ref_first) + len(synth)}, ref set)", ref_first + synth)
    print("\nwall time per method (all files, incl. process start and decoding): " +
          ", ".join(f"{m} {seconds[m]:.1f} s" for m in methods))
    if kind == "beats" and "dbn" in methods:
        ours = mean(scores["dbn"][a] for a in ref_first + synth)
        keys = [k for _, a, _, k, _ in files if a in ref_first + synth]
        if keys and all(k in refs for k in keys):
            theirs = mean(refs[k][0] for k in keys)
            verdict = "within" if abs(ours - theirs) <= 0.01 else "NOT within"
            print(f"RNN+DBN beats: mean F {ours:.3f} vs madmom {theirs:.3f} (diff {ours - theirs:+.3f}, "
                  f"{verdict} 0.01)")
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default=None)
    ap.add_argument("--data", default=os.environ.get("MIRLO_SHARED_DATA", "/work/shared/data"))
    ap.add_argument("--onset-methods", "--methods", default=ONSET_METHODS)
    ap.add_argument("--beat-methods", default=",".join(BEAT_METHODS))
    ap.add_argument("--skip-onsets", action="store_true")
    ap.add_argument("--skip-beats", action="store_true")
    args = ap.parse_args()
    cli = args.cli or find_cli()
    if not cli or not os.access(cli, os.X_OK):
        sys.exit("bench_accuracy: mirlo-cli not found (pass --cli)")
    refs, ref_columns = reference_scores(args.data)
    print(f"mirlo-cli: {cli}\nscoring: mirlo-cli eval (mir_eval 0.7 semantics); reference columns from "
          f"{os.path.join(args.data, 'REFERENCE_SCORES.md')}\n")
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_onsets:
            methods = [m for m in args.onset_methods.split(",") if m]
            run_table(cli, args.data, "onsets", methods, refs["onsets"], ref_columns["onsets"], tmp)
        if not args.skip_beats:
            methods = [m for m in args.beat_methods.split(",") if m in BEAT_METHODS]
            run_table(cli, args.data, "beats", methods, refs["beats"], ref_columns["beats"], tmp)


if __name__ == "__main__":
    main()
