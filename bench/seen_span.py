"""S-CC's unseen rules through the span of the seen rules (`RuleHead(seen_span=True)`, S-CC's default since 2026-12-03),
measured on the studies `bench/zsl_table.py --parts after --cache DIR` saved: no training, nothing chosen on a test image.

    python bench/seen_span.py DIR --pattern '*_after.pt' --out bench/results/seen_span.csv    # every cached case (default pattern: the silhouettes')
    python bench/zsl_table.py --merge bench/results/seen_span_silhouettes.csv --out bench/results/zsl_silhouettes.csv

The stored `seen_span_silhouettes.csv` and `seen_span_shapes.csv` are that one run's rows split by dataset, and
`seen_span_compare.csv` its comparison (2026-12-03, 57-84 s a case on 2 cores, a frozen-feature bench beside it).

The nets are the cached ones: the seen-span head changes no seen logit, so training, the epoch chosen on seen
validation and the members' seen-validation temperatures are what they were. Per case, the S-CC member's unseen logits
are recomputed with its rules' part in the span of the seen rules, on the test split and on the pseudo-unseen split
(whose S-CC is a net of its own, with its own seen classes), and the whole after part is redone from those outputs as
`zsl_table.py` does it (`craftzsl.study.outputs_study`: every rebalancer chosen on the pseudo-unseen split; the plain
and the weighted V&S-CC). Each case is first redone with the heads as cached: those rows must equal the stored study's
(`--check`: against the CSV the cache came from), or the case is refused.
Writes the zsl_table rows (part 'after', `scc_head` 'seen span'; training time and seen validation accuracies as
stored) to --out and, beside it, `<out>_compare.csv`: per case and study row, T1 and H with the cached head and with
the seen span, and S-CC's T1 on the pseudo-unseen classes (held-out seen classes: the evidence the default rests on).
Prints the mean of each, per dataset and embedding."""
import argparse, re, sys, time
from pathlib import Path
import numpy as np, pandas as pd, torch
sys.path.insert(0, str(Path(__file__).parent))
from _common import start
from zsl_table import COLS, load_outputs, weighted_row, merge
from craftzsl.learner import seen_span_rules
from craftzsl.metrics import zsl_t1
from craftzsl.ensemble import ensemble_log_probs
from craftzsl.rebalance import GZSLSplit, Rebalancer, merge_splits, rebalancer_table
from craftzsl.study import outputs_study

def span_logits(logits, rules, seen):
    "A dot-product head's logits over all classes, its unseen columns as `seen_span_rules` would give them"
    s = np.asarray(seen, bool)
    R = rules.double()
    C = (R[~s] @ torch.linalg.pinv(R[s])).numpy()   # each unseen rule's span part, as a mix of the seen rules
    out = np.array(logits, dtype=np.float64)
    out[:, ~s] = out[:, s] @ C.T
    return out.astype(np.asarray(logits).dtype)

def to_span(o, head):
    "The S-CC `CraftedOutputs` `o` (cached head `head`) with the seen-span head: its head callable and test logits; False if nothing changes"
    if head.cosine: raise ValueError("seen_span rescoring needs S-CC's dot-product head (cosine logits are not linear in the rules).")
    if seen_span_rules(head.rules, head.seen) is head.rules: return False
    t, seen = o.test, head.seen.numpy()
    o.test = GZSLSplit(span_logits(t.seen[0], head.rules, seen), t.y_seen, span_logits(t.unseen[0], head.rules, seen),
                       t.y_unseen, t.space, t.temperatures, t.origin)
    head.seen_span = True
    o.head = lambda f: head.logits_all(torch.as_tensor(f)).float()
    return True

def pseudo_scc_t1(d):
    "T1 [%] of the study's pseudo-unseen S-CC on its pseudo-unseen classes (held-out seen classes: no test image)"
    t = d['pseudo'][0].test
    return zsl_t1(t.unseen[0][:, ~t.space.seen], t.y_unseen, t.space) * 100

