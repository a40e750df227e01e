"""The rebalancing study with several pseudo-unseen draws (`craftzsl.study`: `study_models(draws=...)`,
`rebalancing_study`/`outputs_study` with a list of pseudo-unseen pairs): every rebalancer (R, R (calibrated) with one
bias shared by the draws, calibrated stacking, COSMO, the ensemble's tau) chosen by its H averaged over the draws,
against the study's single draw, on the same real models and test split.

    python bench/zsl_table.py --parts after --seeds 0 1 2 --out RUN.csv --cache DIR    # trains; saves DIR/*.pt
    python bench/study_draws.py DIR --draws 3 --out bench/results/study_draws.csv        # trains the extra pairs once
    python bench/study_draws.py --summary bench/results/study_draws.csv

For each saved study the dataset is built again (same data, fold and seed); `pseudo_unseen_draws(ds, draws, seed=seed)`
gives the study's own pseudo-unseen split first, then splits holding out other seen classes; each extra one gets its
pair trained as the study trains its (`fit_pair(pseudo_ds, seed=seed)`), saved in DIR/draws/ (as `bench/r_draws.py`
names them) and reused. Then `outputs_study` runs on the first k draws for k = 1 (the study: its stored table is
checked to be reproduced exactly) up to `--draws`. The members' temperatures of the extra draws are fitted on their
seen validation images (`CraftedOutputs.seen_temperature`, as `CraftEnsemble` does). Nothing is chosen on a test image."""
import argparse, sys, time
from pathlib import Path
import numpy as np, pandas as pd
sys.path.insert(0, str(Path(__file__).parent))
from _common import start, machine_info
from zsl_table import load_outputs, save_outputs, dataset, md
from craftzsl.learner import fit_pair
from craftzsl.rebalance import CraftedOutputs
from craftzsl.study import pseudo_unseen_draws, outputs_study, STUDY_MODELS

def case_draws(path, draws, log):
    "The saved study's pseudo-unseen `[S-CC, V-CC]` outputs, then `draws - 1` more (trained once, then loaded)"
    d = load_outputs(path)
    kind, emb = path.stem.split('_')[:2]
    fold, seed = (int(path.stem.split(k)[1].split('_')[0]) for k in ('fold', 'seed'))
    pds = pseudo_unseen_draws(dataset(kind, emb, fold, seed, 100), draws, seed=seed)
    if pds[0].space.names != d['pseudo'][0].space.names or not np.array_equal(pds[0].space.seen, d['pseudo'][0].space.seen):
        raise AssertionError(f"{path.stem}: the first draw is not the study's pseudo-unseen split")
    out = [d['pseudo']]
    for p in pds[1:]:
        f = path.parent / 'draws' / f"{path.stem}_draw{p.draw_seed}.pt"
        if not f.exists():
            t = time.perf_counter()
            learners = fit_pair(p, seed=seed)
            save_outputs(dict(main=[], learners=[], pseudo=[CraftedOutputs(l, p, test=True) for l in learners],
                              pseudo_learners=learners, temperatures=None, chosen=None, table=None), f)
            log(f"{path.stem}: draw {p.draw_seed} ({', '.join(p.space.unseen_names)}) trained in {time.perf_counter() - t:.0f} s")
        out.append(load_outputs(f)['pseudo'])
        if out[-1][0].space.unseen_names != p.space.unseen_names: raise AssertionError(f"{f}: another draw than {p.space.unseen_names}")
    return d, seed, out

