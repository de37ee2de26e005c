#!/usr/bin/python3
"""One training epoch (1,680 random 80x80 patches, batch 32) of the tutorial
CNNs: Mirlo's bench_cnn_train (libtorch via TutorialCnn::trainStep) against
the same networks written directly in python3-torch, same thread count.

    bench/bench_cnn_train.py [--exe build/bench/bench_cnn_train] [--runs 3] [--threads 1]

Both sides: Keras-style layers (TUTORIAL 2.2 model A: conv 16 3x3 valid, pool 2,
dense 256 sigmoid, dense 1 sigmoid, SGD lr 0.01, BCE; TUTORIAL 2.3 CompactCNN
genre: per-band input BN, 3 x (conv same, BN, ELU, pool), dropout 0.2, dense 128
ReLU, dense 8, Adam lr 0.003 with Keras decay, categorical cross-entropy).
Best of RUNS epochs after one warm-up epoch. Prints ratios mirlo/torch (goal
<= 1.0). A measurement, not a test.
"""
import argparse
import os
import subprocess
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class ModelA(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3)
        self.dense1 = nn.Linear(39 * 39 * 16, 256)
        self.output = nn.Linear(256, 1)

    def forward(self, x):
        x = F.max_pool2d(self.conv1(x), 2)
        x = x.permute(0, 2, 3, 1).flatten(1)
        return self.output(torch.sigmoid(self.dense1(x)))


class CompactCnn(nn.Module):
    def __init__(self, classes=8):
        super().__init__()
        self.bn_0_freq = nn.BatchNorm2d(80, eps=1e-3, momentum=0.01)
        chans, self.pools = [1, 32, 64, 64], [(2, 4), (3, 4), (2, 5)]
        self.convs = nn.ModuleList(nn.Conv2d(chans[i], chans[i + 1], 3, padding=1) for i in range(3))
        self.bns = nn.ModuleList(nn.BatchNorm2d(chans[i + 1], eps=1e-3, momentum=0.01) for i in range(3))
        self.dropout = nn.Dropout(0.2)
        self.dense1 = nn.Linear(384, 128)
        self.output = nn.Linear(128, classes)

    def forward(self, x):
        x = self.bn_0_freq(x.transpose(1, 2)).transpose(1, 2)
        for conv, bn, pool in zip(self.convs, self.bns, self.pools):
            x = F.max_pool2d(F.elu(bn(conv(x))), pool)
        x = self.dropout(x.permute(0, 2, 3, 1).flatten(1))
        return self.output(F.relu(self.dense1(x)))


def epoch_time(name, x, runs):
    n = x.shape[0]
    if name == "instrumental_vocal":
        net, opt = ModelA(), None
        opt = torch.optim.SGD(net.parameters(), lr=0.01)
        y = torch.tensor([float(i % 2) for i in range(n)]).unsqueeze(1)
        loss_fn = F.binary_cross_entropy_with_logits
        lr0, decay = 0.01, 0.0
    else:
        net = CompactCnn()
        opt = torch.optim.Adam(net.parameters(), lr=0.003, betas=(0.9, 0.999), eps=1e-7)
        y = F.one_hot(torch.arange(n) % 8, 8).float()
        loss_fn = lambda logits, t: -(t * F.log_softmax(logits, 1)).sum(1).mean()
        lr0, decay = 0.003, 0.01
    net.train()
    best, steps = float("inf"), 0
    for r in range(runs + 1):
        t0 = time.perf_counter()
        for start in range(0, n, 32):
            for g in opt.param_groups:
                g["lr"] = lr0 / (1.0 + decay * steps)
            xb = x[start:start + 32]
            loss = loss_fn(net(xb), y[start:start + 32])
            opt.zero_grad()
            loss.backward()
            opt.step()
            steps += 1
        if r > 0:
            best = min(best, time.perf_counter() - t0)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", default=os.path.join(ROOT, "build", "bench", "bench_cnn_train"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE")
    out = subprocess.run([a.exe, str(a.runs), str(a.threads)], check=True, capture_output=True, text=True, env=env)
    mirlo = {line.split()[0]: float(line.split()[1]) for line in out.stdout.splitlines() if line.strip()}
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    x = torch.from_numpy(np.random.default_rng(0).standard_normal((1680, 1, 80, 80), dtype=np.float32))
    print(f"one epoch, 1680 patches, batch 32, {a.threads} thread(s), best of {a.runs}")
    print(f"{'preset':22s} {'mirlo s':>8s} {'torch s':>8s} {'ratio':>6s}")
    for name in ("instrumental_vocal", "compact_cnn_genre"):
        t = epoch_time(name, x, a.runs)
        print(f"{name:22s} {mirlo[name]:8.3f} {t:8.3f} {mirlo[name] / t:6.2f}")


if __name__ == "__main__":
    main()
