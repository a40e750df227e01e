"""One small V-CC `fit_crafted` on the silhouettes, to compare the speed of two versions of the code on the same cores.

    python bench/fit_time.py                      # the checkout's craftzsl
    PYTHONPATH=/tmp/old python bench/fit_time.py  # another version: git worktree add /tmp/old COMMIT

Alternate the two commands several times (A B A B ..., e.g. with `/usr/bin/time -f %e`) and compare the medians of
their whole-process wall times: the VM's speed drifts, so only interleaved runs compare. Data: fold 0, seed 0, 30
training and 20 validation images per seen class at 128 px; one frozen epoch and one more. Prints the seen
validation accuracy and the fit's own seconds (stderr)."""
import sys, time, torch
torch.set_num_threads(2)
from craftzsl.silhouettes import silhouettes_dataset
from craftzsl.learner import fit_crafted

ds = silhouettes_dataset(fold=0, seed=0, n_valid=20, n_test_seen=10, n_train=30, n_test_unseen=10, n_irrelevant=10)
start = time.perf_counter()
learn = fit_crafted(ds, 'visual', epochs=1, seed=0)
print(f"seen validation accuracy {learn.best_valid:.4f}, fit {time.perf_counter() - start:.1f} s", file=sys.stderr)
