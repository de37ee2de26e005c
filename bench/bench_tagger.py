#!/usr/bin/python3
"""Wall-time benchmark: `mirlo-cli tag` (musicnn_mtat, plain C++) against the
same network in python3-torch on the same 3-minute track.

    bench/bench_tagger.py [--cli build/app/mirlo-cli] [--runs 5] [--models musicnn_mtat,fcn_mtat,crnn_mtat]

Makes once (cached in $MIRLO_BENCH_CACHE, default /tmp/mirlo-bench) a 180 s
44.1 kHz stereo WAV from shared/data/beats/*.ogg and a 16 kHz mono float32
WAV of it (ffmpeg resampling: only the timing matters here, both sides read
the same file). The torch side is written from model.json (layer kernels,
paddings, tensor names) and loads weights.safetensors with numpy; it runs the
16-chunk protocol as one batch: torch.stft front end, the network, the mean.

Times (best of RUNS after a warm-up; median too):
  mirlo 16k   whole `mirlo-cli tag` process on the 16 kHz WAV (start-up,
              model load, decode, front end, 16 chunks)
  torch       front end + network + mean in-process (import torch, weight
              loading and reading the WAV excluded)
  mirlo 44k   whole `mirlo-cli tag` on the 44.1 kHz stereo WAV (adds the
              channel mean and kaiser_best resampling of 180 s)
Prints the ratios mirlo/torch (goal <= 1.0) and the track-probability max
abs difference between the two on the same 16 kHz input. A measurement, not a
test: exit 0 unless a tool fails.
"""
import argparse
import json
import os
import statistics
import struct
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("MIRLO_SHARED_DATA", os.path.join(ROOT, "..", "shared", "data"))
MODEL = os.path.join(SHARED, "..", "models", "musicnn_mtat")
CACHE = os.environ.get("MIRLO_BENCH_CACHE", "/tmp/mirlo-bench")


def load_safetensors(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, v in header.items():
        if name == "__metadata__":
            continue
        a, b = v["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + a:8 + n + b], dtype="<f4").reshape(v["shape"]).copy()
    return out


def make_inputs():
    os.makedirs(CACHE, exist_ok=True)
    wav44 = os.path.join(CACHE, "music_3min_44k_stereo.wav")
    wav16 = os.path.join(CACHE, "music_3min_16k_mono_f32.wav")
    if not os.path.exists(wav44):
        songs = sorted(os.path.join(SHARED, "beats", f) for f in os.listdir(os.path.join(SHARED, "beats"))
                       if f.endswith(".ogg"))
        if not songs:
            sys.exit("bench_tagger: no beats/*.ogg under " + SHARED)
        args = ["ffmpeg", "-v", "error", "-y"]
        for _ in range(4):
            for s in songs:
                args += ["-i", s]
        k = 4 * len(songs)
        args += ["-filter_complex", "".join(f"[{i}:a]" for i in range(k)) + f"concat=n={k}:v=0:a=1[a]",
                 "-map", "[a]", "-t", "180", "-ar", "44100", "-ac", "2", "-c:a", "pcm_s16le", wav44]
        subprocess.run(args, check=True)
    if not os.path.exists(wav16):
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", wav44, "-ac", "1", "-ar", "16000", "-c:a", "pcm_f32le",
                        wav16], check=True)
    return wav44, wav16


def read_f32_wav(path):
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "f32le", "-ac", "1", "-"], check=True,
                         capture_output=True).stdout
    return np.frombuffer(out, dtype="<f4").copy()


