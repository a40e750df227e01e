"""GZSL rebalancing on Shapes: no rebalancing, calibrated stacking, COSMO, R and the oracle (Fig. 8, Table 1).

    python bench/rebalance_shapes.py [--seeds 0 1 2] [--archs tiny resnet18] [--size 32] [--epochs 5 3]

For each backbone and seed: a Shapes dataset (the seed also draws the classes, the split and the images), S-CC and V-CC
trained on it, the same two trained on its pseudo-unseen split (seen classes only) to choose every hyperparameter,
then every rebalancer evaluated on the real test split. Prints machine info, the per-seed tables, and H as
mean ± std over seeds; writes bench/results/rebalance_shapes.csv."""
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from _common import start
import argparse, os, platform, time, warnings
from pathlib import Path
import pandas as pd, torch, torch.nn as nn
from craftzsl.shapes import shapes_dataset
from craftzsl.learner import craft_body
from craftzsl.rebalance import rebalancing_study, summarize

def tiny_body():
    "4 conv blocks (32-64-128-128 channels), BatchNorm, max pooling"
    blk = lambda i, o: nn.Sequential(nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(), nn.MaxPool2d(2))
    return nn.Sequential(blk(3, 32), blk(32, 64), blk(64, 128), blk(128, 128))

def resnet18_body():
    from torchvision.models import resnet18
    return craft_body(resnet18, pretrained=False)

BODIES = {'tiny': tiny_body, 'resnet18': resnet18_body}

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    p.add_argument('--archs', nargs='+', default=['tiny', 'resnet18'])
    p.add_argument('--size', type=int, default=32)
    p.add_argument('--n_train', type=int, default=60)
    p.add_argument('--epochs', type=int, nargs=2, default=[5, 3])
    p.add_argument('--lr', type=float, default=3e-3)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--out', default='bench/results/rebalance_shapes.csv')
    a = p.parse_args()
    start(a.threads)
    print(f"data: Shapes {a.size}px, 24 classes (18 seen, 6 unseen), {a.n_train} train / 20 valid / 30 test images per "
          f"class, 300 task-irrelevant images; epochs S-CC {a.epochs[0]}, V-CC {a.epochs[1]}, lr {a.lr}", flush=True)
    tables = []
    out = Path(a.out); out.parent.mkdir(parents=True, exist_ok=True)
    for arch in a.archs:
        for seed in a.seeds:
            t0 = time.perf_counter()
            ds = shapes_dataset(seed=seed, size=a.size, n_train=a.n_train, n_valid=20, n_test=30, n_irrelevant=300)
            res = rebalancing_study(ds, BODIES[arch], seed=seed, epochs=tuple(a.epochs), lr=a.lr)
            tab = res['table'].assign(arch=arch)
            tables.append(tab)
            print(f"\n== {arch}, seed {seed}: {time.perf_counter() - t0:.0f} s (training {res['time_train']:.0f} s, "
                  f"hyperparameter selection {res['time_select']:.1f} s); chosen R settings {res['chosen']}")
            print(tab.drop(columns=['seed', 'arch']).round(1).to_string(index=False), flush=True)
            pd.concat(tables).to_csv(out, index=False)
    df = pd.concat(tables)
    for arch in a.archs:
        print(f"\n== H [%], {arch}, mean ± std over seeds {a.seeds}")
        print(summarize([g for _, g in df[df.arch == arch].groupby('seed')]).to_string())
        t1 = df[df.arch == arch].groupby('model', sort=False).T1
        print('T1 [%]: ' + ', '.join(f"{m} {v.mean():.1f} ± {v.std(ddof=1):.1f}" for m, v in t1))
    print(f"\nwrote {out}")

if __name__ == '__main__': main()
