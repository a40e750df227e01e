"""The real-image zero-shot table: crafted nets (S-CC, V-CC, V&S-CC) before and after the recipe changes, the
fine-tuning-free V-CC, the linear baselines on frozen features of the same body, and every GZSL rebalancer.

    python bench/zsl_table.py                                   # silhouettes: 4 folds x 3 seeds x (attributes, text)
    python bench/zsl_table.py --dataset shapes --seeds 0 1 2    # Shapes (24 classes, 6 unseen)
    python bench/zsl_table.py --summary bench/results/zsl_silhouettes.csv    # print the tables of a finished run
    python bench/zsl_table.py --summary NEW.csv --against OLD.csv   # the after part's cases both have: each model's T1 and H, old and new
    python bench/zsl_table.py --parts after --cache DIR       # also save each study's member outputs (bench/r_variants.py reads them)
    python bench/zsl_table.py --merge NEW.csv [R_VARIANTS.csv] --out OLD.csv   # put the cases re-run in NEW.csv into OLD.csv (see `merge_runs`)

Per (embedding, fold, seed): the dataset (the seed draws the images of each role and the training); the linear
baselines and the fine-tuning-free V-CC on frozen EfficientNet-Lite0 features (ImageNet weights, offline) at the
recipe's input size; the *before* recipe (the defaults this library had: 64 px, `fine_tune(2)` after one frozen epoch,
dot-product V-CC); the *after* recipe (`craftzsl.learner.fit_crafted`'s defaults, with its whitened V-CC head) with
its pseudo-unseen pair and the rebalancing study (every rebalancer's settings chosen on held-out seen classes), and its
V&S-CC also as the paper's plain average of the two softmaxes and as a weighted average whose weight is chosen on
the study's pseudo-unseen split (`weighted_row`; both reported only, added to the runs made after them); *after_raw* (not run by default): the
same with the paper's raw V-CC head (`whiten=0`) and no MixUp, the after recipe until the whitened head became the default.
MixUp became a pretrained S-CC's default on 2026-12-03: the silhouettes' after rows were re-run with it, all 24 cases
(bench/results/zsl_silhouettes_mixup.csv, merged into bench/results/zsl_silhouettes.csv; the rows trained without it
are in bench/results/zsl_silhouettes_before_mixup.csv). Shapes' after rows (zsl_shapes.csv) are still without it;
`bench/mixup_test.py` measured its T1 on the same cases.
Nothing is chosen on a test image. Each row's `scc_head` says how that case's S-CC (crafted, or the frozen-body
`FeatureSCC`) scored unseen classes: 'seen span' (`RuleHead(seen_span=True)`, the default since 2026-12-03) or 'paper'.
Rows go to a CSV as they come (a run can be resumed: finished configurations are skipped), then the summary tables
are printed and written as markdown beside the CSV."""
import argparse, copy, sys, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
sys.path.insert(0, str(Path(__file__).parent))
from _common import start, machine_info
from craftzsl.learner import fit_pair, default_size, rule_head
from craftzsl.ensemble import CraftEnsemble, tempered_softmax
from craftzsl.metrics import mean_class_accuracy, gzsl_scores
from craftzsl.rebalance import merge_splits, CraftedOutputs
from craftzsl.evaluate import zsl_evaluate
from craftzsl.features import frozen_features, feature_table, FeatureVCC, FeatureSCC, ESZSL, SAE
from craftzsl.study import study_models, rebalancing_study

COLS = ['T1', 'S', 'U', 'H']
RECIPES = {'after': 'after', 'after_raw': 'after, raw V-CC head'}   # after_raw: the after recipe as it was before the whitened head
BEFORE = dict(size=64, epochs=2, freeze_epochs=1, lr=2e-3, bs=32, cosine=False, whiten=0, seen_span=False, mixup=0)   # the first recipe of `craftzsl demo` (raw V-CC head, the paper's S-CC head, no MixUp: the whitened and the seen-span heads and MixUp came later)

