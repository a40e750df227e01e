"""How the default recipe of `craftzsl.learner.fit_crafted` was chosen, without a test image: on the animal silhouettes,
every measurement holds out *seen* classes and scores them as if they were unseen.

    python bench/choose_recipe.py frozen                       # input size and V-CC logits, on frozen features
    python bench/choose_recipe.py finetune NAME [options]      # fine-tuning on pseudo-unseen splits, T1 after every epoch
    python bench/choose_recipe.py whitening                    # the fine-tuning-free V-CC's whitening shrink
    python bench/choose_recipe.py scc_head                     # S-CC's head on frozen features: embeddings, logits
    python bench/choose_recipe.py crossdraw NAME               # from finetune's CSV: the epoch or WiSE-FT weight chosen on the other draw

`frozen`: for each fold, the seen classes' train/valid images (never a test role) through the pretrained
EfficientNet-Lite0 at 64, 96 and 128 px; `craftzsl.features.select_on_seen_classes` holds out 10 draws of 2 seen classes
and reports the mean T1 of the fine-tuning-free V-CC (cosine or dot-product logits) and of ESZSL (gamma = lambda = 1).

`finetune`: for each fold, `ZSLDataset.pseudo_unseen(n=2, seed=draw)` (two seen classes held out, --pseudo; no test image), a
crafted net fine-tuned with `fine_tune` at the given settings, and its pseudo-unseen T1 after each epoch (V-CC: also
before any training, epoch -1, and re-crafted after the last epoch, 99). The epoch `fit_crafted` would return (the
best seen validation accuracy among the unfrozen epochs, ties to the earlier) is reported too: the seen validation accuracy is read before the evaluation's own passes, which add fastai records
of their own (until 2026-12-01 the column held the accuracy among all classes on the split's seen test images: the
older CSVs name it `acc_seen_test_all`). Options: --dataset shapes (the benchmark's Shapes, --folds its data seeds),
--pseudo (classes held out; 0: the library's default, a quarter), --wise (WiSE-FT weights between the frozen phase and
the epoch `fit_crafted` returns, scored as epoch -2), --size, --epochs, --freeze, --lr, --cosine 0/1, --frozen_blocks K (the body's stem and first K of its 16 blocks stay frozen after the frozen phase too), --bn_eval 0/1 (BatchNorm statistics
kept as pretrained while training), --rules, --folds, --draws, --whiten (V-CC head whitening shrinks, 0: none; each
is trained on the same draws, so they compare in pairs), --init eszsl (S-CC: the projection starts as ESZSL fitted on the
pretrained body's pooled features of the split's seen train images, its settings chosen on held-out seen classes of the
split and its scale by temperature scaling on those images; epoch -1 is that start: linear probing, then fine-tuning; --aug fastai/flip: the training images
are augmented with fastai's `aug_transforms()` defaults or with horizontal flips only (validation and evaluation images are not); --init probe: the start is the frozen-body S-CC,
`FeatureSCC`, on the same features, its step chosen on the split's seen validation images; --distill W: feature
distillation, `FeatureDistill`, the loss plus W times the squared distance of the pooled, L2-normalised features to the
pretrained body's; --mixup A: fastai's `MixUp(A)` on the training batches).

`whitening`: for each embedding (attributes, text), fold and data seed 0-2, the seen classes' train/valid images
(never a test role) through the pretrained EfficientNet-Lite0 at 128 px; `select_on_seen_classes` holds out 5 draws of
2 seen classes and reports the mean T1 of `FeatureVCC` without whitening (the paper's raw features) and at each shrink
of `craftzsl.features.whitening`. The default `WHITEN_SHRINK` is the shrink with the best mean over all of them.

`scc_head`: as `whitening` (seeds 0 and 1), the frozen-body S-CC (`FeatureSCC`) with the class embeddings as they are,
centred on the seen classes' mean, centred with L2-normalised rows, or standardised per column with the seen classes'
statistics; dot-product or cosine logits (scale 10); and a few training settings. Each is scored by the mean T1 of 5
draws of 2 held-out seen classes, beside ESZSL (gamma = lambda = 1) and the fine-tuning-free V-CC on the same draws.

`crossdraw`: no training; it reads `choose_recipe_finetune_NAME.csv` (a `finetune` run with --draws 2 and --wise) and,
for each fold, chooses on one pseudo-unseen draw and scores on the fold's other draw: the epoch (0 to the last, or the
unfrozen ones only; ties to the earlier) and the WiSE-FT weight (0: the frozen phase's best epoch, the --wise ones, 1: the
epoch `fit_crafted` returns; ties to the larger weight), each against the epoch `fit_crafted` returns on that draw.
This estimates what choosing them on a second pseudo-unseen training would give, without running it (the two
draws of a fold share its images, so they are not independent splits). --freeze must be the finetune run's.

Writes bench/results/choose_recipe_<mode>[_NAME].csv."""
import argparse, copy, sys, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch, torch.nn.functional as F
sys.path.insert(0, str(Path(__file__).parent))
from _common import start
from fastai.vision.all import set_seed, Callback, MixUp, hook_output
from craftzsl.silhouettes import silhouettes_dataset
from craftzsl.learner import craft_learner, rule_head, FreezeBNStats, interpolate_weights
from craftzsl.evaluate import zsl_evaluate
from craftzsl.features import frozen_features, select_on_seen_classes, learner_features, ZSLFeatures, FeatureVCC, FeatureSCC, ESZSL
from craftzsl.ensemble import fit_temperature
from craftzsl.core import ClassSpace, l2_normalize

