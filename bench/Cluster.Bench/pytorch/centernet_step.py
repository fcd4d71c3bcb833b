#!/usr/bin/env python3
"""PyTorch twin of Cluster.Trainer's CenterNetDetector + CenterNetLoss + AdamW, for the step-time benchmark.

Same layers, channel widths, GroupNorm, heads, loss terms and optimizer as src/Trainer (Model/*.cs,
Training/CenterNetLoss.cs). Prints one JSON line: {"median_ms": ..., "min_ms": ..., "steps": ..., "torch": "..."}.
Run with Debian's interpreter: /usr/bin/python3 centernet_step.py --batch 32 --size 64 --threads 2
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def group(channels):
    return nn.GroupNorm(8 if channels % 8 == 0 else 1, channels)


class ResidualBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.norm1 = group(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.norm2 = group(cout)
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), group(cout))

    def forward(self, x):
        a = F.relu(self.norm1(self.conv1(x)))
        b = self.norm2(self.conv2(a))
        return F.relu(b + (x if self.shortcut is None else self.shortcut(x)))


class Head(nn.Module):
    def __init__(self, cin, cout, bias):
        super().__init__()
        self.hidden = nn.Conv2d(cin, cin, 3, padding=1)
        self.output = nn.Conv2d(cin, cout, 1)
        nn.init.constant_(self.output.bias, bias)

    def forward(self, x):
        return self.output(F.relu(self.hidden(x)))


class CenterNetDetector(nn.Module):
    def __init__(self, classes, c):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, c, 3, 2, 1, bias=False), group(c), nn.ReLU())
        self.stage1 = ResidualBlock(c, 2 * c, 2)
        self.stage2 = ResidualBlock(2 * c, 4 * c, 2)
        self.stage3 = ResidualBlock(4 * c, 4 * c, 2)
        self.lateral2 = nn.Conv2d(4 * c, 4 * c, 1)
        self.lateral1 = nn.Conv2d(2 * c, 4 * c, 1)
        self.smooth8 = nn.Sequential(nn.Conv2d(4 * c, 4 * c, 3, padding=1, bias=False), group(4 * c), nn.ReLU())
        self.smooth4 = nn.Sequential(nn.Conv2d(4 * c, 2 * c, 3, padding=1, bias=False), group(2 * c), nn.ReLU())
        self.heatmap = Head(2 * c, classes, -2.19)
        self.size = Head(2 * c, 2, 0.0)
        self.offset = Head(2 * c, 2, 0.0)

    def forward(self, x):
        s4 = self.stage1(self.stem(x))
        s8 = self.stage2(s4)
        s16 = self.stage3(s8)
        p8 = self.smooth8(self.lateral2(s8) + F.interpolate(s16, scale_factor=2.0, mode="nearest"))
        p4 = self.smooth4(self.lateral1(s4) + F.interpolate(p8, scale_factor=2.0, mode="nearest"))
        return torch.cat([self.heatmap(p4), self.size(p4), self.offset(p4)], 1)


def loss_fn(output, heat, size, offset, mask, classes, normalizer):
    logits = output[:, :classes]
    p = logits.sigmoid()
    pos = heat.eq(1).float()
    neg_w = (1 - heat).pow(4) * (1 - pos)
    focal = -((F.logsigmoid(logits) * (1 - p).pow(2) * pos).sum() + (F.logsigmoid(-logits) * p.pow(2) * neg_w).sum())
    size_l = ((output[:, classes:classes + 2] - size).abs() * mask).sum()
    off_l = ((output[:, classes + 2:classes + 4] - offset).abs() * mask).sum()
    return (focal + 0.1 * size_l + off_l) / normalizer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--channels", type=int, default=16)
    ap.add_argument("--classes", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--steps", type=int, default=30)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    n, c, h, w = args.batch, args.classes, args.size // 4, args.size // 4
    model = CenterNetDetector(args.classes, args.channels)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    x = torch.rand(n, 3, args.size, args.size)
    heat = torch.rand(n, c, h, w) * 0.5
    mask = torch.zeros(n, 1, h, w)
    for i in range(n):  # two objects per image
        for k in range(2):
            cy, cx = (i * 7 + k * 5) % h, (i * 3 + k * 11) % w
            heat[i, (i + k) % c, cy, cx] = 1.0
            mask[i, 0, cy, cx] = 1.0
    size = torch.rand(n, 2, h, w) * 8 * mask
    offset = torch.rand(n, 2, h, w) * mask
    normalizer = float(mask.sum())
    times = []
    for step in range(args.warmup + args.steps):
        start = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), heat, size, offset, mask, c, normalizer)
        loss.backward()
        opt.step()
        loss.item()
        if step >= args.warmup:
            times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"median_ms": statistics.median(times), "min_ms": min(times), "steps": args.steps, "torch": torch.__version__,
                      "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
