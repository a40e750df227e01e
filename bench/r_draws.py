"""Several pseudo-unseen draws for choosing the rebalancers: does averaging the selection over more than one held-out
pair of seen classes carry better to the real model? The remedy the paper's design allows for R (calibrated)'s
failure on MixUp's S-CC (`craftzsl.study`, "Why R (calibrated) trails on MixUp's S-CC").

The first measurement of it (2026-12-04), before the library took several draws: `bench/study_draws.py` runs the
library's own version (`outputs_study` with a list of pseudo-unseen pairs: every rebalancer, R (calibrated) with one
bias shared by the draws instead of the mean of the draws' biases used here) on the same saved draws.

    python bench/zsl_table.py --parts after --seeds 0 --out RUN.csv --cache DIR      # trains; saves DIR/*.pt
    python bench/r_draws.py DIR --pattern 'silhouettes_text_*seed0_after.pt' --extra 2 --out RUN.csv
    python bench/r_draws.py --summary RUN.csv RUN2.csv ...    # the summary of several runs together

For each saved study: the dataset is built again (same data, fold and seed), and `--extra` more pseudo-unseen splits
of its seen classes are drawn (`ds.pseudo_unseen(seed=...)`, each a held-out pair not drawn before), each with its own
pseudo-unseen pair trained as the study trains its (`fit_pair(pseudo_ds, seed=seed)`: the library's defaults, MixUp
for S-CC included); their outputs are saved beside the study (DIR/draws/) and reused on a second run. Then, with the
first n draws (n = 1: the study's own), and with each extra draw alone (is a gain the averaging, or a luckier draw?),
every rebalancer is chosen by its H *averaged over the draws*:
- R (calibrated): the (tau, alpha, C) with the best mean H over the draws (`select_discriminator`'s grid, each draw
  with its calibrated bias; the bias used is the mean of the draws' biases at that setting), fitted on the real model;
- the paper's R: the same, without a bias, positives the training images (as the study);
- calibrated stacking: the gamma with the best mean H over the draws, on the union of the draws' candidate gammas.
Scored on the real model's test split (the study's saved outputs). Nothing is chosen on a test image; single models
only (S-CC, V-CC)."""
import argparse, sys, time
from pathlib import Path
import numpy as np, pandas as pd
sys.path.insert(0, str(Path(__file__).parent))
from _common import start, machine_info
from zsl_table import load_outputs, save_outputs, dataset, md
from craftzsl.learner import fit_pair
from craftzsl.rebalance import CalibratedStacking, CraftedOutputs, evaluate_rebalancer, _best_middle
from craftzsl.metrics import gzsl_scores
from craftzsl.ensemble import ensemble_log_probs
from craftzsl.study import CALIBRATED_R_ROLES, CALIBRATED_R_FEATURES

def held_out(space): return tuple(sorted(np.asarray(space.names)[~space.seen]))

def extra_draws(path, ds, seed, n_extra, first, log):
    "`n_extra` more pseudo-unseen `[S-CC, V-CC]` outputs of `ds`, each holding out a pair of seen classes not drawn before"
    out, used, s = [], {first}, seed
    while len(out) < n_extra:
        s += 1000
        pds = ds.pseudo_unseen(seed=s)
        if held_out(pds.space) in used: continue
        used.add(held_out(pds.space))
        f = path.parent / 'draws' / f"{path.stem}_draw{s}.pt"
        if not f.exists():
            t = time.perf_counter()
            learners = fit_pair(pds, seed=seed)
            save_outputs(dict(main=[], learners=[], pseudo=[CraftedOutputs(l, pds, test=True) for l in learners],
                              pseudo_learners=learners, temperatures=None, chosen=None, table=None), f)
            log(f"{path.stem}: draw {s} ({', '.join(held_out(pds.space))}) trained in {time.perf_counter() - t:.0f} s")
        out.append(load_outputs(f)['pseudo'])
    return out

def searches(p, seed, calibrated):
    "R's grid searched on one pseudo-unseen model `p` (`select_discriminator`'s DataFrame: one row per setting, in a fixed order)"
    kw = dict(roles=CALIBRATED_R_ROLES, calibrate=True, features=CALIBRATED_R_FEATURES) if calibrated else {}
    return p.select_r(seed=seed, **kw)[1]

def choose_r(dfs, calibrated):
    "R's settings with the best H averaged over the draws' searches `dfs`; the bias: the mean of the draws' biases there"
    h = np.mean([d.H.to_numpy() for d in dfs], axis=0)
    i = _best_middle(np.arange(len(h)), h)
    best = dfs[0].iloc[i]
    ch = dict(tau=float(best.tau), alpha=float(best.alpha), C=float(best.C), bias=float(np.mean([d.bias.iloc[i] for d in dfs])))
    if calibrated: ch['features'] = CALIBRATED_R_FEATURES
    return ch

def choose_gamma(splits):
    "Calibrated stacking's gamma with the best H averaged over the pseudo-unseen `splits`"
    fitted = [CalibratedStacking().fit(s) for s in splits]
    gammas = np.unique(np.concatenate([f.search.gamma.to_numpy() for f in fitted]))
    def hs(s):
        ls, lu = ensemble_log_probs(s.seen, s.temperatures), ensemble_log_probs(s.unseen, s.temperatures)
        return [gzsl_scores(ls, s.y_seen, lu, s.y_unseen, s.space, seen_bias=g)['H'] for g in gammas]
    return float(_best_middle(gammas, np.mean([hs(s) for s in splits], axis=0)))