def data(fold, n_train=100, dataset='silhouettes'):
    if dataset == 'shapes':   # the benchmark's Shapes (bench/zsl_table.py); the "fold" is its data seed
        from craftzsl.shapes import shapes_dataset
        return shapes_dataset(seed=fold, size=64, n_train=n_train, n_valid=10, n_test=20, n_irrelevant=0)
    return silhouettes_dataset(fold=fold, seed=0, n_valid=40, n_test_seen=100, n_train=n_train, n_test_unseen=100, n_irrelevant=0)

def frozen(a):
    rows = []
    for size in (64, 96, 128):
        for fold in a.folds:
            feats = frozen_features(data(fold), size=size, roles=('train', 'valid'))   # seen images only
            for name, make, grid in (('V-CC, cosine logits', FeatureVCC, [dict(logits='cosine')]),
                                     ('V-CC, dot-product logits', FeatureVCC, [dict(logits='dot')]),
                                     ('ESZSL', ESZSL, [dict(gamma=1., lam=1.)])):
                _, df = select_on_seen_classes(make, grid, feats, draws=10, seed=fold)
                rows.append(dict(size=size, fold=fold, model=name, T1=df.T1.iloc[0] * 100))
            print(f"size {size} fold {fold} done", flush=True)
    df = pd.DataFrame(rows)
    print(df.pivot_table(index=['model', 'size'], columns='fold', values='T1').assign(mean=lambda d: d.mean(1)).round(1).to_string())
    return df

SHRINKS = (None, 0.1, 0.3, 0.5, 0.7, 1.0)   # None: raw features; 1: centred only

def whitening(a):
    from craftzsl.silhouettes import silhouettes_dataset
    rows = []
    for emb in ('attributes', 'text'):
        for fold in a.folds:
            for seed in (0, 1, 2):
                ds = silhouettes_dataset(fold=fold, seed=seed, n_valid=40, n_test_seen=100, n_train=100, n_test_unseen=100,
                                         n_irrelevant=0, text=emb == 'text')
                feats = frozen_features(ds, size=a.size, roles=('train', 'valid'))   # seen images only
                _, df = select_on_seen_classes(FeatureVCC, [dict(whiten=s) for s in SHRINKS], feats, draws=5, seed=fold)
                rows += [dict(embedding=emb, fold=fold, seed=seed, shrink='none' if s is None else s, T1=t * 100)
                         for s, t in zip(SHRINKS, df.T1)]
                print(f"{emb} fold {fold} seed {seed} done", flush=True)
    df = pd.DataFrame(rows)
    t = df.pivot_table(index='shrink', columns='embedding', values='T1', sort=False).assign(mean=lambda d: d.mean(1))
    print("held-out seen-class T1 [%], mean over folds and seeds\n" + t.round(1).to_string())
    return df

