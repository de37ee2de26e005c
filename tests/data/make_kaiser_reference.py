#!/usr/bin/python3
"""Reference outputs of resampy 0.4.2 'kaiser_best' for tst_kaiser_resampler.

Run with Debian's interpreter (apt-get install python3-resampy):
    /usr/bin/python3 tests/data/make_kaiser_reference.py

Reproduces what librosa 0.7.2 load(sr=...) does after decoding and the mono
mix: float32 signal -> resampy.resample(filter='kaiser_best') -> zero-pad
(librosa.util.fix_length) to ceil(n * (sr_out / sr_in)) computed in double
precision -> float32. librosa itself is not needed for these three lines.

Writes tests/data/kaiser/{noise,chirp}_<rate>.npy (float32 inputs, 1-D) and
tests/data/kaiser/{noise,chirp}_<from>_<to>.npy (float32 outputs, 1-D), and
{noise,chirp}_<from>_<to>_f64.npy: the same with resampy run in float64 (its
own float32 accumulation alone moves the result by up to ~9e-7), stored
rounded to float32, for a tighter check of the arithmetic. The
signals are short (a quarter second plus a few samples, so that n * ratio is
never an integer and the ceil padding is exercised) to keep every file well
under 200 KB.
"""
import math
import os

import numpy as np
import resampy

assert resampy.__version__ == "0.4.2", resampy.__version__

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "kaiser")
PAIRS = [(8000, 16000), (11025, 16000), (22050, 16000), (32000, 16000),
         (44100, 16000), (48000, 16000), (44100, 22050), (16000, 44100),
         # 44101 / 16000 are coprime: 16000 phases, too many to tabulate, so
         # this pair exercises the per-sample weight path.
         (44101, 16000),
         # resampy's double time t * (1 / ratio) falls one ulp below the
         # integer q * 441 at t = q * 4725 (q = 1, 2): exercises that case.
         (44056, 37800)]
# Pairs also written with resampy's 'kaiser_fast' (suffix _fast).
FAST_PAIRS = [(44100, 16000), (16000, 44100)]


def signals(sr):
    n = sr // 4 + 7
    rng = np.random.default_rng(sr)
    # Uniform noise at -6 dBFS peak: full band, so aliasing shows up.
    noise = rng.uniform(-0.5, 0.5, n).astype(np.float32)
    # Linear chirp 50 Hz -> 0.98 * Nyquist, amplitude 0.8.
    t = np.arange(n) / sr
    f0, f1 = 50.0, 0.49 * sr
    dur = n / sr
    chirp = (0.8 * np.sin(2 * np.pi * (f0 * t + 0.5 * (f1 - f0) / dur * t * t))).astype(np.float32)
    return {"noise": noise, "chirp": chirp}


def librosa_072_resample(y, sr_in, sr_out, filt="kaiser_best"):
    ratio = float(sr_out) / sr_in
    n_samples = int(np.ceil(y.shape[-1] * ratio))
    y_hat = resampy.resample(y, sr_in, sr_out, filter=filt, axis=-1)
    assert len(y_hat) == (len(y) * sr_out) // sr_in  # resampy: floor
    y_hat = np.pad(y_hat, (0, n_samples - len(y_hat)))  # fix_length
    return np.ascontiguousarray(y_hat, dtype=np.float32)


def main():
    os.makedirs(OUT, exist_ok=True)
    for sr in sorted({p[0] for p in PAIRS}):
        for name, x in signals(sr).items():
            np.save(os.path.join(OUT, f"{name}_{sr}.npy"), x)
    for sr_in, sr_out in PAIRS:
        for name, x in signals(sr_in).items():
            y = librosa_072_resample(x, sr_in, sr_out)
            assert len(y) == math.ceil(len(x) * sr_out / sr_in)
            # resampy accumulates in the input's dtype (float32); the float64
            # result shows how much of any difference is resampy's own rounding.
            y64 = resampy.resample(x.astype(np.float64), sr_in, sr_out, filter="kaiser_best")
            print(f"{name} {sr_in}->{sr_out}: n_in {len(x)} n_out {len(y)} "
                  f"|float32 - float64 resampy| max {np.abs(y[:len(y64)] - y64).max():.2e}")
            np.save(os.path.join(OUT, f"{name}_{sr_in}_{sr_out}.npy"), y)
            y64 = np.pad(y64, (0, len(y) - len(y64)))
            np.save(os.path.join(OUT, f"{name}_{sr_in}_{sr_out}_f64.npy"), y64.astype(np.float32))
    for sr_in, sr_out in FAST_PAIRS:
        x = signals(sr_in)["noise"]
        y = librosa_072_resample(x, sr_in, sr_out, "kaiser_fast")
        np.save(os.path.join(OUT, f"noise_{sr_in}_{sr_out}_fast.npy"), y)


if __name__ == "__main__":
    main()