def subsets(n):
    "(label, draw indices): the first k draws (k = 1: the study's own), then each extra draw alone"
    return [(f'first {k}', list(range(k))) for k in range(1, n + 1)] + [(f'draw {j + 1} alone', [j]) for j in range(1, n)]

def case_rows(path, n_extra, log):
    d = load_outputs(path)
    kind, emb = path.stem.split('_')[:2]
    fold, seed = (int(path.stem.split(k)[1].split('_')[0]) for k in ('fold', 'seed'))
    ds = dataset(kind, emb, fold, seed, 100)
    first = held_out(d['pseudo'][0].space)
    draws = [d['pseudo']] + extra_draws(path, ds, seed, n_extra, first, log)
    rows = []
    for i, model in enumerate(('S-CC', 'V-CC')):
        main, ps = d['main'][i], [dr[i] for dr in draws]
        dfs = {cal: [searches(p, seed, cal) for p in ps] for cal in (True, False)}   # each draw searched once
        for label, idx in subsets(len(ps)):
            key = dict(case=path.stem, model=model, subset=label, draws=len(idx), held_out=' | '.join(', '.join(held_out(ps[j].space)) for j in idx))
            for name, cal in (('R (calibrated)', True), ('R', False)):
                ch = choose_r([dfs[cal][j] for j in idx], cal)
                r = main.fit_r(roles=CALIBRATED_R_ROLES if cal else ('train',), seed=seed, **ch)
                rows.append(dict(**key, rebalancer=name, H=evaluate_rebalancer(r, main.test)['H'] * 100, **ch))
            g = choose_gamma([ps[j].test for j in idx])
            rows.append(dict(**key, rebalancer='calibrated stacking', gamma=g,
                             H=evaluate_rebalancer(CalibratedStacking(g), main.test)['H'] * 100))
    stored = d['table'].set_index(['model', 'rebalancer']).H
    for r in rows:   # the first draw alone is the study itself: its H must be the stored one
        if r['subset'] == 'first 1' and abs(r['H'] - stored[(r['model'], r['rebalancer'])]) > 1e-6:
            raise AssertionError(f"{path.stem} {r['model']} {r['rebalancer']}: {r['H']:.2f} against the study's {stored[(r['model'], r['rebalancer'])]:.2f}")
    return rows

def summary(df):
    h = df.pivot_table(index=['case', 'model', 'subset'], columns='rebalancer', values='H')
    order = [l for l, _ in subsets(int(df.draws.max()))]
    lines = []
    for model in ('S-CC', 'V-CC'):
        hm = h.xs(model, level='model')
        lines += [f"\n{model}: test H [%], mean over {hm.index.get_level_values('case').nunique()} cases, and in how many cases each R "
                  "reaches calibrated stacking's test H (all three chosen on the same draws)\n",
                  '| pseudo-unseen draws | calibrated stacking | R (calibrated) | R (calibrated) >= stacking | R | R >= stacking |',
                  '|---|---|---|---|---|---|']
        for label in order:
            g = hm.xs(label, level='subset')
            cs = g['calibrated stacking']
            win = lambda c: f"{int((g[c] >= cs - 1e-9).sum())} of {len(g)}"
            lines.append(f"| {label} | {cs.mean():.1f} | {g['R (calibrated)'].mean():.1f} | {win('R (calibrated)')} | {g['R'].mean():.1f} | {win('R')} |")
    lines += ['', 'Per case:', '', md(h.round(1).reset_index())]
    return '\n'.join(lines)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('cache', nargs='?', help="the folder of `zsl_table.py --cache`")
    p.add_argument('--pattern', nargs='+', default=['*_after.pt'], help='glob(s) of the saved studies to use')
    p.add_argument('--extra', type=int, default=2, help='pseudo-unseen draws to add to the study\'s own, each with a trained pair')
    p.add_argument('--out', default=None)
    p.add_argument('--summary', nargs='+', default=None, help='only print the summary of these CSVs (of earlier runs), together')
    a = p.parse_args()
    if a.summary: print(summary(pd.concat([pd.read_csv(f) for f in a.summary], ignore_index=True))); return
    if not a.cache: p.error('give the cache folder (or --summary CSV...)')
    start(2)
    files = sorted({f for pat in a.pattern for f in Path(a.cache).glob(pat)})
    if not files: raise SystemExit(f"No cached study in {a.cache} matching {a.pattern}: run bench/zsl_table.py with --cache first.")
    rows, t0 = [], time.perf_counter()
    for f in files: rows += case_rows(f, a.extra, lambda s: print(s, flush=True))
    df, wall = pd.DataFrame(rows), time.perf_counter() - t0
    text = (f"{machine_info()}\n\ncommand: python bench/r_draws.py {' '.join(sys.argv[1:])}\n\ncases: "
            f"{', '.join(f.stem for f in files)}\n\nwall time {wall:.0f} s (training the extra draws included, unless saved)\n" + summary(df))
    print(text)
    if a.out:
        df.to_csv(a.out, index=False)
        Path(a.out).with_suffix('.md').write_text(text + '\n')

if __name__ == '__main__': main()
