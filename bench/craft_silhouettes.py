"""Crafting on the animal silhouettes: the `craft_shapes.py` table (S-CC, V-CC, V&S-CC with and without per-member
temperatures, fine-tuning-free V-CC, shuffled-embedding control), mean ± std over seen/unseen folds.

    python bench/craft_silhouettes.py [--folds 0 1 2 3] [--size 64] [--n_train 60] [--epochs 2]

10 classes, 3 unseen per fold (`silhouettes_folds`), chance T1 = 1/3. EfficientNet-Lite0 with its offline ImageNet
weights; 28 px silhouettes resized to `--size`. Fold k uses training seed k. Temperatures and the V-CC ridge lambda
come from seen data only. Writes the markdown table to bench/results/craft_silhouettes.md."""
import argparse, sys, time, warnings
from pathlib import Path
import torch
sys.path.insert(0, str(Path(__file__).parent))
from _common import start, write_report
from craft_shapes import run_one, summarize, claims, resolve_arch
from craftzsl.silhouettes import silhouettes_dataset, silhouettes_folds

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--folds', type=int, nargs='+', default=[0, 1, 2, 3])
    p.add_argument('--arch', default='efficientnet-lite0')
    p.add_argument('--size', type=int, default=64)
    p.add_argument('--n_train', type=int, default=60)
    p.add_argument('--n_valid', type=int, default=40)
    p.add_argument('--n_test', type=int, default=100)
    p.add_argument('--epochs', type=int, default=2)
    p.add_argument('--lr', type=float, default=2e-3)
    p.add_argument('--bs', type=int, default=32)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--out', default='bench/results/craft_silhouettes.md')
    a = p.parse_args()
    start(a.threads)
    folds = silhouettes_folds()
    settings = (f"animal silhouettes (animal-shape-mnist, deduplicated), 10 classes, 3 unseen per fold, folds {a.folds} "
                f"(unseen: {'; '.join(', '.join(folds[k]) for k in a.folds)}); 28px resized to {a.size}px; per class "
                f"{a.n_train} train / {a.n_valid} valid / {a.n_test} test images (seen and unseen); backbone {a.arch} "
                f"(ImageNet, offline); fine_tune({a.epochs}, lr {a.lr}), bs {a.bs}; training seed = fold; temperatures "
                f"and V-CC ridge lambda from seen data only")
    print(f"settings: {settings}", flush=True)
    tables, t_all = [], time.perf_counter()
    for k in a.folds:
        ds = silhouettes_dataset(fold=k, seed=0, n_valid=a.n_valid, n_test_seen=a.n_test, n_train=a.n_train,
                                 n_test_unseen=a.n_test, n_irrelevant=0)
        tab, info = run_one(ds, k, resolve_arch(a.arch), True, a.epochs, a.lr, a.bs, a.size)
        tables.append(tab)
        print(f"\n== fold {k} (unseen {ds.space.unseen_names}): " + ', '.join(f"{n} {v:.3g}" for n, v in info.items()))
        print((tab * 100).round(1).to_string(), flush=True)
    chance = 1 / ds.space.n_unseen
    md, means = summarize(tables, chance)
    wall = time.perf_counter() - t_all
    write_report(a.out, settings, wall, f"folds {a.folds}", md, claims(means, chance))

if __name__ == '__main__': main()
