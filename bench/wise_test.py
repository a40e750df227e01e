"""What WiSE-FT (`fit_crafted(wise=)`) gives on the silhouettes' *test* images, reported only: the default stays (the
choice was made on held-out seen classes, `bench/choose_recipe.py finetune ... --wise`, and WiSE-FT was not adopted).

    python bench/wise_test.py --embeddings attributes text --folds 0 1 2 3 --seeds 0

Per (embedding, fold, seed): the silhouettes as `bench/zsl_table.py` builds them, one `fit_pair` with the default
recipe, and from the same training both the learners `fit_crafted` returns (theta1) and their WiSE-FT weights at
0.5 (theta0: the weights after the frozen epoch, kept by a callback; `craftzsl.learner.interpolate_weights`): ZSL T1
of S-CC, V-CC and V&S-CC on the unseen test images, paired. Rows go to bench/results/wise_test.csv as they come (a run
resumes); the summary is printed."""
import argparse, copy, sys, time
from pathlib import Path
import pandas as pd
sys.path.insert(0, str(Path(__file__).parent))
from _common import start
from zsl_table import dataset
from fastai.vision.all import Callback
from craftzsl.learner import fit_pair, fit_crafted, interpolate_weights
from craftzsl.ensemble import CraftEnsemble
from craftzsl.evaluate import zsl_evaluate

class KeepTheta0(Callback):
    "The weights after the first fit (the frozen phase), once `SaveModelCallback` has reloaded its best epoch"
    order = 99
    def __init__(self): self.theta0 = None
    def after_fit(self):
        if self.theta0 is None: self.theta0 = copy.deepcopy(self.learn.model.state_dict())

def t1s(learners, ds):
    "T1 [%] of S-CC, V-CC and V&S-CC"
    return {n: float(zsl_evaluate(m, ds, percent=True).T1.iloc[0])
            for n, m in (('S-CC', learners[0]), ('V-CC', learners[1]), ('V&S-CC', CraftEnsemble(learners)))}

def run(emb, fold, seed, alpha=0.5):
    ds = dataset('silhouettes', emb, fold, seed, 100)
    keep = [KeepTheta0(), KeepTheta0()]   # one per learner, S-CC first (`fit_pair`'s order)
    calls = iter(keep)
    learners = fit_pair(ds, seed=seed, trainer=lambda d, rules, **kw: fit_crafted(d, rules, cbs=next(calls), **kw))
    before = t1s(learners, ds)
    for l, k in zip(learners, keep): interpolate_weights(l.model, k.theta0, alpha)
    after = t1s(learners, ds)
    return [dict(embedding=emb, fold=fold, seed=seed, model=m, returned=before[m], wise=after[m], alpha=alpha) for m in before]

def summary(df):
    g = df.groupby(['embedding', 'model'], sort=False)
    t = pd.DataFrame({'cases': g.size(), 'returned epoch': g.returned.mean().round(1), 'WiSE-FT 0.5': g.wise.mean().round(1),
                      'WiSE-FT ahead': g.apply(lambda d: int((d.wise > d.returned + 1e-9).sum())),
                      'behind': g.apply(lambda d: int((d.wise < d.returned - 1e-9).sum()))})
    return t.to_string()

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--embeddings', nargs='+', default=['attributes', 'text'])
    p.add_argument('--folds', type=int, nargs='+', default=[0, 1, 2, 3]); p.add_argument('--seeds', type=int, nargs='+', default=[0])
    p.add_argument('--out', default='bench/results/wise_test.csv'); p.add_argument('--summary', action='store_true')
    a = p.parse_args()
    out = Path(a.out)
    df = pd.read_csv(out) if out.exists() else pd.DataFrame(columns=['embedding', 'fold', 'seed'])
    if not a.summary:
        start(2)
        for emb in a.embeddings:
            for seed in a.seeds:
                for fold in a.folds:
                    if ((df.embedding == emb) & (df.fold == fold) & (df.seed == seed)).any(): continue
                    t = time.time(); rows = run(emb, fold, seed)
                    print(f"{emb} fold {fold} seed {seed}: " + ', '.join(f"{r['model']} {r['returned']:.1f} -> {r['wise']:.1f}" for r in rows)
                          + f" ({time.time() - t:.0f} s)", flush=True)
                    df = pd.concat([df, pd.DataFrame(rows)], ignore_index=True); df.to_csv(out, index=False)
    print("ZSL T1 [%] on the unseen test images, the epoch fit_crafted returns and its WiSE-FT weights (reported only)\n" + summary(df))

if __name__ == '__main__': main()
