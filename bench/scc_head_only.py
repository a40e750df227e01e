"""Where does S-CC lose to its frozen-body version on Shapes: in how its head trains, or in fine-tuning the body?

    python bench/scc_head_only.py attributes      # then: text

Per data seed 0-2: Shapes as `bench/zsl_table.py --dataset shapes` builds it (18 seen, 6 unseen classes), an S-CC learner
as `craftzsl.learner.fit_crafted` builds it (EfficientNet-Lite0 with ImageNet weights, 128 px, batch 32, BatchNorm
statistics kept as pretrained), trained with the body frozen for 4 epochs (`fit_one_cycle`, 2e-3): the learner's own
head, no fine-tuning. The epoch is chosen on seen validation accuracy; ZSL T1 on the unseen test images is reported,
nothing is chosen on them. Compare with S-CC and the frozen-body S-CC in `bench/results/zsl_shapes.csv`.
Writes bench/results/scc_head_only_<embedding>.csv."""
import sys, time, contextlib, io, tempfile
from pathlib import Path
import pandas as pd
sys.path.insert(0, str(Path(__file__).parent))
from _common import start
from fastai.vision.all import set_seed
from fastai.callback.tracker import SaveModelCallback
from craftzsl.shapes import shapes_dataset
from craftzsl.learner import craft_learner, default_size, FreezeBNStats
from craftzsl.evaluate import zsl_evaluate

def main(emb='attributes', epochs=4):
    start(2)
    rows = []
    for seed in (0, 1, 2):
        t = time.time()
        ds = shapes_dataset(seed=seed, size=64, n_train=100, n_valid=10, n_test=20, n_irrelevant=0, text=emb == 'text')
        set_seed(seed, reproducible=True)
        dls = ds.dataloaders(bs=32, size=default_size(ds), seed=seed)
        with tempfile.TemporaryDirectory() as tmp:
            learn = craft_learner(dls, 'efficientnet-lite0', rules='semantic', pretrained=True, path=tmp)   # frozen body
            best = SaveModelCallback(monitor='accuracy', fname='best')
            with learn.no_bar(), learn.no_logging(), contextlib.redirect_stdout(io.StringIO()):
                learn.fit_one_cycle(epochs, 2e-3, pct_start=0.3, cbs=[best, FreezeBNStats()])
            T1 = float(zsl_evaluate(learn, ds).T1.iloc[0]) * 100
        rows.append(dict(embedding=emb, seed=seed, frozen_epochs=epochs, valid=float(best.best), T1=T1, seconds=time.time() - t))
        print(rows[-1], flush=True)
    df = pd.DataFrame(rows); out = Path(f'bench/results/scc_head_only_{emb}.csv'); df.to_csv(out, index=False)
    print(f"S-CC head only, {emb}: T1 {df.T1.mean():.1f} (seeds {df.T1.round(1).tolist()}); wrote {out}")

if __name__ == '__main__': main(*sys.argv[1:2])
