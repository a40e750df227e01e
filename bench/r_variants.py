"""Why R (calibrated) trails calibrated stacking, and what D's input changes: on the member outputs that
`bench/zsl_table.py --cache DIR` saved (no training; nothing is chosen on a test image). Give each embedding its own
--pattern: the summary pools every case it reads.

    python bench/zsl_table.py --embeddings text --parts after --out RUN.csv --cache DIR   # trains; saves DIR/*.pt
    python bench/r_variants.py DIR --pattern 'silhouettes_text_*_after.pt' --out bench/results/r_variants_text.csv   # under a minute a case

For each cached case and each study model (S-CC, V-CC, V&S-CC), every rebalancer below is chosen on the case's
pseudo-unseen split exactly as `craftzsl.study.rebalancing_study` chooses it, then scored on the test split:
- calibrated stacking (the study's);
- R (calibrated) with D on the raw logits (`features='logits'`, the paper's input; the study's until 2026-12-02; the
  CSVs written before then call it 'R (calibrated)');
- R (calibrated) with D on the logits sorted within each group (`features='sorted'`, the study's default since: D cannot
  tell *which* class is high, only how peaked the seen and the unseen logits are);
- R (calibrated), D's input chosen on the pseudo-unseen split (the better pseudo-unseen H; ties: raw logits);
- the paper's R (positives the training images, no bias) with D on sorted logits, beside the study's paper R (its
  stored row).
An ensemble (V&S-CC) is rebalanced as the study does: each member its own calibrated R; the paper's R with one
shared tau chosen on the pseudo-unseen ensemble.
Per single model it also gives the AUC of D's logit at telling seen test images from unseen ones (and on the
pseudo-unseen split), beside the AUC of the gap between the best seen and the best unseen log-probability, the
statistic calibrated stacking thresholds."""
import argparse, copy, sys, time
from pathlib import Path
import numpy as np, pandas as pd
from sklearn.metrics import roc_auc_score
sys.path.insert(0, str(Path(__file__).parent))
from _common import start, machine_info
from zsl_table import load_outputs, md
from craftzsl.ensemble import tempered_log_softmax
from craftzsl.rebalance import (CalibratedStacking, RebalancedEnsemble, evaluate_rebalancer, merge_splits, select_ensemble_tau,
                                _critical_gaps, R_TEMPERATURES)
from craftzsl.study import STUDY_MODELS, CALIBRATED_R_ROLES

def auc(split, score):
    "AUC of `score(logits)` at telling the split's seen images (positive) from its unseen ones (one model)"
    X = np.concatenate([split.seen[0], split.unseen[0]])
    return roc_auc_score(np.r_[np.ones(len(split.seen[0])), np.zeros(len(split.unseen[0]))], score(X))

def gap(split): return auc(split, lambda X: _critical_gaps(tempered_log_softmax(X, 1.), split.space))

def calibrated(p, m, features, seed):
    "`(R fitted on the main model, the pseudo-unseen H of its settings, D's AUC there)`: R (calibrated) with D's input `features`"
    ch, df = p.select_r(roles=CALIBRATED_R_ROLES, seed=seed, calibrate=True, features=features)
    fit = lambda o: o.fit_r(roles=CALIBRATED_R_ROLES, seed=seed, **ch)   # `ch` carries D's input
    return fit(m), float(df.H.max()), auc(p.test, fit(p).logit)

