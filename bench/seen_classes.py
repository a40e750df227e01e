"""Does fine-tuning add more to a crafted net when there are more seen classes? Shapes with all 18 of its seen classes
against the same dataset cut to fewer of them: the same 6 unseen classes, the same test images, the same recipe.

    python bench/seen_classes.py                       # attributes, seeds 0-2, 18 and 7 seen classes
    python bench/seen_classes.py --n_seen 18 12 7 --embedding text

Per (seed, number of seen classes): `shapes_dataset(seed)` as `bench/zsl_table.py --dataset shapes` builds it; for
fewer seen classes, a draw of that many seen classes (seeded) keeps its images and the rest are removed. Then the
fine-tuning-free V-CC and the frozen-body S-CC on frozen EfficientNet-Lite0 features at the recipe's size, and S-CC and
V-CC trained by `craftzsl.learner.fit_crafted` with its defaults. ZSL T1 on the unseen test images; nothing is chosen
on them (the epoch is chosen on seen validation, as always). Writes bench/results/seen_classes_<embedding>.csv."""
import argparse, sys, time
from pathlib import Path
import numpy as np, pandas as pd
sys.path.insert(0, str(Path(__file__).parent))
from _common import start
from craftzsl.core import ClassSpace
from craftzsl.data import ZSLDataset
from craftzsl.shapes import shapes_dataset
from craftzsl.learner import fit_crafted, default_size
from craftzsl.evaluate import zsl_evaluate
from craftzsl.features import frozen_features, feature_table, FeatureVCC, FeatureSCC

def fewer_seen(ds, n_seen, seed):
    "`ds` with only `n_seen` of its seen classes (a seeded draw); unseen classes and their images unchanged"
    sp = ds.space
    if n_seen >= sp.n_seen: return ds
    keep = sorted(np.random.default_rng(seed).choice(sp.seen_names, n_seen, replace=False).tolist())
    names = [n for n in sp.names if n in keep or n in sp.unseen_names]
    idx = [sp.names.index(n) for n in names]
    space = ClassSpace(names, sp.embeddings[idx], seen=keep, attribute_names=sp.attribute_names, vectorizer=sp.vectorizer)
    return ZSLDataset(ds.items[ds.items.label.isin(names)], space, irrelevant=ds.irrelevant, name=f'{ds.name}, {n_seen} seen classes')

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--n_seen', type=int, nargs='+', default=[18, 7]); p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    p.add_argument('--embedding', default='attributes', choices=['attributes', 'text']); p.add_argument('--threads', type=int, default=2)
    p.add_argument('--summary', help='print the summary of a finished CSV and stop')
    a = p.parse_args()
    if a.summary:
        df = pd.read_csv(a.summary)
        return summary(df, a.embedding, f"sum of the configurations' times {df.seconds.sum() / 60:.1f} min")
    start(a.threads); print(a, flush=True)
    out, t0 = Path(f'bench/results/seen_classes_{a.embedding}.csv'), time.time()
    rows = pd.read_csv(out).to_dict('records') if out.exists() else []   # a run adds to the CSV: finished configurations are skipped
    for seed in a.seeds:
        full = shapes_dataset(seed=seed, size=64, n_train=100, n_valid=10, n_test=20, n_irrelevant=0, text=a.embedding == 'text')
        for n in a.n_seen:
            if any(r['seed'] == seed and r['n_seen'] == min(n, full.space.n_seen) for r in rows): continue
            t = time.time()
            ds = fewer_seen(full, n, seed)
            ref = feature_table(frozen_features(ds, size=default_size(ds)), [FeatureVCC(), FeatureSCC(seed=seed)])
            r = dict(seed=seed, n_seen=ds.space.n_seen, **{m: ref.loc[m, 'T1'] for m in ref.index})
            for rules, name in (('semantic', 'S-CC'), ('visual', 'V-CC')):
                r[name] = float(zsl_evaluate(fit_crafted(ds, rules, seed=seed), ds).T1.iloc[0]) * 100
            rows.append(dict(**r, seconds=time.time() - t))
            print(rows[-1], flush=True)
            pd.DataFrame(rows).to_csv(out, index=False)
    summary(pd.DataFrame(rows), a.embedding, f"wall time of this run {(time.time() - t0) / 60:.1f} min")
    print(f"wrote {out}")

def summary(df, embedding, timing):
    "Mean T1 per number of seen classes, and what fine-tuning adds to each model"
    df['V-CC gain'] = df['V-CC'] - df['V-CC fine-tuning-free']; df['S-CC gain'] = df['S-CC'] - df['S-CC frozen body']
    print(f"\nT1 [%] on the 6 unseen classes, {embedding}, mean over seeds {sorted(df.seed.unique().tolist())} ({timing})")
    print(df.drop(columns=['seed', 'seconds']).groupby('n_seen').mean().round(1).to_string())
    for m in ('V-CC', 'S-CC'):
        print(f"fine-tuning adds to {m} in", {n: f"{(g[m + ' gain'] > 0).sum()} of {len(g)}" for n, g in df.groupby('n_seen')})

if __name__ == '__main__': main()
