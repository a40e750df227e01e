"""Distributed crafting on several ranks, run under torchrun: two CPU ranks (gloo) by `bash tools/test_distributed.sh`,
one rank per GPU (NCCL) by `bench/gpu_check.py` where there are several GPUs.

A V-CC learner is crafted and trained one short epoch by `craftzsl.learner.fit_crafted(..., distributed=True)` on
tiny Shapes data with an odd number N of training images (not a multiple of the world size), so that fastai's
`DistributedDL` pads the last shard with duplicates. Exits non-zero unless:
- each rank passed over its own shard (ceil(N/world) items) and counted only its real images (the padding duplicates
  are not counted), and the counts summed over the ranks are N;
- both ranks hold the same rules, equal within 1e-5 to a single-process crafting of the same data (largest
  difference printed);
- a whitened V-CC (`whiten=`) crafted on the shards equals a single-process crafting (relative 1e-4);
- `craft()` and `add_unseen` work on the model wrapped in DDP (re-crafting equals a single-process crafting);
- rank 0's export loads and evaluates (the other rank waits).
"""
import os, sys, math, time, tempfile, copy, warnings
from pathlib import Path
start = time.perf_counter()
import numpy as np, torch, torch.nn as nn, torch.distributed as dist
from craftzsl.shapes import shapes_dataset
from craftzsl.learner import fit_crafted, craft_learner, craft_visual_rules, seen_train_dl, WHITEN_SHRINK
from craftzsl.distributed import init_distributed, single_process, on_rank0, unwrap_model, collective_device
import craftzsl.evaluate   # `zsl_evaluate`
from fastai.learner import load_learner

TOL = 1e-5
rank, world = init_distributed()
assert world >= 2, f"run under torchrun with at least 2 processes (world {world})"
dev = collective_device()   # CPU for gloo, this rank's GPU for NCCL
torch.set_num_threads(1)
torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = False   # GPUs: float32 features, as on CPUs
failures = []
def check(ok, what):
    if not ok: failures.append(what); print(f"rank {rank}: FAILED: {what}", flush=True)

def body():
    "A tiny convnet body, the same initial weights on every call"
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU())

n_seen, n_train = next((s, t) for t in range(5, 40, 2) for s in (5, 7) if (s * t) % world)   # 25 on two ranks
ds = shapes_dataset(size=32, n_classes=n_seen + 3, n_unseen=3, n_train=n_train, n_valid=2, n_test=3, n_irrelevant=0)
N = int(ds.counts().images['train'])
assert N % 2 == 1 and N % world, N
fit = dict(size=32, bs=4, seed=0, num_workers=0)   # bs 4: each rank's shard of the training images is several batches

# 1. crafted (sharded prototypes, all-reduced) and trained one epoch, data-parallel
learn = fit_crafted(ds, 'visual', body(), pretrained=False, epochs=1, distributed=True, **fit)
head = learn.rule_head
mine, total = int(head.image_counts['this rank'].sum()), int(head.image_counts['all ranks'].sum())
shard = math.ceil(N / world)
expected_mine = max(0, min(N - rank * shard, shard))   # the last shard holds the padding duplicates
check(mine == expected_mine and mine < N, f"this rank counted {mine} images, expected {expected_mine} of its shard of {shard}")
check(total == N, f"all ranks counted {total} images, expected N = {N}")

# 2. the same crafting in one process, on all N images
with single_process(), warnings.catch_warnings():
    warnings.simplefilter('ignore')
    ref = craft_learner(ds.dataloaders(**{k: fit[k] for k in ('bs', 'size', 'seed')}), body(), rules='visual',
                        pretrained=False).craft()
diff = (head.rules - ref.rule_head.rules).abs().max().item()
check(diff <= TOL, f"rules differ from a single-process crafting by {diff:.2e} > {TOL}")
gathered = [torch.zeros_like(head.rules) for _ in range(world)]
dist.all_gather(gathered, head.rules.contiguous())
between = max((g - gathered[0]).abs().max().item() for g in gathered)
check(between == 0, f"the ranks' rules differ by {between:.2e}")
pad = shard - expected_mine
print(f"rank {rank}: shard of {shard} training images ({pad} padding duplicate{'s' if pad != 1 else ''}),"
      f" counted {mine}; all ranks counted {total} (N = {N}); largest rule difference to single-process crafting "
      f"{diff:.2e}, between ranks {between:.1e}", flush=True)

