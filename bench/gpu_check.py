"""The paths a GPU user runs, on CUDA, with wall times: one prepared script for a short lease of a GPU machine.

    python bench/gpu_check.py [--out DIR] [--only NAME ...]

Sections (each timed; a failure prints its traceback and the next section runs):
- `demo`: `craftzsl demo` as the README runs it (EfficientNet-Lite0, Shapes 64 px, S-CC / V-CC / V&S-CC, R).
- `reproduce`: `craftzsl reproduce AWA2 --image_root ... --voc ...` end to end with ResNet-101 (random init: the
  machine has no internet for the ImageNet weights) on Shapes written in the xlsa17 layout (`to_xlsa17`), 224 px.
- `throughput`: a crafted ResNet-101 S-CC at 224 px, batch 64, images per second in fp32 and with `to_fp16`,
  from which an AWA2 epoch (23,527 trainval images) is extrapolated.
- `fp16`: EfficientNet-Lite0 S-CC and V-CC on Shapes, fp32 against `to_fp16` (T1 and H, same seed).
- `evaluate`: exported learners loaded back on the GPU, `craftzsl evaluate --rebalancer R`, and a grad-CAM map.
- `epoch_time`: `bench/epoch_time.py` (crafted vs plain `vision_learner` epoch time) on the GPU.
- `distributed`: the distributed path (`craftzsl.distributed`): with several GPUs, `tools/test_distributed.py` on one
  NCCL rank per GPU; with one GPU that is world size 1 (NCCL takes one GPU per rank), so the sharded all-reduce runs
  on two CPU ranks (`tools/test_distributed.sh`, gloo); then `craftzsl train --distributed --fp16 --channels_last`
  on the GPU(s).
- `crafted_vs_plain`: training images/s of crafted S-CC and V-CC against plain `vision_learner` fine-tuning of the
  same ResNet-101 body (every layer trainable), JPEG files at 224 px, batch 64, 8 loader workers, in fp32 and in
  fp16 + channels_last.
"""
import argparse, os, platform, subprocess, sys, tempfile, time, traceback, warnings
from pathlib import Path
import torch

DEVICE = 'cuda' if torch.cuda.is_available() else 'cpu'
def sync():
    if DEVICE == 'cuda': torch.cuda.synchronize()

SECTIONS, RESULTS = {}, {}
def section(fn):
    SECTIONS[fn.__name__] = fn
    return fn

def run(name, tmp):
    print(f"\n===== {name}: {SECTIONS[name].__doc__}", flush=True)
    t0 = time.perf_counter()
    try: SECTIONS[name](tmp); status = 'ok'
    except Exception: traceback.print_exc(); status = 'FAILED'
    RESULTS[name] = (status, time.perf_counter() - t0)
    print(f"===== {name}: {status} in {RESULTS[name][1]:.1f} s", flush=True)

@section
def demo(tmp):
    "craftzsl demo (full, as in the README)"
    from craftzsl.cli import demo
    demo(out=str(tmp/'demo'))

@section
def reproduce(tmp):
    "craftzsl reproduce AWA2 end to end: ResNet-101 (random init), Shapes in the xlsa17 layout, 224 px, with R"
    from craftzsl.cli import reproduce
    _shapes_files(tmp)
    reproduce('AWA2', root=str(tmp/'xlsa17'), image_root=str(tmp/'images'), voc=str(tmp/'voc'), scratch=True,
              epochs=3, size=224, bs=64)

def _shapes_files(tmp):
    "Shapes (seed 0, 64 px) written in the xlsa17 layout as JPEG files, once"
    from craftzsl.shapes import shapes_dataset
    from craftzsl.benchmarks import to_xlsa17
    if not (tmp/'xlsa17'/'AWA2'/'res101.mat').exists():
        shapes_dataset(seed=0).to_xlsa17(tmp/'xlsa17'/'AWA2', tmp/'images'/'Animals_with_Attributes2', voc_root=tmp/'voc')

