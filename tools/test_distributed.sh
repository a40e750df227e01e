#!/usr/bin/env bash
# Distributed crafting without a GPU: two CPU ranks (torchrun, gloo backend), in the active environment.
#  1. tools/test_distributed.py under torchrun: a V-CC learner crafted on a sharded loader of an odd number N of
#     training images and trained one epoch by `fit_crafted(..., distributed=True)`; both ranks' rules must equal a
#     single-process crafting within 1e-5 (a whitened V-CC, `whiten=`, too), each rank must count its own shard without the padding duplicate (the
#     counts summed over the ranks are N); craft() and add_unseen on the DDP-wrapped model; rank 0's export loads
#     and evaluates while the other rank waits.
#  2. `craftzsl train --distributed` starting its own processes (CRAFTZSL_NPROC=2: two CPU processes instead of one
#     per GPU): rank 0 alone prints the table and writes the export.
# Prints the largest rule difference and each rank's count; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OMP_NUM_THREADS=1   # torchrun's default for CPU processes, set here so that it does not warn
export CUDA_VISIBLE_DEVICES=""   # CPU ranks, also on a machine with GPUs (there: bench/gpu_check.py, NCCL)
rc=0

torchrun --standalone --nproc_per_node 2 tools/test_distributed.py > "$tmp/lib.log" 2>&1
lib=$?
grep -E '^rank [0-9]+:' "$tmp/lib.log" | sort -s -n -k2,2
if [ "$lib" -ne 0 ]; then echo "--- tools/test_distributed.py failed (exit $lib):"; tail -n 60 "$tmp/lib.log"; rc=1; fi

CRAFTZSL_NPROC=2 python -m craftzsl train --quick --rules visual --arch resnet18 --scratch --epochs 1 --size 32 \
  --distributed --out "$tmp/cli/vcc.pkl" > "$tmp/cli.log" 2>&1
cli=$?
exports=$(grep -c '^exported to' "$tmp/cli.log")
tables=$(grep -c '^model' "$tmp/cli.log")
if [ "$cli" -ne 0 ] || [ "$exports" -ne 1 ] || [ "$tables" -ne 1 ] || [ ! -s "$tmp/cli/vcc.pkl" ] || \
   ! python -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.exit(not any(n.endswith("data.pkl") for n in z.namelist()))' "$tmp/cli/vcc.pkl"; then
  echo "--- craftzsl train --distributed failed (exit $cli, $exports export lines, $tables tables; one of each expected):"
  tail -n 60 "$tmp/cli.log"; rc=1
else
  echo "craftzsl train --distributed (2 CPU processes): trained; the table and the export once, from rank 0"
fi

echo "distributed test: $([ $rc -eq 0 ] && echo passed || echo FAILED) in $(( $(date +%s) - start )) s"
exit $rc