# 2b. the whitened V-CC (`whiten=`): whitening statistics and prototypes from the sharded loader equal one process's
with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    dl_kw = {k: fit[k] for k in ('bs', 'size', 'seed')}
    lw = craft_learner(ds.dataloaders(**dl_kw), body(), rules='visual', pretrained=False, whiten=WHITEN_SHRINK).craft()
    with single_process():
        rw = craft_learner(ds.dataloaders(**dl_kw), body(), rules='visual', pretrained=False, whiten=WHITEN_SHRINK).craft()
rel = lambda a, b: ((a - b).abs().max() / b.abs().max()).item()
wdiff = max(rel(lw.rule_head.rules, rw.rule_head.rules), rel(lw.model[1].whiten.T, rw.model[1].whiten.T))
check(wdiff <= 1e-4, f"whitened V-CC differs from a single-process crafting by {wdiff:.2e} (relative) > 1e-4")
print(f"rank {rank}: whitened V-CC crafted on the shards: largest relative difference to single-process crafting {wdiff:.2e}", flush=True)

# 3. export and evaluation on rank 0 alone; the other rank waits
def export_and_evaluate():
    with tempfile.TemporaryDirectory() as d:
        learn.export(Path(d)/'vcc.pkl')
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            loaded = load_learner(Path(d)/'vcc.pkl', cpu=True)
    table = loaded.zsl_evaluate(ds, percent=True)
    print(f"rank 0: export written, loaded and evaluated alone (T1 {table['T1'].iloc[0]:.1f}, H {table['H'].iloc[0]:.1f}); "
          f"the other rank{'s' if world > 2 else ''} waited", flush=True)
    return loaded, table
res = on_rank0(export_and_evaluate)
if rank == 0:
    loaded, table = res
    check(list(table.columns[:4]) == ['T1', 'S', 'U', 'H'] and table.notna().all().all(), f"evaluation table {table}")
else: check(res is None, f"rank {rank} ran rank 0's block")

# 4. craft() and add_unseen on the model wrapped in DDP
learn.model = nn.parallel.DistributedDataParallel(learn.model, device_ids=[dev.index] if dev.type == 'cuda' else None)
with warnings.catch_warnings():
    warnings.simplefilter('ignore')   # prototypes of an untrained body: this is a test
    learn.craft()
trained = copy.deepcopy(unwrap_model(learn.model))
with single_process(): craft_visual_rules(trained, seen_train_dl(learn.dls), learn.space)
rediff = (learn.rule_head.rules - trained[1].rule_head.rules).abs().max().item()
check(rediff <= TOL, f"craft() on the wrapped model differs from a single-process crafting by {rediff:.2e}")
emb = np.ones((1, learn.space.dim), dtype=np.float32)
learn.add_unseen(['new_class'], emb)
check(learn.rule_head.n_classes == len(ds.space) + 1, "add_unseen on the wrapped model added no class")
check(torch.allclose(learn.rule_head.rules[-1], learn.rule_head.ridge(emb)[0]), "add_unseen's rule is not the ridge map's")
learn.model.train()
out = learn.model(learn.dls.one_batch()[0])   # a training forward: DDP syncs the grown buffers
check(out.shape[1] == ds.space.n_seen, f"forward after add_unseen gave {tuple(out.shape)}")
learn.model = unwrap_model(learn.model)
print(f"rank {rank}: craft() on the DDP-wrapped model: largest difference to single-process crafting {rediff:.2e}; "
      f"add_unseen on it: {learn.rule_head.n_classes} classes", flush=True)

flags = torch.tensor([len(failures)], device=dev)
dist.all_reduce(flags)
print(f"rank {rank}: {'FAILED' if flags.item() else 'passed'} ({time.perf_counter() - start:.0f} s)", flush=True)
dist.destroy_process_group()
sys.exit(1 if flags.item() else 0)
