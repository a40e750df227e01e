"""R (calibrated) chosen in other ways, on the member outputs that `bench/zsl_table.py --cache DIR` saved (no training;
every setting chosen on the case's pseudo-unseen split, as `craftzsl.study` chooses it, then scored on the test split).
Written when MixUp became S-CC's default (2026-12-03) and R (calibrated) fell behind calibrated stacking on S-CC:
does another choice of D's positives, of its grid, or a D standardised on its own training data close that gap?

    python bench/zsl_table.py --parts after --seeds 0 --out RUN.csv --cache DIR      # trains; saves DIR/*.pt
    python bench/r_calibrated_variants.py DIR --out bench/results/r_calibrated_variants.csv   # about a minute a case

Per case and single model (S-CC, V-CC), H [%] on the test split of:
- calibrated stacking (the study's);
- R (calibrated) as the study chooses it (D on sorted logits, positives the held-out seen validation images, tau,
  mixup alpha, C and D's bias chosen on the pseudo-unseen split);
- 'standardised D': D's logit centred and scaled by its mean on its own positives and negatives (its training data),
  so that the bias chosen on the pseudo-unseen model means the same on the real one;
- 'alpha 1, C 1': only tau and the bias chosen (the grid of 108 settings cut to 9);
- 'positives train' / 'positives train+valid': D's positives the training images (the paper's) or both roles.
It also gives, per single model, the AUC at telling seen test images from unseen ones of the study's D (on the real
and on the pseudo-unseen model) and of the best-seen minus best-unseen gap, which calibrated stacking thresholds."""
import argparse, sys, time
from pathlib import Path
import numpy as np, pandas as pd
sys.path.insert(0, str(Path(__file__).parent))
from _common import start, machine_info
from zsl_table import load_outputs, md
from r_variants import auc, gap
from craftzsl.ensemble import tempered_log_softmax
from craftzsl.metrics import gzsl_scores
from craftzsl.rebalance import (CalibratedStacking, DiscriminatorRebalancer, head_logits, mixup_logits, rebalance_log_probs,
                                evaluate_rebalancer, _best_bias, _best_middle, R_TEMPERATURES, MIXUP_ALPHAS, D_INVERSE_REGULARISATIONS)
from craftzsl.study import CALIBRATED_R_ROLES, CALIBRATED_R_FEATURES

VARIANTS = {'R (calibrated)': {}, 'standardised D': dict(standardise=True), 'alpha 1, C 1': dict(alphas=(1.,), Cs=(1.,)),
            'positives train': dict(roles=('train',)), 'positives train+valid': dict(roles=('train', 'valid'))}

def d_logit(o, alpha, C, seed, roles=CALIBRATED_R_ROLES, standardise=False):
    "D's logit as a function of logits, fitted on model `o` (optionally standardised on D's own training data)"
    f = o.positives(roles)
    pos, neg = head_logits(o.head, f), mixup_logits(f, o.f_irrelevant, o.head, alpha, None, seed)
    d = DiscriminatorRebalancer(alpha=alpha, C=C, seed=seed, features=CALIBRATED_R_FEATURES).fit_logits(pos, neg, o.space.seen).discriminator.logit
    if not standardise: return d
    mp, mn = d(pos).mean(), d(neg).mean()
    return lambda x: (d(x) - (mp + mn) / 2) / ((mp - mn) / 2)

def h_of(split, d, tau, bias):
    sp = split.space
    return gzsl_scores(rebalance_log_probs(tempered_log_softmax(split.seen[0], tau), d(split.seen[0]) + bias, sp.seen), split.y_seen,
                       rebalance_log_probs(tempered_log_softmax(split.unseen[0], tau), d(split.unseen[0]) + bias, sp.seen),
                       split.y_unseen, sp)['H'] * 100

