"""Cost of R at inference: rebalanced (forward + D + Eq. 2) vs plain (forward) time per batch of test images.

    python bench/rebalance_inference.py [--arch resnet18] [--size 64] [--bs 64] [--repeats 7] [--n_fit 10000]

A crafted S-CC resnet18 (random init: only the time matters) on Shapes, its R (`DiscriminatorRebalancer`) fitted once
on the seen training features and mixup negatives (`CraftedOutputs.fit_r`). Then, per batch of test images, interleaved
after one warm-up:
  * plain: the model in eval mode, head in mode 'all', under `torch.no_grad`, then softmax;
  * rebalanced: the same forward, then `R(logits, space)` (D's logistic regression, tempered softmax, Eq. 2);
  * R alone on the batch's logits.
Also the time to fit D (`fit_logits`) on --n_fit logit vectors (half positives, half synthetic negatives).
Prints machine info, medians over --repeats, and the ratios."""
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from _common import start
import argparse, os, platform, statistics, time, warnings
import numpy as np, torch
from fastai.vision.all import set_seed
from craftzsl.shapes import shapes_dataset
from craftzsl.learner import craft_learner
from craftzsl.cli import get_arch
from craftzsl.rebalance import CraftedOutputs, DiscriminatorRebalancer, mixup_logits

def timed(f):
    t = time.perf_counter(); f(); return time.perf_counter() - t

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--arch', default='resnet18'); p.add_argument('--size', type=int, default=64)
    p.add_argument('--bs', type=int, default=64); p.add_argument('--repeats', type=int, default=7)
    p.add_argument('--n_fit', type=int, default=10000); p.add_argument('--fit_repeats', type=int, default=5)
    p.add_argument('--threads', type=int, default=2)
    a = p.parse_args()
    start(a.threads)
    set_seed(0)
    ds = shapes_dataset(seed=0, size=a.size, n_train=20, n_valid=5, n_test=10, n_irrelevant=100)
    dls = ds.dataloaders(bs=a.bs)
    learn = craft_learner(dls, get_arch(a.arch), rules='semantic', pretrained=False)
    print(f"data: {ds!r}; model: S-CC {a.arch} (random init), batch size {a.bs}", flush=True)
    outs = CraftedOutputs(learn, ds, bs=a.bs)
    r = outs.fit_r()
    space, model = ds.space, learn.model.eval()
    x = next(iter(ds.test_dl(dls, 'test', bs=a.bs)))[0].as_subclass(torch.Tensor)
    print(f"R fitted once on {len(outs.f_train)} seen training + {len(outs.f_train)} mixup logit vectors; test batch {tuple(x.shape)}")
    def forward():
        with learn.zsl_mode('all'), torch.no_grad(): return model(x).as_subclass(torch.Tensor)
    logits = forward()
    tasks = {'plain (forward + softmax)': lambda: torch.softmax(forward(), 1),
             'rebalanced (forward + R)': lambda: r(forward(), space),
             'R alone on the logits': lambda: r(logits, space)}
    for f in tasks.values(): f()                                   # warm-up
    ts = {k: [] for k in tasks}
    for _ in range(a.repeats):
        for k, f in tasks.items(): ts[k].append(timed(f))
    med = {k: statistics.median(v) for k, v in ts.items()}
    print(f"\n== per batch of {len(x)} test images, {a.repeats} repeats after 1 warm-up")
    for k, v in ts.items(): print(f"{k:27s} median {med[k]*1e3:8.2f} ms ({min(v)*1e3:.2f}-{max(v)*1e3:.2f})")
    pl, rb = med['plain (forward + softmax)'], med['rebalanced (forward + R)']
    print(f"ratio rebalanced/plain: {rb/pl:.3f} (median of paired ratios "
          f"{statistics.median([b/p for b, p in zip(ts['rebalanced (forward + R)'], ts['plain (forward + softmax)'])]):.3f}); "
          f"R alone = {med['R alone on the logits']/pl:.3%} of the plain forward")
    # fitting D on n_fit logit vectors: half real positives (resampled), half mixup negatives
    n = a.n_fit // 2
    rng = np.random.default_rng(0)
    pos = outs.logits('train')[rng.integers(len(outs.f_train), size=n)]
    pos = pos + rng.normal(0, 1e-3, pos.shape)                    # resampled rows: jitter so they are not exact duplicates
    neg = mixup_logits(outs.f_train, outs.f_irrelevant, outs.head, 1., n, 0)
    fit = lambda: DiscriminatorRebalancer().fit_logits(pos, neg, space.seen)
    fit()
    tf = [timed(fit) for _ in range(a.fit_repeats)]
    print(f"\n== fit D (StandardScaler + LogisticRegression, C=1) on {2*n} logit vectors of {pos.shape[1]} classes: "
          f"median {statistics.median(tf):.3f} s over {a.fit_repeats} ({min(tf):.3f}-{max(tf):.3f}); "
          f"= {statistics.median(tf)/pl:.1f} plain forward batches")

if __name__ == '__main__': main()