def dataset(kind, embedding, fold, seed, n_train):
    if kind == 'silhouettes':
        from craftzsl.silhouettes import silhouettes_dataset
        return silhouettes_dataset(fold=fold, seed=seed, n_valid=40, n_test_seen=100, n_train=n_train, n_test_unseen=100,
                                   n_irrelevant=300, text=embedding == 'text')
    from craftzsl.shapes import shapes_dataset
    return shapes_dataset(seed=seed, size=64, n_train=n_train, n_valid=10, n_test=20, n_irrelevant=300, text=embedding == 'text')

def rows_of(table, **keys):
    "Long rows (model, rebalancer, T1, S, U, H) of a table indexed by model"
    t = table.reset_index().rename(columns={'index': 'model'})
    if 'rebalancer' not in t: t['rebalancer'] = 'none'
    return [dict(**keys, **r) for r in t[['model', 'rebalancer', *COLS]].to_dict('records')]

W_GRID = np.round(np.linspace(0, 1, 11), 2)   # the V-CC member's weight in a weighted V&S-CC (0.5: the paper's average)

def weighted_probs(members, temps, w, cols=None):
    "`(1 - w) * S-CC + w * V-CC` softmaxes (members in the study's order), over the columns `cols` (default: all)"
    ps = [tempered_softmax(m if cols is None else m[:, cols], t) for m, t in zip(members, temps)]
    return (1 - w) * ps[0] + w * ps[1]

def weighted_t1(split, temps, w):
    "ZSL T1 (a fraction) of the weighted V&S-CC on `split`'s unseen images, as `zsl_evaluate` scores it"
    u = split.space.unseen_idx
    return mean_class_accuracy(u[weighted_probs(split.unseen, temps, w, u).argmax(1)], split.y_unseen)

def weighted_row(res):
    "V&S-CC with the V-CC member's weight chosen on the study's pseudo-unseen split (T1; ties: nearest 0.5), then evaluated on the test split"
    temps = res['temperatures']
    val = [weighted_t1(merge(res['pseudo']), temps['pseudo'], w) for w in W_GRID]
    w = min((w for w, t in zip(W_GRID, val) if t >= max(val) - 1e-9), key=lambda w: abs(w - 0.5))
    test = merge(res['main'])
    g = gzsl_scores(weighted_probs(test.seen, temps['main'], w), test.y_seen,   # probabilities: the same argmax as their log
                    weighted_probs(test.unseen, temps['main'], w), test.y_unseen, test.space)
    return dict(model='V&S-CC, weighted on pseudo-unseen', rebalancer='none', T1=weighted_t1(test, temps['main'], w) * 100,
                **{k: g[k] * 100 for k in ('S', 'U', 'H')}), float(w)

def merge(outputs):
    "The members' splits (S-CC, V-CC) side by side"
    return merge_splits([o.test for o in outputs])

def save_outputs(res, path):
    "What the rebalancers see of a study (each member's features, heads and logits; main and pseudo-unseen), for `load_outputs`"
    def one(o, learn):
        return dict(head=copy.deepcopy(rule_head(learn.model)).cpu(), **{k: getattr(o, k) for k in
                    ('space', 'name', 'f_seen', 'y_seen', 'roles_seen', 'f_irrelevant', 'test')})
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(dict(main=[one(o, l) for o, l in zip(res['main'], res['learners'])],
                    pseudo=[one(o, l) for o, l in zip(res['pseudo'], res['pseudo_learners'])],
                    temperatures=res['temperatures'], chosen=res['chosen'], table=res['table']), path)

def load_outputs(path):
    "`save_outputs`'s dict, its members as `CraftedOutputs` again (the head a callable over features)"
    d = torch.load(path, weights_only=False)
    def one(m):
        o = CraftedOutputs.__new__(CraftedOutputs)
        head = m.pop('head')
        o.__dict__.update(m, head=lambda f: head.logits_all(torch.as_tensor(f)).float())
        return o
    return dict(d, main=[one(m) for m in d['main']], pseudo=[one(m) for m in d['pseudo']])