def case_rows(path, draws, log):
    d, seed, pseudo = case_draws(path, draws, log)
    emb = path.stem.split('_')[1]
    rows = []
    for k in range(1, draws + 1):
        temps = dict(main=d['temperatures']['main'], pseudo=[d['temperatures']['pseudo']] + [None] * (k - 1))   # None: fitted on the outputs
        t = time.perf_counter()
        res = outputs_study(d['main'], pseudo[:k], temps, seed=seed)
        if k == 1:   # the study itself
            a, b = (x.set_index(['model', 'rebalancer'])[['T1', 'S', 'U', 'H']] for x in (res['table'], d['table']))
            if (a - b).abs().to_numpy().max() > 1e-9: raise AssertionError(f"{path.stem}: the single draw does not reproduce the stored study")
        log(f"{path.stem}: {k} draw(s), selection {res['time_select']:.1f} s, study {time.perf_counter() - t:.1f} s")
        rows += [dict(case=path.stem, embedding=emb, seed=seed, draws=k, **r) for r in res['table'].drop(columns='seed').to_dict('records')]
    return rows

def summary(df):
    lines = []
    for k, g in df.groupby('draws'):
        h = g.pivot_table(index=['case', 'model'], columns='rebalancer', values='H')
        lines += [f"\n**{k} pseudo-unseen draw(s)**: test H [%], mean over {h.index.get_level_values('case').nunique()} cases; "
                  "R (calibrated) >= calibrated stacking: in how many cases\n",
                  '| model | none | calibrated stacking | COSMO | R | R (calibrated) | oracle | R (calibrated) >= stacking |', '|---|---|---|---|---|---|---|---|']
        for m in STUDY_MODELS:
            x = h.xs(m, level='model')
            win = int((x['R (calibrated)'] >= x['calibrated stacking'] - 1e-9).sum())
            lines.append(f"| {m} | " + ' | '.join(f"{x[r].mean():.1f}" for r in ('none', 'calibrated stacking', 'COSMO', 'R', 'R (calibrated)', 'oracle'))
                         + f" | {win} of {len(x)} |")
    by_emb = df.pivot_table(index=['draws', 'embedding', 'case', 'model'], columns='rebalancer', values='H')
    w = (by_emb['R (calibrated)'] >= by_emb['calibrated stacking'] - 1e-9).groupby(['draws', 'embedding']).agg(['sum', 'size'])
    lines += ['', 'R (calibrated) >= calibrated stacking, (model, case) pairs, by embedding:', '',
              md(w.rename(columns={'sum': 'R (calibrated) >= stacking', 'size': 'pairs'}).reset_index())]
    return '\n'.join(lines)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('cache', nargs='?', help="the folder of `zsl_table.py --cache`")
    p.add_argument('--pattern', nargs='+', default=['*_after.pt'], help='glob(s) of the saved studies to use')
    p.add_argument('--draws', type=int, default=3, help="pseudo-unseen draws at most (the study's own included)")
    p.add_argument('--out', default=None)
    p.add_argument('--summary', nargs='+', default=None, help='only print the summary of these CSVs (of earlier runs), together')
    a = p.parse_args()
    if a.summary: print(summary(pd.concat([pd.read_csv(f) for f in a.summary], ignore_index=True))); return
    if not a.cache: p.error('give the cache folder (or --summary CSV...)')
    start(2)
    files = sorted({f for pat in a.pattern for f in Path(a.cache).glob(pat)})
    if not files: raise SystemExit(f"No cached study in {a.cache} matching {a.pattern}: run bench/zsl_table.py with --cache first.")
    rows, t0 = [], time.perf_counter()
    for f in files:
        rows += case_rows(f, a.draws, lambda s: print(s, flush=True))
        if a.out: pd.DataFrame(rows).to_csv(a.out, index=False)   # partial results survive an interruption
    df, wall = pd.DataFrame(rows), time.perf_counter() - t0
    text = (f"{machine_info()}\n\ncommand: python bench/study_draws.py {' '.join(sys.argv[1:])}\n\ncases: "
            f"{', '.join(f.stem for f in files)}\n\nwall time {wall:.0f} s (training the extra draws included, unless saved)\n" + summary(df))
    print(text)
    if a.out:
        df.to_csv(a.out, index=False)
        Path(a.out).with_suffix('.md').write_text(text + '\n')

if __name__ == '__main__': main()