def after_rows(d, seed):
    "The after part's rows of `zsl_table.run_part` from a study's outputs (`main`, `pseudo`, `temperatures`)"
    res = dict(d, **outputs_study(d['main'], d['pseudo'], d['temperatures'], seed))
    rows = res['table'][['model', 'rebalancer', *COLS]].to_dict('records')
    plain = merge(res['main'])   # the paper's plain average: both members at temperature 1
    plain.temperatures = [1., 1.]
    t1 = zsl_t1(ensemble_log_probs([m[:, ~plain.space.seen] for m in plain.unseen], [1., 1.]), plain.y_unseen, plain.space) * 100
    g = rebalancer_table({'none': Rebalancer()}, plain).iloc[0]
    rows.append(dict(model='V&S-CC, plain average', rebalancer='none', T1=t1, S=g.S, U=g.U, H=g.H))
    weighted, w = weighted_row(res)
    rows.append(weighted)
    return pd.DataFrame(rows), w, res['chosen']['S-CC calibrated']['features']

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('cache'); p.add_argument('--pattern', default='silhouettes_*_after.pt')
    p.add_argument('--check', default=None, help="the zsl_table CSV the cached studies belong to (default: bench/results/zsl_<dataset>_paper_scc.csv, "
                   "the paper-head rows kept when the seen-span rows were merged, where it exists; else zsl_<dataset>.csv)")
    p.add_argument('--out', required=True); p.add_argument('--threads', type=int, default=2)
    a = p.parse_args()
    start(a.threads)
    out, rows = [], []
    for path in sorted(Path(a.cache).glob(a.pattern)):
        t0 = time.perf_counter()
        kind, emb, fold, seed = re.match(r'(\w+?)_(\w+?)_fold(\d+)_seed(\d+)_after', path.stem).groups(); fold, seed = int(fold), int(seed)
        keys = dict(dataset=kind, embedding=emb, fold=fold, seed=seed, part='after')
        raw = torch.load(path, weights_only=False)
        if any(getattr(raw[part][0]['head'], 'seen_span', False) for part in ('main', 'pseudo')):
            print(f"{path.name}: refused: its S-CC head already scores through the seen span (a study saved since 2026-12-03)"); continue
        paper = Path(f'bench/results/zsl_{kind}_paper_scc.csv')
        stored = pd.read_csv(a.check or (paper if paper.exists() else f'bench/results/zsl_{kind}.csv'))
        stored = stored[(stored[list(keys)] == pd.Series(keys)).all(axis=1)]
        if 'scc_head' in stored: stored = stored[stored.scc_head != 'seen span']   # the cache holds the paper's head: compare with its rows
        if stored.empty: print(f"{path.name}: refused: no paper-head rows stored for this case; pass --check with the CSV it came from"); continue
        stored = stored.set_index(['model', 'rebalancer'])
        again, _, _ = after_rows(load_outputs(path), seed)
        diff = (again.set_index(['model', 'rebalancer'])[COLS] - stored.loc[again.set_index(['model', 'rebalancer']).index, COLS]).abs().max().max()
        if not diff < 1e-6: print(f"{path.name}: refused: redone as cached, it differs from the stored rows by {diff:.3g}"); continue
        d = load_outputs(path)
        pseudo_t1 = [pseudo_scc_t1(d)]   # the choice's evidence: S-CC's T1 on the pseudo-unseen classes (seen images only)
        changed = [to_span(d[part][0], raw[part][0]['head']) for part in ('main', 'pseudo')]
        pseudo_t1.append(pseudo_scc_t1(d))
        if not any(changed): print(f"{path.name}: every unseen rule already in the seen span (main and pseudo-unseen): nothing changes"); continue
        new, w, d_input = after_rows(d, seed)
        extra = stored.iloc[0][['valid_scc', 'valid_vcc', 'seconds']].to_dict()   # training as stored
        out += [dict(recipe='after', **keys, **r, **extra, w_vcc=w, d_input=d_input, scc_head='seen span') for r in new.to_dict('records')]
        both = new.set_index(['model', 'rebalancer'])[['T1', 'H']].join(stored[['T1', 'H']], rsuffix=' before')
        for (m, r), v in both.iterrows():
            rows.append(dict(case=path.stem, changed='/'.join(p for p, c in zip(('main', 'pseudo'), changed) if c), model=m, rebalancer=r, **v,
                             **{'pseudo S-CC T1 before': pseudo_t1[0], 'pseudo S-CC T1': pseudo_t1[1]}))
        print(f"{path.name}: redone as stored (max difference {diff:.1g}); seen span on {rows[-1]['changed']}: pseudo-unseen S-CC T1 "
              f"{pseudo_t1[0]:.1f} -> {pseudo_t1[1]:.1f}; test S-CC T1 "
              f"{both.loc[('S-CC', 'none'), 'T1 before']:.1f} -> {both.loc[('S-CC', 'none'), 'T1']:.1f}, V&S-CC T1 "
              f"{both.loc[('V&S-CC', 'none'), 'T1 before']:.1f} -> {both.loc[('V&S-CC', 'none'), 'T1']:.1f} ({time.perf_counter() - t0:.0f} s)", flush=True)
    pd.DataFrame(out).to_csv(a.out, index=False)
    r = pd.DataFrame(rows)
    if len(r):
        r['emb'] = r.case.str.extract(r'^(\w+?_\w+?)_fold')[0]
        pv = r.groupby(['emb', 'model', 'rebalancer'])[['T1 before', 'T1', 'H before', 'H']].mean().round(1)
        print(pv.to_string())
        ps = r.drop_duplicates('case').groupby('emb')
        print('pseudo-unseen S-CC T1 (the evidence the default was chosen on):\n' + pd.DataFrame(dict(
            cases=ps.size(), before=ps['pseudo S-CC T1 before'].mean().round(1), seen_span=ps['pseudo S-CC T1'].mean().round(1),
            up=ps.apply(lambda g: int((g['pseudo S-CC T1'] > g['pseudo S-CC T1 before'] + 1e-9).sum())),
            down=ps.apply(lambda g: int((g['pseudo S-CC T1'] < g['pseudo S-CC T1 before'] - 1e-9).sum())))).to_string())
        r.to_csv(Path(a.out).with_name(Path(a.out).stem + '_compare.csv'), index=False)

if __name__ == '__main__': main()