@section
def throughput(tmp):
    "crafted ResNet-101 S-CC training throughput from JPEG files, 224 px, batch 64: fp32/fp16, 0/8 loader workers"
    from fastai.vision.all import resnet101
    from craftzsl.benchmarks import xlsa17_dataset
    from craftzsl.learner import craft_learner
    _shapes_files(tmp)
    ds = xlsa17_dataset(tmp/'xlsa17'/'AWA2', tmp/'images')
    for fp16, workers in ((False, 0), (False, 8), (True, 8)):
        dls = ds.dataloaders(bs=64, size=224, seed=0, num_workers=workers)
        n = len(dls.train_ds)
        learn = craft_learner(dls, resnet101, rules='semantic', pretrained=False)
        if fp16: learn.to_fp16()
        times = []
        for _ in range(3):
            sync(); t0 = time.perf_counter()
            with learn.no_bar(), learn.no_logging(): learn.fit(1, 1e-3)
            sync(); times.append(time.perf_counter() - t0)
        t = sorted(times)[1]
        print(f"  {'fp16' if fp16 else 'fp32'}, {workers} workers: epoch of {n} images (+ validation of "
              f"{len(dls.valid_ds)}) median {t:.2f} s over 3 ({', '.join(f'{x:.2f}' for x in times)}): {n/t:.0f} "
              f"images/s; an AWA2 epoch (~21,200 training images) would take ~{21200/(n/t):.0f} s", flush=True)

@section
def fp16(tmp):
    "EfficientNet-Lite0 S-CC / V-CC / V&S-CC on Shapes 64 px: fp32 against to_fp16, seed 0"
    import pandas as pd
    from fastai.vision.all import set_seed
    from craftzsl.shapes import shapes_dataset
    from craftzsl.learner import craft_learner, efficientnet_lite0, rule_head
    from craftzsl.ensemble import CraftEnsemble
    import craftzsl.evaluate   # adds `zsl_evaluate` to learners and ensembles
    ds = shapes_dataset(seed=0)
    rows = []
    for fp16 in (False, True):
        ls = []
        for rules in ('semantic', 'visual'):
            set_seed(0, reproducible=True)
            learn = craft_learner(ds.dataloaders(bs=32, seed=0), efficientnet_lite0, rules=rules)
            if fp16: learn.to_fp16()
            t0 = time.perf_counter()
            with learn.no_bar(), learn.no_logging(): learn.fine_tune(2, 2e-3)
            print(f"  {rules} {'fp16' if fp16 else 'fp32'}: {time.perf_counter()-t0:.1f} s; rules dtype "
                  f"{rule_head(learn.model).rules.dtype}", flush=True)
            ls.append(learn)
        tab = pd.concat([l.zsl_evaluate(ds, percent=True) for l in ls] + [CraftEnsemble(ls).zsl_evaluate(ds, percent=True)])
        assert tab.notna().all().all(), "NaN in the table"
        rows.append(tab.assign(precision='fp16' if fp16 else 'fp32'))
    print(pd.concat(rows).round(1).to_string())

@section
def evaluate(tmp):
    "exported learners loaded on the GPU: craftzsl evaluate --rebalancer R, and a grad-CAM map"
    from craftzsl.cli import main, load_dataset
    from fastai.learner import load_learner
    import craftzsl.interpret
    for r in ('semantic', 'visual'):
        main(['train', '--arch', 'efficientnet-lite0', '--epochs', '1', '--rules', r, '--out', str(tmp/f'{r}.pkl')])
    main(['evaluate', str(tmp/'semantic.pkl'), str(tmp/'visual.pkl'), '--rebalancer', 'R'])
    learn = load_learner(tmp/'semantic.pkl', cpu=DEVICE == 'cpu')
    ds = load_dataset('shapes')
    learn.dls = ds.dataloaders(bs=8).to(DEVICE)
    items = ds.subset('test_unseen').iloc[:4]
    cam = learn.grad_cam(items, items.label.tolist())
    print(f"  grad-CAM on {next(learn.model.parameters()).device}: maps {tuple(cam.shape)}, finite {bool(torch.isfinite(cam).all())}")
    assert torch.isfinite(cam).all()

@section
def epoch_time(tmp):
    "bench/epoch_time.py: crafted vs plain vision_learner, resnet18, Shapes 64 px, 7 interleaved repeats"
    subprocess.run([sys.executable, str(Path(__file__).parent/'epoch_time.py'), '--repeats', '7'], check=True)

ROOT = Path(__file__).resolve().parent.parent