def run_part(part, kind, embedding, fold, seed, n_train, log, cache=None):
    "The rows of one part ('frozen', 'before' or 'after') of one configuration"
    ds = dataset(kind, embedding, fold, seed, n_train)
    keys = dict(dataset=kind, embedding=embedding, fold=fold, seed=seed, part=part)
    rows, t0, extra = [], time.perf_counter(), {}
    if part == 'frozen':   # the reference rows and the fine-tuning-free V-CC (whitened, and on raw features): the pretrained body at the recipe's size
        feats = frozen_features(ds, size=default_size(ds))
        scc = FeatureSCC(seed=seed)
        ref = feature_table(feats, [FeatureVCC(), FeatureVCC(whiten=None), scc, ESZSL(seed=seed), SAE(seed=seed)])
        rows += rows_of(ref, recipe='frozen', **keys)
        extra = dict(scc_head='seen span' if scc.seen_span else 'paper')   # the frozen-body S-CC's head in this case
    elif part == 'before':   # the old default recipe, and its fine-tuning-free V-CC (dot product, 64 px)
        free64 = feature_table(frozen_features(ds, size=BEFORE['size']), [FeatureVCC(logits='dot', whiten=None)])
        rows += rows_of(free64.rename(index=lambda n: 'V-CC fine-tuning-free'), recipe='before', **keys)
        before = fit_pair(ds, seed=seed, **BEFORE)
        tab = pd.concat([zsl_evaluate(before[0], ds, name='S-CC', percent=True), zsl_evaluate(before[1], ds, name='V-CC', percent=True),
                         zsl_evaluate(CraftEnsemble(before), ds, name='V&S-CC', percent=True)])
        rows += rows_of(tab, recipe='before', **keys)
        extra = dict(valid_scc=before[0].best_valid, valid_vcc=before[1].best_valid,
                     scc_head='seen span' if rule_head(before[0].model).seen_span else 'paper')
    else:   # after: the library's default recipe (after_raw: with the paper's raw V-CC head), its pseudo-unseen pair, every rebalancer
        recipe = RECIPES[part]
        models = study_models(ds, seed=seed, **({'whiten': 0, 'mixup': 0} if part == 'after_raw' else {}))   # after_raw: as it was, without MixUp
        res = rebalancing_study(ds, **models, seed=seed)
        rows += [dict(**keys, recipe=recipe, **r) for r in res['table'][['model', 'rebalancer', *COLS]].to_dict('records')]
        plain = zsl_evaluate(CraftEnsemble(models['learners'], temperatures=[1., 1.]), ds, name='V&S-CC, plain average', percent=True)
        rows += rows_of(plain, recipe=recipe, **keys)   # the paper's average of the two softmaxes: reported, chooses nothing
        weighted, w = weighted_row(res)   # reported: the weight is chosen on the pseudo-unseen split, never on test images
        rows.append(dict(**keys, recipe=recipe, **weighted))
        if cache: save_outputs(res, Path(cache) / f"{kind}_{embedding}_fold{fold}_seed{seed}_{part}.pt")
        extra = dict(w_vcc=w, valid_scc=models['learners'][0].best_valid, valid_vcc=models['learners'][1].best_valid,
                     d_input=res['chosen']['S-CC calibrated']['features'],   # what R (calibrated)'s D read in this case
                     scc_head='seen span' if rule_head(models['learners'][0].model).seen_span else 'paper')   # how S-CC scored unseen classes
    extra['seconds'] = time.perf_counter() - t0
    log(f"{kind} {embedding} fold {fold} seed {seed} {part}: " + ', '.join(f"{k} {v}" if isinstance(v, str) else f"{k} {v:.3g}" for k, v in extra.items()))
    return [dict(r, **extra) for r in rows]

def pm(g):
    "mean ± std (ddof 1) of a grouped series, as text; the mean alone where a group has one value"
    mean, std, n = g.mean().map('{:.1f}'.format), g.std(ddof=1).map('{:.1f}'.format), g.count()
    if not len(mean): return mean.astype(object)   # no group (e.g. no seed with every fold yet): an empty column
    return mean.where(n < 2, mean + ' ± ' + std)

