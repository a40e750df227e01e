"""Crafted learner vs plain fastai `vision_learner`: epoch time on the same data and architecture.

    python bench/epoch_time.py [--arch resnet18] [--size 64] [--repeats 7]

Prints machine info, the median epoch time of each, their ratio (target: within 5%), and the plain learner's own
run-to-run spread. Runs are interleaved (crafted, plain, crafted, ...) after one warm-up epoch each, so that drift
in machine load hits both alike."""
import argparse, platform, statistics, time, os
import torch
from fastai.vision.all import vision_learner, resnet18, resnet34, set_seed
from craftzsl.shapes import shapes_dataset
from craftzsl.learner import craft_learner

def epoch_time(learn):
    start = time.perf_counter()
    with learn.no_bar(), learn.no_logging(): learn.fit(1, 1e-3)
    return time.perf_counter() - start

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--arch', default='resnet18'); p.add_argument('--size', type=int, default=64)
    p.add_argument('--repeats', type=int, default=7); p.add_argument('--bs', type=int, default=64)
    a = p.parse_args()
    arch = {'resnet18': resnet18, 'resnet34': resnet34}[a.arch]
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads, cuda={torch.cuda.is_available()}")
    set_seed(0)
    dset = shapes_dataset(seed=0, size=a.size)
    dls = dset.dataloaders(bs=a.bs)
    print(f"data: {dset!r}; batch size {a.bs}")
    crafted = craft_learner(dls, arch, rules='semantic', pretrained=False)
    plain = vision_learner(dls, arch, pretrained=False)
    for l in (crafted, plain): epoch_time(l)                    # warm-up
    tc, tp = [], []
    for _ in range(a.repeats):
        tc.append(epoch_time(crafted)); tp.append(epoch_time(plain))
    mc, mp = statistics.median(tc), statistics.median(tp)
    ratios = [c/p for c,p in zip(tc, tp)]
    print(f"crafted S-CC epoch: median {mc:.2f} s over {a.repeats} ({min(tc):.2f}-{max(tc):.2f})")
    print(f"plain vision_learner epoch: median {mp:.2f} s ({min(tp):.2f}-{max(tp):.2f})")
    print(f"ratio crafted/plain: {mc/mp:.3f} (median of paired ratios {statistics.median(ratios):.3f})")
    print(f"plain run-to-run spread: (max-min)/median = {(max(tp)-min(tp))/mp:.1%}")

if __name__ == '__main__': main()