@section
def distributed(tmp):
    "the distributed path: NCCL ranks on the GPUs (one GPU: world size 1), two CPU ranks, craftzsl train --distributed"
    from craftzsl.cli import main
    n = torch.cuda.device_count()
    if n >= 2:
        print(f"  {n} GPUs: tools/test_distributed.py on {n} NCCL ranks", flush=True)
        subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--standalone', f'--nproc_per_node={n}',
                        str(ROOT/'tools'/'test_distributed.py')], check=True)
    else: print(f"  {n} GPU: the GPU path runs with world size 1 (NCCL takes one GPU per rank); the sharded "
                "all-reduce is checked on two CPU ranks (gloo) instead", flush=True)
    subprocess.run(['bash', str(ROOT/'tools'/'test_distributed.sh')], check=True)
    t0 = time.perf_counter()
    rc = main(['train', '--rules', 'visual', '--arch', 'resnet18', '--scratch', '--epochs', '2', '--size', '64',
               '--distributed', '--fp16', '--channels_last', '--out', str(tmp/'distributed.pkl'), '--force'])
    assert rc == 0 and (tmp/'distributed.pkl').exists(), rc
    print(f"  craftzsl train --distributed --fp16 --channels_last on {max(n, 1)} process(es): {time.perf_counter()-t0:.1f} s",
          flush=True)

@section
def crafted_vs_plain(tmp):
    "training images/s: crafted S-CC / V-CC vs plain vision_learner, same ResNet-101 body, 224 px files, 8 workers, fp32 and fp16+channels_last"
    import pandas as pd
    from fastai.vision.all import resnet101, vision_learner, set_seed
    from craftzsl.benchmarks import xlsa17_dataset
    from craftzsl.learner import craft_learner
    _shapes_files(tmp)
    ds = xlsa17_dataset(tmp/'xlsa17'/'AWA2', tmp/'images')
    rows = []
    for fast in (False, True):
        for name in ('plain vision_learner', 'crafted S-CC', 'crafted V-CC'):
            set_seed(0)
            dls = ds.dataloaders(bs=64, size=224, seed=0, num_workers=8)
            n = len(dls.train_ds)
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')   # V-CC prototypes of an untrained body: a speed test
                if name.startswith('plain'): learn = vision_learner(dls, resnet101, pretrained=False)
                else: learn = craft_learner(dls, resnet101, rules='semantic' if 'S-CC' in name else 'visual', pretrained=False)
                learn.unfreeze()   # fine-tuning's unfrozen phase: every layer trains
                if fast: learn.to_fp16(); learn.to_channelslast(use_amp=False)
                times = []
                for i in range(4):   # the first epoch warms up (cuDNN autotuning, workers, V-CC's crafting pass)
                    sync(); t0 = time.perf_counter()
                    with learn.no_bar(), learn.no_logging(): learn.fit(1, 1e-3)
                    sync(); times.append(time.perf_counter() - t0)
            t = sorted(times[1:])[1]
            rows.append(dict(learner=name, precision='fp16 + channels_last' if fast else 'fp32', images=n,
                             epoch_s=round(t, 2), images_per_s=round(n / t)))
            print(f"  {name}, {rows[-1]['precision']}: epoch of {n} training images (+ validation) median {t:.2f} s "
                  f"({', '.join(f'{x:.2f}' for x in times[1:])}; warm-up {times[0]:.2f}): {n/t:.0f} images/s", flush=True)
    tab = pd.DataFrame(rows)
    plain = tab[tab.learner.str.startswith('plain')].set_index('precision').images_per_s
    tab['vs plain'] = [f"{r.images_per_s / plain[r.precision]:.2f}x" for r in tab.itertuples()]
    print(tab.to_string(index=False))

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--out', default=None); p.add_argument('--only', nargs='*', default=list(SECTIONS))
    a = p.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}, "
          f"cuda={torch.cuda.is_available()}" + (f", {torch.cuda.get_device_name()}" if torch.cuda.is_available() else ''))
    tmp = Path(a.out or tempfile.mkdtemp())
    t0 = time.perf_counter()
    for name in a.only: run(name, tmp)
    print(f"\nsummary ({time.perf_counter()-t0:.0f} s): " + ', '.join(f"{k} {s} {t:.0f} s" for k,(s,t) in RESULTS.items()))