def case_rows(path):
    d = load_outputs(path)
    seed = int(path.stem.split('seed')[1].split('_')[0])   # the study's seed: its mixup draws
    study = d['table'].set_index(['model', 'rebalancer'])   # the study's own rows
    R = {}   # per member: variant -> (R on the main model, pseudo-unseen H, D's pseudo-unseen AUC); 'paper': the paper's R (sorted) on both models
    for i, (p, m) in enumerate(zip(d['pseudo'], d['main'])):
        r = {v: calibrated(p, m, v, seed) for v in ('logits', 'sorted')}
        r['chosen'] = r['sorted'] if r['sorted'][1] > r['logits'][1] + 1e-12 else r['logits']
        ch, _ = p.select_r(seed=seed, features='sorted')
        r['paper'] = (m.fit_r(seed=seed, **ch), p.fit_r(seed=seed, **ch))   # `ch` carries features='sorted'
        R[i] = r
    names = {'logits': 'R (calibrated), raw logits', 'sorted': 'R (calibrated), sorted', 'chosen': 'R (calibrated), input chosen',
             'paper': 'R, sorted'}
    studied = names[d['chosen']['S-CC calibrated'].get('features', 'logits')]   # the study's own R (calibrated), as cached
    rows = []
    for model, idx in STUDY_MODELS.items():
        temps = lambda w: [d['temperatures'][w][i] for i in idx] if len(idx) > 1 else None
        test = merge_splits([d['main'][i].test for i in idx], temps('main'))
        val = merge_splits([d['pseudo'][i].test for i in idx], temps('pseudo'))
        rebs = {'calibrated stacking': CalibratedStacking().fit(val)}
        for v in ('logits', 'sorted', 'chosen'):
            rebs[names[v]] = R[idx[0]][v][0] if len(idx) == 1 else RebalancedEnsemble([R[i][v][0] for i in idx])
        if len(idx) == 1: rebs[names['paper']] = R[idx[0]]['paper'][0]
        else:   # Fig. 6: one tau for both members, chosen on the pseudo-unseen ensemble
            tau, _ = select_ensemble_tau([R[i]['paper'][1] for i in idx], val, R_TEMPERATURES)
            rebs[names['paper']] = ens = RebalancedEnsemble([copy.copy(R[i]['paper'][0]) for i in idx])
            for r in ens.rebalancers: r.tau = tau
        key = dict(case=path.stem, model=model)
        rows.append(dict(**key, rebalancer='R', **study.loc[(model, 'R'), ['S', 'U', 'H']].to_dict()))   # the study's paper R
        for name, reb in rebs.items():
            row = dict(**key, rebalancer=name, **{k: v * 100 for k, v in evaluate_rebalancer(reb, test).items() if k in 'SUH'})
            if len(idx) == 1:
                p = d['pseudo'][idx[0]].test
                row['auc_test'] = gap(test) if name == 'calibrated stacking' else auc(test, reb.logit)
                if name in (names['logits'], names['sorted']):
                    v = 'logits' if name == names['logits'] else 'sorted'
                    row['H_pseudo'], row['auc_pseudo'] = R[idx[0]][v][1] * 100, R[idx[0]][v][2]
                if name == 'calibrated stacking': row['auc_pseudo'] = gap(p)
            if name in ('calibrated stacking', studied):   # to check: the same again
                row['H_study'] = study.loc[(model, 'R (calibrated)' if name == studied else name), 'H']
            rows.append(row)
    return rows

def summary(df):
    h = df.pivot_table(index=['case', 'model'], columns='rebalancer', values='H')
    cs = h['calibrated stacking']
    lines = [f"{len(h)} cases (case x model); H [%] mean, and how often each reaches calibrated stacking's H:\n",
             '| rebalancer | mean H | >= calibrated stacking |', '|---|---|---|']
    for c in h.columns:
        lines.append(f"| {c} | {h[c].mean():.1f} | {int((h[c] >= cs - 1e-9).sum())} of {len(h)} |")
    for col, where in (('auc_test', 'test'), ('auc_pseudo', 'pseudo-unseen test')):
        a = df[df[col].notna()].groupby('rebalancer')[col].mean()
        lines += ['', f"AUC of seen against unseen images ({where} split), single models, mean: " +
                  ', '.join(f"{k} {v:.3f}" for k, v in a.items()) + " (calibrated stacking: the best-seen minus best-unseen gap)"]
    diff = (df.H - df.H_study).abs().max()
    lines += ['', f"Calibrated stacking and the study's R (calibrated) computed again from the cached outputs differ from the study's stored H by at most {diff:.2f} points."]
    lines += ['', md(df.groupby(['model', 'rebalancer'], sort=False).H.mean().round(1).unstack('rebalancer').reset_index())]
    return '\n'.join(lines)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('cache', help="the folder of `zsl_table.py --cache`")
    p.add_argument('--pattern', default='*_after.pt')
    p.add_argument('--out', default=None)
    a = p.parse_args()
    start(2)
    files = sorted(Path(a.cache).glob(a.pattern))
    if not files: raise SystemExit(f"No cached study in {a.cache} matching {a.pattern}: run bench/zsl_table.py with --cache first.")
    rows, t0 = [], time.perf_counter()
    for f in files:
        rows += case_rows(f); print(f"{f.stem}: {time.perf_counter() - t0:.0f} s", flush=True)
    df = pd.DataFrame(rows)
    text = (f"machine: {machine_info()}\n\ncommand: python bench/r_variants.py {' '.join(sys.argv[1:])}\n\n"
            f"cases: {', '.join(f.stem for f in files)}\n\nwall time {time.perf_counter() - t0:.0f} s\n\n{summary(df)}\n")
    print(text)
    if a.out:
        df.to_csv(a.out, index=False); Path(a.out).with_suffix('.md').write_text(text)

if __name__ == '__main__': main()
