"""The frozen-body S-CC (`FeatureSCC`) with and without the seen-span rules (`seen_span`), scored on held-out seen
classes only: the evidence on frozen features for S-CC's `seen_span` default (no test image).

    python bench/seen_span_frozen.py      # about 5 min a case on 2 shared cores; writes bench/results/seen_span_frozen.csv

Per case: the seen classes' train/valid images through the pretrained EfficientNet-Lite0 at 128 px,
`select_on_seen_classes` with 5 draws of held-out seen classes (2 of the silhouettes' 7; a quarter of Shapes' 18),
the mean held-out T1 of `FeatureSCC(seen_span=False)` (the paper's rules), `FeatureSCC()` (the seen span) and ESZSL
(gamma = lambda = 1). Cases: the silhouettes, attributes and text, folds 0-3, data seed 0; Shapes' text, seeds 0 and 1
(Shapes' attributes: 18 seen classes span all 16 dimensions, so nothing changes there).
The CSV was written by the same measurement before `seen_span` existed (the seen span then applied by a subclass
after the same fit; the same numbers by construction); its model names are FeatureSCC (the paper's) and SpanSCC."""
import sys, numpy as np, pandas as pd, torch
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from _common import start
from craftzsl.silhouettes import silhouettes_dataset
from craftzsl.shapes import shapes_dataset
from craftzsl.features import frozen_features, select_on_seen_classes, FeatureSCC, ESZSL

def main():
    start(2)
    rows = []
    cases = [('silhouettes', e, f, 0) for e in ('attributes', 'text') for f in range(4)] + [('shapes', 'text', 0, s) for s in (0, 1)]
    models = {'FeatureSCC': lambda: FeatureSCC(seen_span=False), 'SpanSCC': FeatureSCC, 'ESZSL': lambda: ESZSL(gamma=1., lam=1.)}
    for kind, emb, fold, seed in cases:
        if kind == 'silhouettes':
            ds = silhouettes_dataset(fold=fold, seed=seed, n_valid=40, n_test_seen=100, n_train=100, n_test_unseen=100, n_irrelevant=0, text=emb == 'text')
        else: ds = shapes_dataset(seed=seed, size=64, n_train=100, n_valid=10, n_test=20, n_irrelevant=0, text=emb == 'text')
        feats = frozen_features(ds, size=128, roles=('train', 'valid'))   # seen images only
        for name, make in models.items():
            _, df = select_on_seen_classes(make, [{}], feats, draws=5, seed=fold + 10 * seed)
            rows.append(dict(kind=kind, emb=emb, fold=fold, seed=seed, dim=ds.space.dim, n_seen=ds.space.n_seen, model=name, T1=df.T1.iloc[0] * 100))
        print(rows[-3:], flush=True)
    d = pd.DataFrame(rows); d.to_csv('bench/results/seen_span_frozen.csv', index=False)
    p = d.pivot_table(index=['kind', 'emb', 'fold', 'seed'], columns='model', values='T1')
    print(p.round(1).to_string()); print(p.groupby(level=[0, 1]).mean().round(1))

if __name__ == '__main__': main()