class SCCHead(FeatureSCC):
    "`FeatureSCC` with its class embeddings preprocessed with statistics of the seen classes only, and optionally cosine logits"
    def __init__(self, emb='as is', cosine=False, **kwargs): super().__init__(**kwargs); self.emb, self.cosine = emb, cosine
    def _logits(self, X, rules):
        z = self.proj((X - self.mean) / self.std)
        return 10 * F.normalize(z, dim=1) @ F.normalize(rules, dim=1).T if self.cosine else z @ rules.T
    def fit(self, feats):
        sp = feats.space
        E = sp.embeddings.astype(np.float64); S = E[sp.seen_idx]; mu = S.mean(0)
        E = {'as is': E, 'centred': E - mu, 'centred, L2 rows': l2_normalize(E - mu), 'standardised': (E - mu) / (S.std(0) + 1e-3)}[self.emb]
        return super().fit(ZSLFeatures(feats.features, feats.y, feats.roles, ClassSpace(sp.names, E, sp.seen)))

SCC_GRID = ([dict(emb=e, cosine=c) for e in ('as is', 'centred', 'centred, L2 rows', 'standardised') for c in (False, True)]
            + [dict(wd=1e-2), dict(steps=100), dict(lr=1e-2)])

def scc_head(a):
    rows = []
    for emb in ('attributes', 'text'):
        for fold in a.folds:
            for seed in (0, 1):
                ds = silhouettes_dataset(fold=fold, seed=seed, n_valid=40, n_test_seen=100, n_train=100, n_test_unseen=100,
                                         n_irrelevant=0, text=emb == 'text')
                feats = frozen_features(ds, size=a.size, roles=('train', 'valid'))   # seen images only
                for make, grid in ((SCCHead, SCC_GRID), (ESZSL, [dict(gamma=1., lam=1.)]), (FeatureVCC, [{}])):
                    _, df = select_on_seen_classes(make, grid, feats, draws=5, seed=fold)
                    rows += [dict(embedding=emb, fold=fold, seed=seed, model=make.__name__, setting=str(g), T1=t * 100)
                             for g, t in zip(grid, df.T1)]
                print(f"{emb} fold {fold} seed {seed} done", flush=True)
    df = pd.DataFrame(rows)
    t = df.pivot_table(index=['model', 'setting'], columns='embedding', values='T1', sort=False).assign(mean=lambda d: d.mean(1))
    print("held-out seen-class T1 [%], mean over folds and seeds\n" + t.round(1).to_string())
    return df

class PseudoT1(Callback):
    "Pseudo-unseen T1 after every epoch (the evaluation's own passes do not recurse)"
    order, busy = 100, False
    def __init__(self, pds, log, states=None): self.pds, self.log, self.states = pds, log, states
    def after_epoch(self):
        if PseudoT1.busy: return
        if self.states is not None: self.states.append(copy.deepcopy(self.model.state_dict()))
        rec = list(self.recorder.values[-1])   # first: the evaluation below adds records of its own (fastai runs the epoch events in `get_preds`)
        PseudoT1.busy = True
        try: r = zsl_evaluate(self.learn, self.pds)
        finally: PseudoT1.busy = False
        fd = next((c for c in self.learn.cbs if isinstance(c, FeatureDistill)), None)   # --distill: the epoch's mean squared feature distance
        extra = dict(distill_sq=float(np.mean(fd.sq))) if fd and fd.sq else {}
        if fd: fd.sq.clear()
        self.log.append(dict(epoch=sum(l['epoch'] >= 0 for l in self.log),   # 0: the frozen epoch
                              valid=float(rec[-1]), valid_loss=float(rec[1]), T1=float(r.T1.iloc[0]), H=float(r.H.iloc[0]), **extra))

