"""Fig. 7 analogue on Shapes: T1 of S-CC, V-CC and V&S-CC across backbones.

    python bench/fig7_backbones.py [--archs efficientnet-lite0 resnet18 alexnet] [--seeds 0] [--size 64] [--epochs 2]

For each backbone and seed: a Shapes dataset (small: --n_train images per seen class), S-CC and V-CC trained with
`craftzsl.cli.train_pair` (the library's recipe, `craftzsl.learner.fit_crafted`: EfficientNet-Lite0 with its offline
ImageNet weights and `fine_tune`; the others from scratch with `fit_one_cycle`), their V&S-CC ensemble, and T1 (standard ZSL, unseen candidates only) of all three. Prints machine
info, one row per backbone and seed, T1 mean (± std over seeds), the ensemble's gain over the best member, and the
commands for the paper's four backbones (AlexNet, ResNet-101, DenseNet-201, DarkNet-53) on a GPU."""
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from _common import start
import argparse, os, platform, time, warnings, io, contextlib
import pandas as pd, torch
from craftzsl.shapes import shapes_dataset
from craftzsl.cli import train_pair
from craftzsl.ensemble import CraftEnsemble
import craftzsl.evaluate   # adds `zsl_evaluate` to learners and ensembles

PRETRAINED = {'efficientnet-lite0'}   # offline weights; torchvision/timm weights would need a download
PAPER_ARCHS = ['alexnet', 'resnet101', 'densenet201', 'timm:darknet53']

def paper_commands(dataset='shapes', epochs=10, size=224):
    "The `craftzsl train` commands of the paper's four backbones (ImageNet weights, so a download and a GPU)"
    cmds = []
    for arch in PAPER_ARCHS:
        name = arch.replace('timm:', '')
        for rules, tag in (('semantic', 'scc'), ('visual', 'vcc')):
            cmds.append(f"craftzsl train --dataset {dataset} --arch {arch} --rules {rules} --epochs {epochs} "
                        f"--size {size} --out models/{name}_{tag}.pkl")
        cmds.append(f"craftzsl evaluate models/{name}_scc.pkl models/{name}_vcc.pkl --dataset {dataset} --size {size}")
    return cmds

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--archs', nargs='+', default=['efficientnet-lite0', 'resnet18', 'alexnet'])
    p.add_argument('--seeds', type=int, nargs='+', default=[0])
    p.add_argument('--size', type=int, default=64, help='Shapes image size (alexnet needs >= 64)')
    p.add_argument('--n_train', type=int, default=20)
    p.add_argument('--n_test', type=int, default=15)
    p.add_argument('--epochs', type=int, default=2)
    p.add_argument('--bs', type=int, default=32)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--out', default='bench/results/fig7_backbones.csv')
    a = p.parse_args()
    start(a.threads)
    print(f"data: Shapes {a.size}px, 24 classes (18 seen, 6 unseen), {a.n_train} train / 5 valid / {a.n_test} test images "
          f"per class; epochs {a.epochs} (pretrained: fine_tune after 1 frozen epoch; scratch: fit_one_cycle), bs {a.bs}; "
          f"archs {a.archs}, seeds {a.seeds}", flush=True)
    rows = []
    for arch in a.archs:
        pre = arch in PRETRAINED
        for seed in a.seeds:
            t0 = time.perf_counter()
            ds = shapes_dataset(seed=seed, size=a.size, n_train=a.n_train, n_valid=5, n_test=a.n_test, n_irrelevant=0)
            ls = train_pair(ds, arch=arch, pretrained=pre, epochs=a.epochs, bs=a.bs, seed=seed, size=a.size)
            with contextlib.redirect_stdout(io.StringIO()):
                tab = pd.concat([l.zsl_evaluate(ds, percent=True) for l in ls] + [CraftEnsemble(ls).zsl_evaluate(ds, percent=True)])
            t1 = tab['T1']
            row = dict(arch=arch + (' (pretrained)' if pre else ' (scratch)'), seed=seed, **{f'T1 {k}': v for k, v in t1.items()},
                       **{f'H {k}': v for k, v in tab['H'].items()}, seconds=time.perf_counter() - t0)
            rows.append(row)
            print(f"== {row['arch']}, seed {seed}: " + ', '.join(f"T1 {k} {v:.1f}" for k, v in t1.items()) +
                  f" ({row['seconds']:.0f} s)", flush=True)
            os.makedirs(os.path.dirname(a.out), exist_ok=True); pd.DataFrame(rows).to_csv(a.out, index=False)
    df = pd.DataFrame(rows)
    cols = [c for c in df.columns if c.startswith('T1 ')]
    g = df.groupby('arch', sort=False)[cols]
    summ = g.mean().round(1).astype(str)
    if len(a.seeds) > 1: summ = summ + ' ± ' + g.std(ddof=1).round(1).astype(str)
    print(f"\n== Fig. 7 analogue: T1 [%] (mean over seeds {a.seeds}; chance {100/6:.1f})")
    print(summ.to_string())
    m = g.mean()
    gain = m['T1 V&S-CC'] - m[['T1 S-CC', 'T1 V-CC']].max(axis=1)
    print("V&S-CC minus best member [points]: " + ', '.join(f"{k} {v:+.1f}" for k, v in gain.items()))
    print(f"total {df.seconds.sum():.0f} s; wrote {a.out}")
    print("\nThe paper's four backbones (ImageNet weights: downloads, needs a GPU; timm:darknet53 needs `pip install timm`):")
    for c in paper_commands(): print('  ' + c)

if __name__ == '__main__': main()