class TorchTagger:
    """A network of model.json with torch.nn.functional (inference BatchNorm, dropout = identity)."""

    def __init__(self, torch, manifest, w):
        self.t = torch
        self.m = manifest
        self.w = {k: torch.from_numpy(v) for k, v in w.items()}
        self.layers = {l["name"]: l for l in manifest["architecture"]["layers"]}

    def bn(self, x, prefix):
        F = self.t.nn.functional
        return F.batch_norm(x, self.w[prefix + ".running_mean"], self.w[prefix + ".running_var"],
                            self.w[prefix + ".weight"], self.w[prefix + ".bias"], False, 0.0, 1e-5)

    def mel_db(self, chunks):
        t = self.t
        pre = self.m["preprocessing"]
        n_fft, hop = pre["5_stft"]["n_fft"], pre["5_stft"]["hop_length"]
        spec = t.stft(chunks, n_fft, hop, n_fft, self.w["spec.spectrogram.window"], center=True, pad_mode="reflect",
                      normalized=False, onesided=True, return_complex=True).abs().pow(2)  # (B, 257, T)
        mel = t.matmul(spec.transpose(1, 2), self.w["spec.mel_scale.fb"]).transpose(1, 2)  # (B, 96, T)
        return 10.0 * t.log10(t.clamp(mel, min=1e-10))

    def track(self, signal):
        t = self.t
        size = self.m["track_inference"]["chunk_samples"]
        hop = (len(signal) - size) // 16
        x = t.from_numpy(np.stack([signal[i * hop:i * hop + size] for i in range(16)]))
        with t.no_grad():
            return self.forward(x).mean(dim=0).numpy()


class TorchMusicnn(TorchTagger):
    def forward(self, chunks):
        t, F = self.t, self.t.nn.functional
        x = self.bn(self.mel_db(chunks).unsqueeze(1), "spec_bn")  # (B, 1, 96, T)
        outs = []
        i = 0
        while f"layers.{i}" in self.layers:
            name = f"layers.{i}"
            conv = self.layers[name]["conv"]
            if isinstance(conv["kernel"], list):
                y = F.conv2d(x, self.w[name + ".conv.weight"], self.w[name + ".conv.bias"], padding=tuple(conv["padding"]))
                y = F.relu(self.bn(y, name + ".bn"))
                y = y.max(dim=2).values  # max over the remaining frequency rows
            else:
                y = x.mean(dim=2)  # (B, 1, T)
                y = F.conv1d(y, self.w[name + ".conv.weight"], self.w[name + ".conv.bias"], padding=conv["padding"])
                y = F.relu(self.bn(y, name + ".bn"))
            outs.append(y)
            i += 1
        front = t.cat(outs, dim=1)
        res, prev = [], front
        for j in (1, 2, 3):
            name = f"layer{j}"
            conv = self.layers[name]["conv"]
            y = F.relu(self.bn(F.conv1d(prev, self.w[name + ".conv.weight"], self.w[name + ".conv.bias"],
                                        padding=conv["padding"]), name + ".bn"))
            if j > 1:
                y = y + prev
            res.append(y)
            prev = y
        cat = t.cat([front] + res, dim=1)
        pooled = t.cat([cat.max(dim=2).values, cat.mean(dim=2)], dim=1)
        h = F.relu(self.bn(F.linear(pooled, self.w["dense1.weight"], self.w["dense1.bias"]), "bn"))
        return t.sigmoid(F.linear(h, self.w["dense2.weight"], self.w["dense2.bias"]))


