"""V-CC crafting cost: prototype computation vs one inference pass over the same seen training images.

    python bench/prototypes_vs_inference.py [--archs efficientnet-lite0 resnet18] [--size 64] [--n_train 40] [--repeats 5]

For each backbone (EfficientNet-Lite0 with its offline ImageNet weights; resnet18 from scratch, no download): a V-CC
`craft_learner` on Shapes, then, on the seen training images without augmentation (`seen_train_dl`), interleaved after
one warm-up each:
  * `class_prototypes` (the seen prototypes alone),
  * `craft_visual_rules` (prototypes + the leave-one-class-out ridge choice and the unseen rules),
  * `learn.get_preds` over the same loader (one fastai inference pass),
  * the bare model in eval mode under `torch.no_grad` over the same loader.
Prints machine info, medians over --repeats, and the ratios to both inference passes."""
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from _common import start
import argparse, os, platform, statistics, time, warnings
import torch
from fastai.vision.all import set_seed
from craftzsl.shapes import shapes_dataset
from craftzsl.learner import craft_learner, class_prototypes, craft_visual_rules, seen_train_dl, efficientnet_lite0
from craftzsl.cli import get_arch

def timed(f):
    t = time.perf_counter(); f(); return time.perf_counter() - t

@torch.no_grad()
def bare_inference(model, dl):
    model.eval()
    for b in dl: model(b[0])

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--archs', nargs='+', default=['efficientnet-lite0', 'resnet18'])
    p.add_argument('--size', type=int, default=64); p.add_argument('--n_train', type=int, default=40)
    p.add_argument('--bs', type=int, default=64); p.add_argument('--repeats', type=int, default=5)
    p.add_argument('--threads', type=int, default=2)
    a = p.parse_args()
    start(a.threads)
    set_seed(0)
    ds = shapes_dataset(seed=0, size=a.size, n_train=a.n_train, n_valid=5, n_test=5, n_irrelevant=0)
    dls = ds.dataloaders(bs=a.bs)
    print(f"data: {ds!r}; batch size {a.bs}; {a.repeats} repeats after 1 warm-up, interleaved", flush=True)
    for name in a.archs:
        pre = name == 'efficientnet-lite0'
        learn = craft_learner(dls, get_arch(name), rules='visual', pretrained=pre)
        dl = seen_train_dl(dls)
        n = len(dl.dataset)
        tasks = {
            'class_prototypes': lambda: class_prototypes(learn.model, dl, ds.space.n_seen),
            'craft_visual_rules': lambda: craft_visual_rules(learn.model, dl, ds.space),
            'learn.get_preds': lambda: learn.get_preds(dl=dl),
            'model.eval() forward': lambda: bare_inference(learn.model, dl),
        }
        with learn.no_bar(), learn.no_logging():
            for f in tasks.values(): f()                                   # warm-up
            ts = {k: [] for k in tasks}
            for _ in range(a.repeats):
                for k, f in tasks.items(): ts[k].append(timed(f))
        med = {k: statistics.median(v) for k, v in ts.items()}
        print(f"\n== {name} ({'ImageNet weights, offline' if pre else 'random init'}), {n} seen training images, "
              f"{ds.space.n_seen} seen classes, feature dim {learn.rule_head.dim}")
        for k, v in ts.items():
            print(f"{k:22s} median {med[k]*1e3:8.1f} ms ({min(v)*1e3:.1f}-{max(v)*1e3:.1f}), {n/med[k]:7.1f} images/s")
        for k in ('class_prototypes', 'craft_visual_rules'):
            print(f"ratio {k}/get_preds: {med[k]/med['learn.get_preds']:.3f}; "
                  f"{k}/bare forward: {med[k]/med['model.eval() forward']:.3f}")
        print(f"ridge + unseen rules (craft_visual_rules - class_prototypes): "
              f"{(med['craft_visual_rules'] - med['class_prototypes'])*1e3:.1f} ms", flush=True)

if __name__ == '__main__': main()