class FeatureDistill(Callback):
    """Feature distillation while fine-tuning (`finetune --distill W`): each training batch's loss gains `W` times the mean
    squared distance between the body's pooled, L2-normalised features and those of a frozen copy of the pretrained body
    (BatchNorm in eval mode: pair it with --bn_eval 1) on the same images, so the body learns the seen classes while its
    features stay near what it knew"""
    def __init__(self, w): self.w, self.ref, self.sq = w, None, []
    def before_fit(self):
        if self.ref is not None: return   # the frozen phase's fit made the copy: the body as pretrained
        body = self.learn.model[0]
        self.ref = copy.deepcopy(body).eval().requires_grad_(False)
        self.hook = hook_output(body, detach=False)   # the body's output of the batch, with its graph
    def after_loss(self):
        if not self.training or PseudoT1.busy: return
        pool = self.learn.model[1].pooled
        with torch.no_grad(): f0 = F.normalize(pool(self.ref(*self.xb)), dim=1)
        sq = (F.normalize(pool(self.hook.stored), dim=1) - f0).pow(2).sum(1).mean()
        self.learn.loss_grad = self.learn.loss_grad + self.w * sq
        self.sq.append(float(sq))   # the squared distance, for the log: PseudoT1 reads the epoch's mean

def fine_tune(learn, a, cbs):
    "fastai's `fine_tune` at `a`'s settings; with `a.frozen_blocks` K > 0 the EfficientNet-Lite0 body's stem and first K of its 16 blocks stay frozen after the frozen phase too"
    if not a.frozen_blocks: return learn.fine_tune(a.epochs, base_lr=a.lr, freeze_epochs=a.freeze, cbs=cbs)
    net = learn.model[0].net
    learn.freeze(); learn.fit_one_cycle(a.freeze, slice(a.lr), pct_start=0.99, cbs=cbs)   # as `fine_tune`, step by step
    learn.unfreeze()
    for m in [net._conv_stem, net._bn0, *net._blocks[:a.frozen_blocks]]: m.requires_grad_(False)   # `unfreeze` turned them on
    learn.fit_one_cycle(a.epochs, slice(a.lr / 2 / 100, a.lr / 2), pct_start=0.3, div=5.0, cbs=cbs)

def init_eszsl(learn, pds):
    "Start an S-CC learner's projection at ESZSL's `V` (scaled by temperature scaling) on its body's pooled features of `pds`' seen images"
    proj = learn.model[1].project
    feats = learner_features(learn, pds, roles=('train', 'valid'), pooled=True)   # seen classes of the split: no pseudo-unseen or test image
    m, sp = ESZSL(seed=0).fit(feats), pds.space
    X, y = feats.subset('train')
    pos = -np.ones(len(sp), int); pos[sp.seen_idx] = np.arange(sp.n_seen)
    tau = fit_temperature(X @ m.V @ sp.seen_embeddings.T, pos[y], bounds=(1e-5, 1e3))
    with torch.no_grad(): proj.weight.copy_(torch.as_tensor(m.V.T / tau, dtype=torch.float32)); proj.bias.zero_()
    return dict(gamma=m.gamma, lam=m.lam, tau=tau)

def init_probe(learn, pds, seed):
    "Start an S-CC learner's projection at the frozen-body S-CC (`FeatureSCC`, dot-product logits) trained on its body's pooled features of `pds`' seen images"
    if rule_head(learn.model).cosine: raise ValueError("--init probe starts a dot-product S-CC head (FeatureSCC's): use --cosine 0.")
    proj = learn.model[1].project
    feats = learner_features(learn, pds, roles=('train', 'valid'), pooled=True)   # seen classes of the split: no pseudo-unseen or test image
    m = FeatureSCC(seed=seed).fit(feats)
    W = m.proj.weight.detach() / m.std   # the standardisation folded into the projection
    with torch.no_grad(): proj.weight.copy_(W); proj.bias.copy_(-(W @ m.mean))
    return dict(probe_valid=m.valid_acc, probe_step=m.best_step)