def summary(df):
    "Markdown tables: T1 and H per model (before/after/frozen), per fold and mean; R against calibrated stacking"
    out = []
    nr = df[df.rebalancer == 'none']
    order = [('frozen', 'ESZSL'), ('frozen', 'SAE'), ('frozen', 'S-CC frozen body'), ('frozen', 'V-CC fine-tuning-free'),
             ('frozen', 'V-CC fine-tuning-free (raw features)'),
             ('before', 'V-CC fine-tuning-free'), ('before', 'S-CC'), ('before', 'V-CC'), ('before', 'V&S-CC'),
             ('after, raw V-CC head', 'S-CC'), ('after, raw V-CC head', 'V-CC'), ('after, raw V-CC head', 'V&S-CC'),
             ('after, raw V-CC head', 'V&S-CC, plain average'),
             ('after', 'S-CC'), ('after', 'V-CC'), ('after', 'V&S-CC'), ('after', 'V&S-CC, plain average'),
             ('after', 'V&S-CC, weighted on pseudo-unseen')]
    for emb, d in nr.groupby('embedding', sort=False):
        for metric in ('T1', 'H'):
            g = d.groupby(['recipe', 'model', 'fold'])[metric]
            per_fold = pm(g).unstack('fold')
            per_seed = d.groupby(['recipe', 'model', 'seed'])[metric].agg(['mean', 'count'])   # a seed counts once it has every fold
            complete = per_seed['count'] == d.groupby(['recipe', 'model']).fold.nunique().reindex(per_seed.index.droplevel('seed')).values
            per_fold['mean of folds'] = pm(per_seed.loc[complete, 'mean'].groupby(['recipe', 'model']))
            per_fold['seeds'] = per_seed[complete].groupby(['recipe', 'model']).size()
            per_fold = per_fold.reindex([o for o in order if o in per_fold.index])
            out.append(f"\n### {metric} [%], {emb} embeddings, mean ± std over seeds (H without rebalancing)\n\n"
                       + md(per_fold.reset_index()))
    for emb, de in df.groupby('embedding', sort=False):
        if not (de.recipe == 'after').any(): continue
        out.append(paired(de[de.rebalancer == 'none'], emb))
        for recipe in ('after', 'after, raw V-CC head'):
            d = de[(de.recipe == recipe) & ~de.model.isin(['V&S-CC, plain average', 'V&S-CC, weighted on pseudo-unseen'])]
            if not len(d): continue
            r = d.pivot_table(index=['fold', 'seed', 'model'], columns='rebalancer', values='H')
            lines = []
            for col in ('R', 'R (calibrated)'): lines.append(f"- {col} H >= calibrated stacking H in {against_stacking(r, col)}")
            if 'd_input' in d and d.d_input.notna().any():   # what R (calibrated)'s D read, per (fold, seed) case
                n = d.drop_duplicates(['fold', 'seed']).d_input.value_counts()
                lines.append("- R (calibrated)'s D read " + ', '.join(f"{k} in {v}" for k, v in n.items()) + f" of the {n.sum()} (fold, seed) cases")
            reb = pm(d.groupby(['model', 'rebalancer'], sort=False).H).unstack('rebalancer')
            out.append(f"\n### GZSL H [%] by rebalancer ({recipe}, {emb} embeddings), mean ± std over folds and seeds\n\n"
                       + md(reb.reset_index()) + "\n\n" + '\n'.join(lines))
    return '\n'.join(out)

def against_stacking(h, col, what=''):
    "`h`: H per case (rows) and rebalancer (columns); how often `col` reaches calibrated stacking's H, and both means"
    wins = h[col] >= h['calibrated stacking'] - 1e-9
    return (f"{int(wins.sum())} of {len(wins)}{what} cases (mean H {h[col].mean():.1f} against "
            f"{h['calibrated stacking'].mean():.1f})")

