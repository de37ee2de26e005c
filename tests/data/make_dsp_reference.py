#!/usr/bin/env python3
"""Reference numbers for tests/core/dsp (tst_filterbank, tst_spectrogram).

Written in plain numpy from the text of /work/shared/docs/TUTORIAL.md
(sections 1.6 and 5.2), not from the C++ code. Run once from the repository
root with Debian's numpy:
    /usr/bin/python3 tests/data/make_dsp_reference.py

Outputs (float32 .npy, C order):
  cnn_mel_db_clip16k.npy      frames x 80: the tutorial's CNN input recipe (1.6)
                              on formats/clip_16k_s16_mono.wav (all 80000 samples;
                              the clip is shorter than the tutorial's 165888-sample
                              excerpt, so 1 + 80000 // 1024 = 79 frames).
  mel80_2048_16k_sparse.npy   nnz x 3 rows (band, bin, weight): the 80-band Slaney
                              mel filterbank (80 x 1025, fmin 0, fmax 8000, sr 16k,
                              area-normalised). Sparse so the file stays small.
  logfb_2048_44k_sparse.npy   nnz x 3 rows (band, bin, weight): madmom-style log
                              filterbank, 12 bands/octave, 30..17000 Hz, 1024 bins
                              (k * 44100 / 2048, k < 1024), unit-area triangles.
All frequency and filter maths is done in float64.
"""
import os
import wave

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = "/work/shared/data"


def save(name, array):
    array = np.ascontiguousarray(array, dtype=np.float32)
    np.save(os.path.join(HERE, name), array)
    size = os.path.getsize(os.path.join(HERE, name))
    assert size < 300 * 1024, (name, size)
    print("%-30s %-12s %7d bytes" % (name, array.shape, size))


def sparse_rows(dense):
    bands, bins = np.nonzero(dense)
    return np.stack([bands, bins, dense[bands, bins]], axis=1)


# --- Slaney mel scale, TUTORIAL 1.6: linear below 1 kHz (m = f / (200/3)),
# logarithmic above (m = 15 + ln(f / 1000) / (ln 6.4 / 27)).
def hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    return np.where(f < 1000.0, f / (200.0 / 3.0),
                    15.0 + np.log(np.maximum(f, 1e-300) / 1000.0) / (np.log(6.4) / 27.0))


def mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    return np.where(m < 15.0, m * (200.0 / 3.0),
                    1000.0 * np.exp((m - 15.0) * (np.log(6.4) / 27.0)))


def mel_filterbank(n_mels, n_fft, sr, fmin, fmax):
    """Triangle i rises from f_i to f_{i+1} and falls to f_{i+2} (n_mels + 2
    points equally spaced in mel), evaluated at k * sr / n_fft, times
    2 / (f_{i+2} - f_i)."""
    edges = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    freqs = np.arange(n_fft // 2 + 1) * sr / n_fft
    fb = np.zeros((n_mels, freqs.size))
    for i in range(n_mels):
        tri = np.interp(freqs, edges[i:i + 3], [0.0, 1.0, 0.0], left=0.0, right=0.0)
        fb[i] = tri * 2.0 / (edges[i + 2] - edges[i])
    return fb


def log_filterbank(frame_size, sr, bpo, fmin, fmax, fref=440.0):
    """TUTORIAL 5.2: centres fref * 2^(k/bpo) within [fmin, fmax], nearest of the
    frame_size/2 bins k * sr / frame_size (no Nyquist), duplicates removed,
    triangles over consecutive unique bins (0 at start and stop, 1 at the
    centre), each normalised to unit area (sum 1)."""
    bin_freqs = np.arange(frame_size // 2) * sr / frame_size
    k = np.arange(-10 * bpo, 10 * bpo + 1)
    centres = fref * 2.0 ** (k / bpo)
    centres = centres[(centres >= fmin) & (centres <= fmax)]
    nearest = np.array([np.argmin(np.abs(bin_freqs - f)) for f in centres])
    bins = np.unique(nearest)
    fb = np.zeros((len(bins) - 2, bin_freqs.size))
    idx = np.arange(bin_freqs.size)
    for b in range(len(bins) - 2):
        start, centre, stop = bins[b:b + 3]
        tri = np.interp(idx, [start, centre, stop], [0.0, 1.0, 0.0], left=0.0, right=0.0)
        fb[b] = tri / tri.sum()
    return fb


def cnn_mel_db(y, sr):
    """TUTORIAL 1.6: n_fft 2048, hop 1024, periodic Hann, centred with reflect
    padding of 1024, power, 80 Slaney mel bands 0..8000 Hz, 10 log10(max(S,
    1e-10)), clipped to max - 80 dB. Returned as frames x bands."""
    n_fft, hop = 2048, 1024
    window = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(n_fft) / n_fft)
    padded = np.pad(y, n_fft // 2, mode="reflect")
    frames = 1 + len(y) // hop
    power = np.empty((frames, n_fft // 2 + 1))
    for t in range(frames):
        spectrum = np.fft.rfft(padded[t * hop:t * hop + n_fft] * window)
        power[t] = spectrum.real ** 2 + spectrum.imag ** 2
    mel = power @ mel_filterbank(80, n_fft, sr, 0.0, sr / 2.0).T
    db = 10.0 * np.log10(np.maximum(mel, 1e-10))
    return np.maximum(db, db.max() - 80.0)


def read_wav_mono16(path):
    with wave.open(path, "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        sr = w.getframerate()
        y = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0
    return y, sr


def main():
    y, sr = read_wav_mono16(os.path.join(SHARED, "formats", "clip_16k_s16_mono.wav"))
    assert sr == 16000
    y = y[:2048 * 81]
    y = y / np.max(np.abs(y))
    db = cnn_mel_db(y, sr)
    assert db.shape == (1 + len(y) // 1024, 80)
    save("cnn_mel_db_clip16k.npy", db)

    mel = mel_filterbank(80, 2048, 16000, 0.0, 8000.0)
    assert mel.shape == (80, 1025)
    save("mel80_2048_16k_sparse.npy", sparse_rows(mel))

    logfb = log_filterbank(2048, 44100, 12, 30.0, 17000.0)
    assert logfb.shape == (81, 1024), logfb.shape
    save("logfb_2048_44k_sparse.npy", sparse_rows(logfb))


if __name__ == "__main__":
    main()