class TorchConvStack(TorchTagger):
    """FCN / CRNN: Conv2d + BN + ReLU + MaxPool2d blocks, then dense or a GRU + dense."""

    def forward(self, chunks):
        t, F = self.t, self.t.nn.functional
        x = self.bn(self.mel_db(chunks).unsqueeze(1), "spec_bn")
        i = 1
        while self.layers.get(f"layer{i}", {}).get("op", "").startswith("Conv2d"):
            name, l = f"layer{i}", self.layers[f"layer{i}"]
            x = F.conv2d(x, self.w[name + ".conv.weight"], self.w[name + ".conv.bias"],
                         padding=tuple(l["conv"]["padding"]))
            x = F.max_pool2d(F.relu(self.bn(x, name + ".bn")), tuple(l["maxpool"]["kernel"]))
            i += 1
        gru = self.layers.get(f"layer{i}")
        if gru and gru.get("op") == "GRU":
            seq = x.squeeze(2).permute(0, 2, 1)  # (B, T', C)
            w = [self.w[f"layer{i}.{k}_l{l}"] for l in range(gru["num_layers"])
                 for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
            h0 = t.zeros(gru["num_layers"], seq.shape[0], gru["hidden_size"])
            out, _ = t._VF.gru(seq, h0, w, True, gru["num_layers"], 0.0, False, False, True)
            x = out[:, -1, :]
        else:
            x = x.flatten(1)
        return t.sigmoid(F.linear(x, self.w["dense.weight"], self.w["dense.bias"]))


def best_median(times):
    return min(times), statistics.median(times)


def time_cli(cli, path, runs, model):
    def once():
        t0 = time.perf_counter()
        r = subprocess.run([cli, "tag", "--model", model, "--top", "0", path], capture_output=True, text=True)
        dt = time.perf_counter() - t0
        if r.returncode != 0:
            sys.exit("bench_tagger: mirlo-cli failed: " + r.stderr)
        return dt, r.stdout
    once()
    results = [once() for _ in range(runs)]
    return [r[0] for r in results], results[-1][1]


def bench_model(torch, cli, name, wav44, wav16, signal, runs):
    folder = os.path.join(SHARED, "..", "models", name)
    manifest = json.load(open(os.path.join(folder, "model.json")))
    cls = TorchMusicnn if "layers.0" in [l["name"] for l in manifest["architecture"]["layers"]] else TorchConvStack
    net = cls(torch, manifest, load_safetensors(os.path.join(folder, "weights.safetensors")))
    net.track(signal)  # warm-up
    torch_times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        probs = net.track(signal)
        torch_times.append(time.perf_counter() - t0)
    mirlo16, out16 = time_cli(cli, wav16, runs, name)
    mirlo44, _ = time_cli(cli, wav44, runs, name)
    tags = manifest["output"]["tags"]
    ours = {line.split("\t")[0]: float(line.split("\t")[1]) for line in out16.splitlines()}
    diff = max(abs(ours[t] - float(p)) for t, p in zip(tags, probs))

    print(f"== {name}")
    print(f"{'what':58s} {'best s':>7s} {'median s':>8s}")
    for label, times in [(f"torch: front end + network, 16 chunks (in-process)", torch_times),
                         ("mirlo-cli tag 16 kHz WAV (whole process)", mirlo16),
                         ("mirlo-cli tag 44.1 kHz stereo WAV (+ kaiser_best, whole)", mirlo44)]:
        b, m = best_median(times)
        print(f"{label:58s} {b:7.3f} {m:8.3f}")
    print(f"ratio mirlo(16 kHz)/torch: {min(mirlo16) / min(torch_times):.2f}  (goal <= 1.0)")
    print(f"ratio mirlo(44.1 kHz, incl. resampling)/torch: {min(mirlo44) / min(torch_times):.2f}")
    print(f"mirlo-cli tag 44.1 kHz under 1 s: {'yes' if min(mirlo44) < 1.0 else 'no'}")
    print(f"track probabilities, mirlo (4 decimals) vs torch: max abs diff {diff:.1e}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default=os.path.join(ROOT, "build", "app", "mirlo-cli"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--models", default="musicnn_mtat", help="comma-separated: musicnn_mtat,fcn_mtat,crnn_mtat")
    args = ap.parse_args()
    try:
        import torch
    except ImportError:
        sys.exit("bench_tagger: python3-torch is not installed (apt-get install -y python3-torch)")
    if not os.access(args.cli, os.X_OK):
        sys.exit(f"bench_tagger: mirlo-cli not found at {args.cli}")
    torch.set_num_threads(os.cpu_count() or 1)  # same cores as mirlo (its chunks run on 2 threads)
    wav44, wav16 = make_inputs()
    signal = read_f32_wav(wav16)
    print(f"input: {wav44} (180 s, 44.1 kHz stereo) and its 16 kHz mono copy; {args.runs} runs each, "
          f"torch {torch.__version__} with {torch.get_num_threads()} threads, load {os.getloadavg()[0]:.2f}")
    for name in args.models.split(","):
        bench_model(torch, args.cli, name, wav44, wav16, signal, args.runs)


if __name__ == "__main__":
    main()