def wise_ft(learn, pds, log, states, freeze, alphas):
    """WiSE-FT (Wortsman et al. 2022) on a crafted net: the weights `(1 - alpha) * theta0 + alpha * theta1`, theta0 the
    frozen phase's best epoch (the head trained on the pretrained body), theta1 at the epoch `fit_crafted` returns (the first
    unfrozen epoch with the best seen validation accuracy); pseudo-unseen T1 and seen validation accuracy of each"""
    if not freeze: raise ValueError('--wise needs a frozen phase (--freeze >= 1): theta0 is its last epoch.')
    ep = [l for l in log if l['epoch'] >= 0]
    i1 = max(range(freeze, len(ep)), key=lambda i: (ep[i]['valid'], -i))   # ties: the earlier epoch
    i0 = max(range(freeze), key=lambda i: (ep[i]['valid'], -i))   # the frozen phase's best epoch, which `SaveModelCallback` reloads in `fit_crafted`
    th0, th1, rows = states[i0], states[i1], []
    for alpha in alphas:
        learn.model.load_state_dict(th1); interpolate_weights(learn.model, th0, alpha)
        r = zsl_evaluate(learn, pds)
        with learn.no_bar(), learn.no_logging(): valid = float(learn.validate()[1])
        rows.append(dict(epoch=-2, wise=alpha, theta1_epoch=i1, valid=valid, T1=float(r.T1.iloc[0]), H=float(r.H.iloc[0])))
    learn.model.load_state_dict(states[-1])
    return rows

def augmentation(name):
    "Training-time augmentation for `finetune --aug`: none, fastai's `aug_transforms()` defaults, or horizontal flips only"
    from fastai.vision.augment import aug_transforms, Flip
    return {'none': None, 'fastai': aug_transforms(), 'flip': [Flip(p=0.5)]}[name]

