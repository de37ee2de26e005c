#!/usr/bin/env python3
"""Reference onset detection functions for tests/core/onsets (tst_onset_functions).

Plain numpy written from the text of /work/shared/docs/TUTORIAL.md 5.2 and
/work/shared/models/madmom/README.md (front end, log filterbank) plus madmom
0.16's superflux / complex_flux / high_frequency_content definitions, not from
the C++ code. Run once from the repository root with Debian's numpy:
    /usr/bin/python3 tests/data/make_onset_reference.py

Input: /work/shared/data/onsets/sample.wav (44.1 kHz, mono, int16, kept as
integers; the window is divided by 32767 as madmom does).
Outputs (float32 .npy, frames x 1):
  onset_odf_sample_flux.npy       spectral flux: 100 fps, 12 bands/oct, unit area, d = 1
  onset_odf_sample_superflux.npy  SuperFlux: 200 fps (hop 220.5, frame i centred on
                                  int(i * 220.5)), 24 bands/oct, not normalised,
                                  3-band maximum filter, d = 2
  onset_odf_sample_complex.npy    complex flux: SuperFlux difference times the local
                                  group delay mask (|lgd| / pi, 3-frame max filter,
                                  per-band minimum over its nonzero bins +- 1)
  onset_odf_sample_hfc.npy        mean_k k * log10(1 + |X_k|), 100 fps, no filterbank
"""
import os
import wave

import numpy as np

DATA = "/work/shared/data/onsets/sample.wav"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)))
N = 2048


def read_wav(path):
    with wave.open(path) as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1
        sr = w.getframerate()
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return x, sr


def stft(x, sr, fps, circular_shift=False):
    hop = sr / fps
    frames = int(np.ceil(len(x) / hop))
    window = np.hanning(N) / 32767.0
    out = np.zeros((frames, N // 2), np.complex128)
    for i in range(frames):
        start = int(i * hop) - N // 2
        frame = np.zeros(N)
        a, b = max(start, 0), min(start + N, len(x))
        if b > a:
            frame[a - start:b - start] = x[a:b]
        sig = frame * window
        if circular_shift:
            sig = np.concatenate((sig[N // 2:], sig[:N // 2]))
        out[i] = np.fft.fft(sig)[:N // 2]
    return out.astype(np.complex64)


def log_filterbank(sr, bands, norm):
    fk = np.arange(N // 2) * sr / N
    left = int(np.floor(np.log2(30 / 440) * bands))
    right = int(np.ceil(np.log2(17000 / 440) * bands))
    f = 440 * 2.0 ** (np.arange(left, right) / bands)
    f = f[(f >= 30) & (f <= 17000)]
    idx = np.searchsorted(fk, f).clip(1, len(fk) - 1)
    idx -= (f - fk[idx - 1] < fk[idx] - f)
    bins = np.unique(idx)
    fb = np.zeros((len(fk), len(bins) - 2), np.float32)
    for b in range(len(bins) - 2):
        start, centre, stop = bins[b:b + 3]
        if stop - start < 2:
            centre, stop = start, start + 1
        tri = np.concatenate([np.linspace(0, 1, centre - start, endpoint=False),
                              np.linspace(1, 0, stop - centre, endpoint=False)]).astype(np.float32)
        if norm:
            tri /= tri.sum()
        fb[start:stop, b] = tri
    return fb


def diff_frames(hop):
    w = np.hanning(N)
    sample = np.argmax(w > 0.5 * w.max())
    return int(max(1, round((N / 2 - sample) / hop)))


def positive_diff(spec, d, max_bins):
    ref = spec
    if max_bins > 1:
        ref = np.empty_like(spec)
        for k in range(spec.shape[1]):
            ref[:, k] = spec[:, max(0, k - 1):k + 2].max(axis=1)
    out = np.zeros_like(spec)
    out[d:] = np.maximum(spec[d:] - ref[:-d], 0)
    return out


def main():
    x, sr = read_wav(DATA)
    # spectral flux
    S = np.abs(stft(x, sr, 100))
    fb = log_filterbank(sr, 12, True)
    assert fb.shape[1] == 81
    L = np.log10(1 + S @ fb)
    flux = positive_diff(L, diff_frames(sr / 100), 1).sum(axis=1)
    # SuperFlux and complex flux share the 200 fps front end
    X = stft(x, sr, 200, circular_shift=True)
    fb24 = log_filterbank(sr, 24, False)
    L24 = np.log10(1 + np.abs(X) @ fb24)
    D = positive_diff(L24, diff_frames(sr / 200), 3)
    superflux = D.sum(axis=1)
    phase = np.angle(X).astype(np.float64)
    uw = np.unwrap(phase)
    lgd = np.zeros_like(uw)
    lgd[:, :-1] = uw[:, :-1] - uw[:, 1:]
    lgd = np.abs(lgd) / np.pi
    lgd_t = lgd.copy()
    for t in range(len(lgd)):
        lgd_t[t] = lgd[max(0, t - 1):t + 2].max(axis=0)
    mask = np.zeros_like(D)
    for b in range(fb24.shape[1]):
        nz = np.nonzero(fb24[:, b])[0]
        mask[:, b] = lgd_t[:, max(0, nz[0] - 1):min(lgd.shape[1], nz[-1] + 2)].min(axis=1)
    complex_flux = (D * mask).sum(axis=1)
    # HFC on the log magnitude (100 fps)
    logmag = np.log10(1 + S)
    hfc = (logmag * np.arange(N // 2)).mean(axis=1)
    for name, v in [("flux", flux), ("superflux", superflux), ("complex", complex_flux), ("hfc", hfc)]:
        np.save(os.path.join(OUT, f"onset_odf_sample_{name}.npy"), v.astype(np.float32).reshape(-1, 1))
        print(name, v.shape, float(v.max()))


if __name__ == "__main__":
    main()