def variant(p, m, seed, roles=CALIBRATED_R_ROLES, standardise=False, **grid):
    "`(test H, pseudo-unseen H, chosen settings)`: the settings chosen on the pseudo-unseen model `p`, R fitted again on `m`"
    if not standardise:   # the library's own selection (`select_discriminator` with `calibrate=True`), as the study does it
        ch, df = p.select_r(roles=roles, seed=seed, calibrate=True, features=CALIBRATED_R_FEATURES, **grid)
        return evaluate_rebalancer(m.fit_r(roles=roles, seed=seed, **ch), m.test)['H'] * 100, df.H.max() * 100, pd.Series(ch)
    s, rows = p.test, []   # D standardised: the same search, D's logit rescaled before the bias is calibrated
    for alpha in grid.get('alphas', MIXUP_ALPHAS):
        for C in grid.get('Cs', D_INVERSE_REGULARISATIONS):
            d = d_logit(p, alpha, C, seed, roles, standardise); ds, du = d(s.seen[0]), d(s.unseen[0])
            for tau in R_TEMPERATURES:
                bias = _best_bias(s.seen[0], s.unseen[0], ds, du, tau, s)
                rows.append(dict(tau=tau, alpha=alpha, C=C, bias=bias, H=h_of(s, d, tau, bias)))
    df = pd.DataFrame(rows)
    best = df.iloc[_best_middle(np.arange(len(df)), df.H.to_numpy())]
    return h_of(m.test, d_logit(m, best.alpha, best.C, seed, roles, standardise), best.tau, best.bias), best.H, best

def case_rows(path):
    d = load_outputs(path)
    seed = int(path.stem.split('seed')[1].split('_')[0])
    rows = []
    for i, model in enumerate(('S-CC', 'V-CC')):
        p, m = d['pseudo'][i], d['main'][i]
        key = dict(case=path.stem, model=model)
        cs = CalibratedStacking().fit(p.test)
        rows.append(dict(**key, rebalancer='calibrated stacking', H=evaluate_rebalancer(cs, m.test)['H'] * 100,
                         H_pseudo=evaluate_rebalancer(cs, p.test)['H'] * 100, auc_test=gap(m.test), auc_pseudo=gap(p.test)))
        for name, kw in VARIANTS.items():
            h, hp, best = variant(p, m, seed, **kw)
            row = dict(**key, rebalancer=name, H=h, H_pseudo=hp, tau=best.tau, alpha=best.alpha, C=best.C)
            if name == 'R (calibrated)':
                row['auc_test'] = auc(m.test, d_logit(m, best.alpha, best.C, seed))
                row['auc_pseudo'] = auc(p.test, d_logit(p, best.alpha, best.C, seed))
                row['H_study'] = d['table'].set_index(['model', 'rebalancer']).loc[(model, 'R (calibrated)'), 'H']
            rows.append(row)
    return rows

def summary(df):
    h = df.pivot_table(index=['case', 'model'], columns='rebalancer', values='H')
    lines = []
    for model in ('S-CC', 'V-CC'):
        hm = h.xs(model, level='model'); cs = hm['calibrated stacking']
        lines += [f"\n{model}, {len(hm)} cases: test H [%] mean (pseudo-unseen H mean), and how often each reaches calibrated stacking's test H\n",
                  '| rebalancer | test H | pseudo-unseen H | >= calibrated stacking |', '|---|---|---|---|']
        hp = df[df.model == model].groupby('rebalancer').H_pseudo.mean()
        lines += [f"| {c} | {hm[c].mean():.1f} | {hp[c]:.1f} | {int((hm[c] >= cs - 1e-9).sum())} of {len(hm)} |" for c in hm.columns]
        a = df[(df.model == model) & df.auc_test.notna()].groupby('rebalancer')[['auc_test', 'auc_pseudo']].mean()
        lines += ['', f"AUC, seen against unseen test images (pseudo-unseen model on its split): study's D "
                  f"{a.loc['R (calibrated)', 'auc_test']:.3f} ({a.loc['R (calibrated)', 'auc_pseudo']:.3f}), best-seen minus best-unseen gap "
                  f"{a.loc['calibrated stacking', 'auc_test']:.3f} ({a.loc['calibrated stacking', 'auc_pseudo']:.3f})"]
    diff = (df.H - df.H_study).abs().max()
    lines += ['', f"The study's R (calibrated) computed again here differs from its stored H by at most {diff:.2f} points.",
              '', 'Per case, test H [%]:', '', md(h.round(1).reset_index())]
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
    text = (f"machine: {machine_info()}\n\ncommand: python bench/r_calibrated_variants.py {' '.join(sys.argv[1:])}\n\n"
            f"cases: {', '.join(f.stem for f in files)}\n\nwall time {time.perf_counter() - t0:.0f} s\n{summary(df)}\n")
    print(text)
    if a.out: df.to_csv(a.out, index=False); Path(a.out).with_suffix('.md').write_text(text)

if __name__ == '__main__': main()