def finetune(a):
    rows = []
    for fold in a.folds:
        ds = data(fold, dataset=a.dataset)
        for draw in range(a.draws):
            pds = ds.pseudo_unseen(n=a.pseudo or None, seed=draw)
            for rules, whiten in [(r, w) for r in a.rules for w in (a.whiten if r == 'visual' else [None])]:
                set_seed(draw, reproducible=True)
                learn = craft_learner(pds.dataloaders(bs=32, size=a.size, seed=draw, batch_tfms=augmentation(a.aug)), 'efficientnet-lite0', rules=rules,
                                      pretrained=True, cosine=bool(a.cosine), **({'whiten': whiten} if whiten else {}))
                log, info = [], {}
                if rules == 'semantic' and a.init != 'default':
                    info = init_eszsl(learn, pds) if a.init == 'eszsl' else init_probe(learn, pds, draw)
                    r = zsl_evaluate(learn, pds)
                    log.append(dict(epoch=-1, valid=np.nan, T1=float(r.T1.iloc[0]), H=float(r.H.iloc[0])))
                if rules == 'visual':
                    r = zsl_evaluate(learn.craft(), pds)
                    log.append(dict(epoch=-1, valid=np.nan, T1=float(r.T1.iloc[0]), H=float(r.H.iloc[0])))
                t, states = time.time(), ([] if a.wise else None)
                with learn.no_bar(), learn.no_logging():
                    fine_tune(learn, a, cbs=[PseudoT1(pds, log, states)] + ([FreezeBNStats()] if a.bn_eval else [])
                              + ([FeatureDistill(a.distill)] if a.distill else []) + ([MixUp(a.mixup)] if a.mixup else []))
                if a.wise: log += wise_ft(learn, pds, log, states, a.freeze, a.wise)
                if rules == 'visual':
                    r = zsl_evaluate(learn.craft(), pds)
                    log.append(dict(epoch=99, valid=np.nan, T1=float(r.T1.iloc[0]), H=float(r.H.iloc[0])))
                rows += [dict(fold=fold, draw=draw, rules=rules, whiten=whiten or 0., init=a.init, **info, **l) for l in log]
                best = max((l for l in log if a.freeze <= l['epoch'] < 99), key=lambda l: (l['valid'], -l['epoch']))   # as `fit_crafted`: unfrozen epochs, ties to the earlier
                print(f"fold {fold} draw {draw} {rules}{f' whiten {whiten}' if whiten else ''}: " + ' '.join(f"{l['epoch'] if 'wise' not in l else 'wise' + str(l['wise'])}:{l['T1']:.2f}/{l['valid']:.2f}" for l in log)
                      + f" | best-valid epoch {best['epoch']} T1 {best['T1']:.3f} ({time.time() - t:.0f} s)", flush=True)
    df = pd.DataFrame(rows)
    if a.wise:
        w = df[df.epoch == -2]
        print('pseudo-unseen T1 of WiSE-FT weights, by alpha (1: the epoch fit_crafted returns):', w.groupby(['rules', 'whiten', 'wise']).T1.mean().round(3).to_dict())
    last = df[(df.epoch >= a.freeze) & (df.epoch < 99)].sort_values('epoch')   # the epochs `fit_crafted` chooses from
    sel = last.loc[last.groupby(['fold', 'draw', 'rules', 'whiten']).valid.idxmax()]   # the first maximum: ties to the earlier epoch
    print('pseudo-unseen T1 at the epoch fit_crafted returns (seen validation accuracy, unfrozen epochs):', sel.groupby(['rules', 'whiten']).T1.mean().round(3).to_dict())
    print(df[df.epoch != -2].groupby(['rules', 'whiten', 'epoch']).T1.mean().unstack().round(3).to_string())
    return df

