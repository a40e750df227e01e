"""Which grid should R (calibrated) be chosen from? Judged without a test image: on each saved study's pseudo-unseen
split alone, settings chosen on one half of its images (stratified by class) and scored on the other half, both ways.
The study's grid (tau x mixup alpha x C, 108 settings, each with its calibrated bias) against tau and the bias only
(alpha 1, C 1: 9 settings), beside calibrated stacking chosen the same way.

    python bench/zsl_table.py --parts after --seeds 0 --out RUN.csv --cache DIR      # trains; saves DIR/*.pt
    python bench/r_grid_halves.py DIR --out bench/results/r_grid_halves.csv

A grid that wins here generalises better within the pseudo-unseen split (images it was not chosen on); it does not
measure the other step, from the pseudo-unseen model to the real one (`bench/r_calibrated_variants.py` does, on test
images)."""
import argparse, sys, time
from pathlib import Path
import numpy as np, pandas as pd
sys.path.insert(0, str(Path(__file__).parent))
from _common import start, machine_info
from zsl_table import load_outputs, md
from craftzsl.rebalance import (GZSLSplit, CalibratedStacking, evaluate_rebalancer, select_discriminator, MIXUP_ALPHAS,
                                D_INVERSE_REGULARISATIONS)
from craftzsl.study import CALIBRATED_R_ROLES, CALIBRATED_R_FEATURES

GRIDS = {'R (calibrated), study grid': dict(alphas=MIXUP_ALPHAS, Cs=D_INVERSE_REGULARISATIONS),
         'R (calibrated), alpha 1, C 1': dict(alphas=(1.,), Cs=(1.,))}

def halves(split, seed):
    "Two `GZSLSplit`s of `split`'s images, each class's seen and unseen images cut in two at random"
    rng = np.random.default_rng(seed)
    def cut(y):
        a = np.zeros(len(y), bool)
        for c in np.unique(y):
            i = rng.permutation(np.flatnonzero(y == c)); a[i[:len(i) // 2]] = True
        return a
    s, u = cut(split.y_seen), cut(split.y_unseen)
    return [GZSLSplit(split.seen[0][ms], split.y_seen[ms], split.unseen[0][mu], split.y_unseen[mu], split.space, origin=split.origin)
            for ms, mu in ((s, u), (~s, ~u))]

def chosen_h(p, A, B, seed, **grid):
    "R (calibrated) chosen on split A of pseudo-unseen model `p` by the library's `select_discriminator` (bias included), its H on split B"
    ch, _ = select_discriminator(p.positives(CALIBRATED_R_ROLES), p.f_irrelevant, p.head, A, seed=seed, calibrate=True,
                                 features=CALIBRATED_R_FEATURES, **grid)
    return evaluate_rebalancer(p.fit_r(roles=CALIBRATED_R_ROLES, seed=seed, **ch), B)['H'] * 100

def case_rows(path, n_draws):
    d = load_outputs(path)
    seed = int(path.stem.split('seed')[1].split('_')[0])
    rows = []
    for i, model in enumerate(('S-CC', 'V-CC')):
        p = d['pseudo'][i]
        for draw in range(n_draws):
            A, B = halves(p.test, draw)
            for a, b in ((A, B), (B, A)):
                key = dict(case=path.stem, model=model, draw=draw)
                rows.append(dict(**key, rebalancer='calibrated stacking', H=evaluate_rebalancer(CalibratedStacking().fit(a), b)['H'] * 100))
                for name, g in GRIDS.items(): rows.append(dict(**key, rebalancer=name, H=chosen_h(p, a, b, seed, **g)))
    return rows

def summary(df):
    h = df.groupby(['case', 'model', 'rebalancer']).H.mean().unstack('rebalancer')   # mean over draws and both directions
    lines = []
    for model in ('S-CC', 'V-CC'):
        hm = h.xs(model, level='model')
        best = hm.max(axis=1)
        lines += [f"\n{model}, {len(hm)} cases: held-out-half H [%] on the pseudo-unseen split, mean, and in how many cases each is the best\n",
                  '| rebalancer | H | best in |', '|---|---|---|']
        lines += [f"| {c} | {hm[c].mean():.1f} | {int((hm[c] >= best - 1e-9).sum())} of {len(hm)} |" for c in hm.columns]
    lines += ['', 'Per case (mean over draws and both directions):', '', md(h.round(1).reset_index())]
    return '\n'.join(lines)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('cache', help="the folder of `zsl_table.py --cache`")
    p.add_argument('--pattern', default='*_after.pt')
    p.add_argument('--draws', type=int, default=3, help='random halvings per case')
    p.add_argument('--out', default=None)
    a = p.parse_args()
    start(2)
    files = sorted(Path(a.cache).glob(a.pattern))
    if not files: raise SystemExit(f"No cached study in {a.cache} matching {a.pattern}: run bench/zsl_table.py with --cache first.")
    rows, t0 = [], time.perf_counter()
    for f in files:
        rows += case_rows(f, a.draws); print(f"{f.stem}: {time.perf_counter() - t0:.0f} s", flush=True)
    df = pd.DataFrame(rows)
    text = (f"machine: {machine_info()}\n\ncommand: python bench/r_grid_halves.py {' '.join(sys.argv[1:])}\n\n"
            f"cases: {', '.join(f.stem for f in files)}\n\nwall time {time.perf_counter() - t0:.0f} s\n{summary(df)}\n")
    print(text)
    if a.out: df.to_csv(a.out, index=False); Path(a.out).with_suffix('.md').write_text(text)

if __name__ == '__main__': main()