def paired(nr, emb):
    "The issue's targets on T1, over the (fold, seed) cases of one embedding that have the after recipe, each against the same case"
    t = nr.pivot_table(index=['fold', 'seed'], columns=['recipe', 'model'], values='T1')
    t = t[t[('after', 'V-CC')].notna()]
    if not {('frozen', 'ESZSL'), ('frozen', 'SAE')} <= set(t.columns):   # e.g. a CSV with the after part only
        return f"\n(no targets for the {emb} embeddings: they need the frozen part's baselines in the same CSV)"
    base = t[[('frozen', 'ESZSL'), ('frozen', 'SAE')]].mean().idxmax()   # the better baseline on average over these cases
    col = lambda recipe, model: t[(recipe, model)] if (recipe, model) in t else pd.Series(np.nan, t.index)   # a part not run yet: NaN
    checks = [('fine-tuning-free V-CC >= best baseline', col('frozen', 'V-CC fine-tuning-free'), t[base]),
              ("fine-tuning-free V-CC, raw features (the paper's) >= best baseline", col('frozen', 'V-CC fine-tuning-free (raw features)'), t[base]),
              ('V&S-CC >= best baseline + 5', col('after', 'V&S-CC'), t[base] + 5),
              ('fine-tuned V-CC > fine-tuning-free V-CC', col('after', 'V-CC'), col('frozen', 'V-CC fine-tuning-free')),
              ('fine-tuned S-CC > frozen-body S-CC', col('after', 'S-CC'), col('frozen', 'S-CC frozen body')),
              ('V&S-CC after > V&S-CC before', col('after', 'V&S-CC'), col('before', 'V&S-CC'))]
    wv = ('after', 'V&S-CC, weighted on pseudo-unseen')
    if wv in t and t[wv].notna().any():   # the cases that have it (it was added after the attribute runs)
        h = t[t[wv].notna()]
        checks += [(f'weighted V&S-CC >= best baseline + 5 ({len(h)} cases with it)', h[wv], h[base] + 5),
                   (f'weighted V&S-CC >= V&S-CC ({len(h)} cases with it)', h[wv], h[('after', 'V&S-CC')]),
                   (f'weighted V&S-CC >= fine-tuned V-CC ({len(h)} cases with it)', h[wv], h[('after', 'V-CC')])]
    w = 'after, raw V-CC head'
    if (w, 'V-CC') in t and t[(w, 'V-CC')].notna().all():
        checks += [('raw-head V-CC > raw-feature fine-tuning-free V-CC', t[(w, 'V-CC')], t[('frozen', 'V-CC fine-tuning-free (raw features)')]),
                   ('raw-head V&S-CC >= best baseline + 5', t[(w, 'V&S-CC')], t[base] + 5),
                   ('V-CC after > raw-head V-CC', t[('after', 'V-CC')], t[(w, 'V-CC')]),
                   ('V&S-CC after > raw-head V&S-CC', t[('after', 'V&S-CC')], t[(w, 'V&S-CC')])]
    lines = [f"\n### Targets on T1 [%], {emb} embeddings, paired by case ({len(t)} cases: fold, seed with the after recipe; "
             f"best baseline: {base[1]})\n", '| check | holds in | mean (left) | mean (right) |', '|---|---|---|---|']
    for name, a, b in checks:
        ok = (a > b - 1e-9) if '>=' in name else (a > b)
        lines.append(f"| {name} | {int(ok.sum())} of {len(a)} | {a.mean():.1f} | {b.mean():.1f} |")
    return '\n'.join(lines)

