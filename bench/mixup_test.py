"""What fastai's `MixUp` while fine-tuning S-CC (`fit_crafted(ds, cbs=MixUp(0.4))`) gives on the *test* images of the
silhouettes or Shapes, reported beside the stored rows of the recipe without it (MixUp became S-CC's default after these runs). It was chosen on held-out seen classes first
(`bench/choose_recipe.py finetune s_mixup ... --mixup 0.4`, no test image); alpha 0.4 is `MixUp`'s own default, not tuned.

    python bench/mixup_test.py --embeddings attributes text --folds 0 1 2 3 --seeds 0
    python bench/mixup_test.py --summary
    python bench/mixup_test.py --dataset shapes --seeds 0 1 2     # Shapes (one fold), against bench/results/zsl_shapes.csv

Per (embedding, fold, seed): the silhouettes as `bench/zsl_table.py` builds them, one `fit_pair` with the default
recipe plus `MixUp(0.4)` on S-CC's training batches, and the ZSL T1 and H (no rebalancing) of S-CC, V-CC and V&S-CC
on the unseen test images. V-CC trains without MixUp, the default recipe (on the pseudo-unseen splits `MixUp` changed nothing
for it: `finetune v_mixup`, 59.5 against 59.2), so its rows must equal the stored ones: a check that the rest of the
run is the benchmark's. The rows without MixUp are read from bench/results/zsl_silhouettes.csv
(part 'after', the same data, seeds and code path without `MixUp`). Rows go to bench/results/mixup_test.csv as they
come (a run resumes); the summary is printed."""
import argparse, sys, time
from pathlib import Path
import pandas as pd
sys.path.insert(0, str(Path(__file__).parent))
from _common import start, frozen_reference
from zsl_table import dataset
from fastai.callback.mixup import MixUp
from craftzsl.learner import fit_pair, fit_crafted
from craftzsl.ensemble import CraftEnsemble
from craftzsl.evaluate import zsl_evaluate

def run(kind, emb, fold, seed, alpha):
    ds = dataset(kind, emb, fold, seed, 100)
    mix = lambda rules: MixUp(alpha) if rules == 'semantic' else None   # S-CC only: V-CC is the default recipe's net
    learners = fit_pair(ds, seed=seed, trainer=lambda d, rules, **kw: fit_crafted(d, rules, cbs=mix(rules), **kw))
    rows = []
    for name, m in (('S-CC', learners[0]), ('V-CC', learners[1]), ('V&S-CC', CraftEnsemble(learners))):
        r = zsl_evaluate(m, ds, percent=True).iloc[0]
        rows.append(dict(embedding=emb, fold=fold, seed=seed, model=name, alpha=alpha, T1=float(r.T1), H=float(r.H)))
    return rows

def summary(df, stored):
    "Mean T1 and H with `MixUp` against the stored rows (trained without it) of the same cases, and how many cases each way"
    st = pd.read_csv(stored).query("rebalancer == 'none' and recipe == 'after' and part == 'after'")[['embedding', 'fold', 'seed', 'model', 'T1', 'H']]
    fr = frozen_reference(stored)
    t = df.merge(st, on=['embedding', 'fold', 'seed', 'model'], suffixes=('', ' stored'))
    g = t.groupby(['embedding', 'model'], sort=False)
    out = pd.DataFrame({'cases': g.size(), 'T1 stored': g['T1 stored'].mean().round(1), 'T1 MixUp': g.T1.mean().round(1),
                        'ahead': g.apply(lambda d: int((d.T1 > d['T1 stored'] + 1e-9).sum())),
                        'behind': g.apply(lambda d: int((d.T1 < d['T1 stored'] - 1e-9).sum())),
                        'H stored': g['H stored'].mean().round(1), 'H MixUp': g.H.mean().round(1)})
    ref = fr.reindex(pd.MultiIndex.from_frame(df[['embedding', 'fold', 'seed']].drop_duplicates()))
    lines = [out.to_string(), '', 'the frozen-feature rows of the same cases (stored), mean T1: '
             + ', '.join(f"{e}: " + ', '.join(f"{c} {v:.1f}" for c, v in r.items())
                         for e, r in ref[['S-CC frozen body', 'V-CC fine-tuning-free', 'ESZSL', 'SAE']].groupby(level=0).mean().iterrows())]
    w = t.pivot_table(index=['embedding', 'fold', 'seed'], columns='model', values=['T1', 'T1 stored'])
    for e, d in w.groupby(level=0):
        r = ref.loc[d.index]; base = r['best baseline + 5']
        for col in ('T1 stored', 'T1'):
            name = 'MixUp' if col == 'T1' else 'stored (no MixUp)'
            lines.append(f"{e}, {name}: fine-tuned S-CC > frozen-body S-CC in {(d[col]['S-CC'] > r['S-CC frozen body']).sum()}/{len(d)}, "
                         f"V-CC > fine-tuning-free V-CC in {(d[col]['V-CC'] > r['V-CC fine-tuning-free']).sum()}/{len(d)}, "
                         f"V&S-CC >= best baseline + 5 in {(d[col]['V&S-CC'] >= base).sum()}/{len(d)}")
    return '\n'.join(lines)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--dataset', default='silhouettes', choices=['silhouettes', 'shapes'])
    p.add_argument('--embeddings', nargs='+', default=['attributes', 'text'])
    p.add_argument('--folds', type=int, nargs='+', default=[0, 1, 2, 3]); p.add_argument('--seeds', type=int, nargs='+', default=[0])
    p.add_argument('--alpha', type=float, default=0.4, help="MixUp's Beta alpha (0.4: fastai's default)")
    p.add_argument('--out', default=None, help='default: bench/results/mixup_test.csv (silhouettes), mixup_test_shapes.csv'); p.add_argument('--summary', action='store_true')
    a = p.parse_args()
    out = Path(a.out or f"bench/results/mixup_test{'' if a.dataset == 'silhouettes' else '_shapes'}.csv")
    folds = a.folds if a.dataset == 'silhouettes' else [0]   # Shapes has one split of its classes
    df = pd.read_csv(out) if out.exists() else pd.DataFrame(columns=['embedding', 'fold', 'seed', 'model', 'alpha', 'T1', 'H'])
    if not a.summary:
        start(2)
        for emb in a.embeddings:
            for seed in a.seeds:
                for fold in folds:
                    if ((df.embedding == emb) & (df.fold == fold) & (df.seed == seed)).any(): continue
                    t = time.time(); rows = run(a.dataset, emb, fold, seed, a.alpha)
                    print(f"{emb} fold {fold} seed {seed}: " + ', '.join(f"{r['model']} {r['T1']:.1f}/{r['H']:.1f}" for r in rows)
                          + f" ({time.time() - t:.0f} s)", flush=True)
                    df = pd.concat([df, pd.DataFrame(rows)], ignore_index=True); df.to_csv(out, index=False)
    print("ZSL T1 and H [%] on the unseen test images, MixUp against the stored rows trained without it (reported only)\n" + summary(df, f'bench/results/zsl_{a.dataset}.csv'))

if __name__ == '__main__': main()