def crossdraw(a):
    df = pd.read_csv(f"bench/results/choose_recipe_finetune_{a.name}.csv")
    ep, w = df[(df.epoch >= 0) & (df.epoch < 99)], df[df.epoch == -2]
    if set(df.draw) != {0, 1} or w.empty: raise ValueError(f"crossdraw needs a finetune run with --draws 2 and --wise; {a.name} has draws {sorted(set(df.draw))} and {len(w)} WiSE-FT rows.")
    cands = {}   # (fold, draw, rules, whiten) -> {choice: T1}
    for key, g in ep.groupby(['fold', 'draw', 'rules', 'whiten']):
        t1 = g.set_index('epoch').T1
        ret = g[g.epoch >= a.freeze].sort_values('epoch'); ret = int(ret.loc[ret.valid.idxmax()].epoch)   # fit_crafted's epoch: unfrozen, ties to the earlier
        gw = w[(w.fold == key[0]) & (w.draw == key[1]) & (w.rules == key[2]) & (w.whiten == key[3])]
        if ret != int(gw.theta1_epoch.iloc[0]):   # the finetune run's own pick: a different --freeze would move it
            raise ValueError(f"{key}: the returned epoch here is {ret}, the finetune run's {int(gw.theta1_epoch.iloc[0])}: pass its --freeze.")
        i0 = int(g[g.epoch < a.freeze].sort_values('epoch').set_index('epoch').valid.idxmax())   # the frozen phase's best epoch (theta0)
        cands[key] = dict(returned=t1[ret], epochs={int(e): t1[e] for e in t1.index},
                          wise={0.: t1[i0], **dict(zip(gw.wise, gw.T1)), 1.: t1[ret]})
    rows = []
    for (fold, draw, rules, whiten), c in cands.items():
        other = cands[(fold, 1 - draw, rules, whiten)]
        pick = lambda d, ok=lambda k: True, late=False: max((k for k in d if ok(k)), key=lambda k: (d[k], k if late else -k))
        e_all, e_unf = pick(c['epochs']), pick(c['epochs'], lambda k: k >= a.freeze)
        al = pick(c['wise'], late=True)
        rows.append(dict(fold=fold, chosen_on=draw, scored_on=1 - draw, rules=rules, whiten=whiten, returned=other['returned'],
                         epoch_all=e_all, T1_epoch_all=other['epochs'][e_all], epoch_unfrozen=e_unf, T1_epoch_unfrozen=other['epochs'][e_unf],
                         wise=al, T1_wise=other['wise'][al]))
    r = pd.DataFrame(rows)
    for col in ['T1_epoch_all', 'T1_epoch_unfrozen', 'T1_wise']:
        for k, g in r.groupby(['rules', 'whiten']):
            print(f"{k} {col}: {100 * g[col].mean():.1f} against {100 * g.returned.mean():.1f} at the returned epoch "
                  f"(ahead in {(g[col] > g.returned).sum()}, behind in {(g[col] < g.returned).sum()} of {len(g)})")
    print('weights chosen:', r.groupby(['rules', 'whiten']).wise.apply(list).to_dict())
    return r

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('mode', choices=['frozen', 'finetune', 'whitening', 'scc_head', 'crossdraw']); p.add_argument('name', nargs='?', default='')
    p.add_argument('--size', type=int, default=128); p.add_argument('--epochs', type=int, default=3)
    p.add_argument('--freeze', type=int, default=1); p.add_argument('--lr', type=float, default=2e-3)
    p.add_argument('--cosine', type=int, default=0); p.add_argument('--bn_eval', type=int, default=0)
    p.add_argument('--rules', nargs='+', default=['semantic', 'visual'])
    p.add_argument('--folds', type=int, nargs='+', default=[0, 1, 2, 3]); p.add_argument('--draws', type=int, default=1)
    p.add_argument('--whiten', type=float, nargs='+', default=[0.], help='V-CC head whitening shrinks to compare (0: none)')
    p.add_argument('--init', default='default', choices=['default', 'eszsl', 'probe'], help="S-CC projection's start: random, ESZSL's map, or the frozen-body S-CC")
    p.add_argument('--dataset', default='silhouettes', choices=['silhouettes', 'shapes'], help='finetune: shapes is bench/zsl_table.py\'s Shapes, --folds its data seeds')
    p.add_argument('--pseudo', type=int, default=2, help='finetune: seen classes held out as pseudo-unseen (0: the library\'s default, a quarter)')
    p.add_argument('--wise', type=float, nargs='*', default=[], help='finetune: WiSE-FT alphas to score (weights between the frozen phase and the returned epoch)')
    p.add_argument('--frozen_blocks', type=int, default=0, help='finetune: the stem and this many of EfficientNet-Lite0\'s 16 blocks stay frozen after the frozen phase too (0: all of the body trains, fastai\'s `fine_tune`)')
    p.add_argument('--aug', default='none', choices=['none', 'fastai', 'flip'], help="finetune: training-time augmentation (fastai's `aug_transforms()` defaults, or flips only)")
    p.add_argument('--distill', type=float, default=0., help="finetune: feature distillation's weight (`FeatureDistill`; 0: none)")
    p.add_argument('--mixup', type=float, default=0., help="finetune: fastai's `MixUp` on the training batches, this Beta alpha (0: none)")
    p.add_argument('--threads', type=int, default=2)
    a = p.parse_args()
    start(a.threads); print(a, flush=True)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        df = {'frozen': frozen, 'finetune': finetune, 'whitening': whitening, 'scc_head': scc_head, 'crossdraw': crossdraw}[a.mode](a)
    out = Path(f"bench/results/choose_recipe_{a.mode}{'_' + a.name if a.name else ''}.csv"); out.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(out, index=False); print(f"wrote {out}")

if __name__ == '__main__': main()