def against(new, old):
    "Markdown: the after part, per embedding and model, mean T1 and H (no rebalancing) over the (fold, seed) cases both CSVs have for that model; R (calibrated) against calibrated stacking on those cases"
    keys = ['embedding', 'fold', 'seed', 'model', 'rebalancer']
    n, o = (d[d.part == 'after'] for d in (new, old))
    for d, name in ((n, 'new'), (o, 'old')):
        if d.duplicated(keys).any(): raise ValueError(f"The {name} CSV has duplicate after rows: one row per {keys}.")
    both = o.merge(n, on=keys, suffixes=(' old', ' new'))   # only the rows both have
    only_new = n.merge(o[keys], on=keys, how='left', indicator=True).query('_merge == "left_only"')
    nr = both[both.rebalancer == 'none']
    t = nr.groupby(['embedding', 'model'], sort=False).agg(cases=('fold', 'size'), **{f'{m} {w}': (f'{m} {w}', 'mean')
                    for w in ('old', 'new') for m in ('T1', 'H')}).round(1)
    lines = [f"\n### Old against new: the after part, per model the (fold, seed) cases both CSVs have, means\n", md(t.reset_index())]
    if len(only_new): lines.append("- only in the new CSV (not compared): " + ', '.join(f"{e}: {m}" for e, m in only_new[['embedding', 'model']].drop_duplicates().values))
    r = both.pivot_table(index=['embedding', 'fold', 'seed', 'model'], columns='rebalancer', values=['H old', 'H new'], aggfunc='first')
    for w in ('old', 'new'):
        h = r[f'H {w}'][['R (calibrated)', 'calibrated stacking']].dropna()
        for emb, e in h.groupby(level='embedding', sort=False):
            lines.append(f"- {w}, {emb}: R (calibrated) H >= calibrated stacking H in {against_stacking(e, 'R (calibrated)', ' (model, fold, seed)')}")
    return '\n'.join(lines)

CASE = ['dataset', 'embedding', 'fold', 'seed', 'part']

def merge_runs(base, paths, log=print):
    """`base` (a zsl_table CSV, as a DataFrame) with the cases of the CSVs in `paths` put in: a zsl_table CSV's rows replace
    every row of the same (dataset, embedding, fold, seed, part); an r_variants CSV (`bench/r_variants.py`) replaces only
    the S, U, H of R (calibrated) by its 'R (calibrated), sorted' ones, and only in the cases whose cached study is the
    stored one (its calibrated stacking and R (calibrated) rows equal the stored ones): a case re-trained since is left
    as it is, and said so. Every after row must say what R (calibrated)'s D read (`d_input`)."""
    out = base.copy()
    in_case = lambda keys: (out[CASE] == pd.Series(keys, CASE)).all(axis=1)   # the rows of one case
    for path in paths:
        new = pd.read_csv(path)
        if 'case' in new:   # bench/r_variants.py: the rebalancers chosen again on a cached study
            new[['dataset', 'embedding']] = new.case.str.extract(r'^(\w+?)_(\w+?)_fold')
            new[['fold', 'seed']] = new.case.str.extract(r'fold(\d+)_seed(\d+)').astype(int)
            new['part'] = new.case.str.extract(r'seed\d+_(\w+)$')[0]
            for keys, v in new.groupby(CASE):
                rows = out[in_case(keys)]
                h_new = v.set_index(['model', 'rebalancer']).H
                h_old = rows.set_index(['model', 'rebalancer']).H.reindex(h_new.index)
                check = h_new.index.get_level_values(1).isin(['calibrated stacking', 'R (calibrated)'])
                if not len(rows) or not np.allclose(h_new[check], h_old[check], atol=1e-6):
                    log(f"{path}: {keys} left as it is: the cached study is not the stored one"); continue
                if set(rows.d_input) != {'logits'}: raise ValueError(f"{keys}: R (calibrated) already reads {set(rows.d_input)}.")
                sorted_ = v[v.rebalancer == 'R (calibrated), sorted'].set_index('model')[['S', 'U', 'H']]
                at = rows.index[rows.rebalancer == 'R (calibrated)']
                out.loc[at, ['S', 'U', 'H']] = sorted_.loc[out.loc[at, 'model']].to_numpy()
                out.loc[rows.index, 'd_input'] = 'sorted'
                log(f"{path}: {keys}: R (calibrated) from the cached study, D on sorted logits")
        else:
            for keys, v in new.groupby(CASE):
                same = in_case(keys)
                out = pd.concat([out[~same], v], ignore_index=True)
                log(f"{path}: {keys}: {same.sum()} rows replaced by {len(v)}")
    missing = out.part.isin(list(RECIPES)) & out.d_input.isna()
    if missing.any(): raise ValueError(f"{missing.sum()} after rows do not say what R (calibrated)'s D read: fill `d_input`.")
    return out.sort_values(CASE, kind='stable').reset_index(drop=True)

def md(df):
    cols = [str(c) for c in df.columns]
    return '\n'.join(['| ' + ' | '.join(cols) + ' |', '|' + '---|' * len(cols)]
                     + ['| ' + ' | '.join(str(v) for v in row) + ' |' for row in df.itertuples(index=False)])

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--dataset', default='silhouettes', choices=['silhouettes', 'shapes'])
    p.add_argument('--embeddings', nargs='+', default=['attributes', 'text'])
    p.add_argument('--folds', type=int, nargs='+', default=[0, 1, 2, 3])
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    p.add_argument('--n_train', type=int, default=100, help='training images per seen class (silhouettes: at most)')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--out', default=None)
    p.add_argument('--parts', nargs='+', default=['frozen', 'before', 'after'], choices=['frozen', 'before', 'after', 'after_raw'])
    p.add_argument('--summary', default=None, help='only print the summary of this CSV')
    p.add_argument('--cache', default=None, help='a folder: save each after study\'s member outputs there (`load_outputs`), to study rebalancers without training')
    p.add_argument('--against', default=None, help='with --summary: compare with this (older) CSV on the cases both have')
    p.add_argument('--merge', nargs='+', default=None, help='put the cases of these CSVs (zsl_table or r_variants) into --out (`merge_runs`), then write its summary')
    a = p.parse_args()
    if a.against and not a.summary: p.error('--against compares two finished runs: give the newer CSV with --summary')
    if a.summary:
        new = pd.read_csv(a.summary)
        print(against(new, pd.read_csv(a.against)) if a.against else summary(new)); return
    out = Path(a.out or f'bench/results/zsl_{a.dataset}.csv'); out.parent.mkdir(parents=True, exist_ok=True)
    if a.merge:
        done = merge_runs(pd.read_csv(out), a.merge)
        done.to_csv(out, index=False)
        text = (f"{out.with_suffix('.md').read_text().split(chr(10) + '### ')[0].rstrip()}\n\nmerged into it: python bench/zsl_table.py "
                f"{' '.join(sys.argv[1:])} (`merge_runs`)\n" + summary(done))
        out.with_suffix('.md').write_text(text); print(text); return
    start(a.threads)
    done = pd.read_csv(out) if out.exists() else pd.DataFrame()
    folds = a.folds if a.dataset == 'silhouettes' else [0]
    t_all = time.perf_counter()
    for part in a.parts:
        for emb in a.embeddings:
            for fold in folds:
                for seed in a.seeds:
                    if len(done) and ((done.embedding == emb) & (done.fold == fold) & (done.seed == seed) & (done.part == part)).any(): continue
                    with warnings.catch_warnings():
                        warnings.simplefilter('ignore')
                        rows = run_part(part, a.dataset, emb, fold, seed, a.n_train, lambda s: print(s, flush=True), a.cache)
                    done = pd.concat([done, pd.DataFrame(rows)], ignore_index=True)
                    done.to_csv(out, index=False)
    text = (f"machine: {machine_info()}\n\nlast command: python bench/zsl_table.py {' '.join(sys.argv[1:])} (the CSV "
            f"accumulates every run into it: a run skips the configurations already there)\n\n"
            f"wall time of this invocation: {(time.perf_counter() - t_all) / 60:.1f} min (sum of configurations: "
            f"{done.groupby(['embedding', 'fold', 'seed', 'part']).seconds.first().sum() / 60:.1f} min)\n" + summary(done))
    print(text)
    out.with_suffix('.md').write_text(text)

if __name__ == '__main__': main()
