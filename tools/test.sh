#!/usr/bin/env bash
# The README's test command: every notebook is a test (nbdev_test, slow cells skipped), per-notebook times printed,
# and a closing line "pinned stack (fastai X, fastcore Y, torch Z): N passed, N failed" over notebooks (the stack is
# the active environment's; tools/test_newest.sh is the newest-stack leg). Extra arguments go to nbdev_test
# (e.g. --flags slow).
cd "$(dirname "$0")/.."
# nbdev_test runs min(cores, 8) notebooks at a time: give each its share of the cores for torch's and numpy's threads
# (OpenMP, OpenBLAS), or each starts one thread per core and they spin against each other (tools/run_notebook_tests.py's
# share_cores has the measurement)
cores=$(nproc); export OMP_NUM_THREADS=${OMP_NUM_THREADS:-$(( cores / (cores < 8 ? cores : 8) ))}
log=$(mktemp)
nbdev_test --timing "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
total=$(find nbs -name '*.ipynb' -not -path '*/.*' -not -name '_*' -not -path '*/_*' | wc -l)
failed=$(sed -n '/Tests Failed On The Following Notebooks/,$p' "$log" | grep -c '\.ipynb')
[ "$rc" -ne 0 ] && [ "$failed" -eq 0 ] && failed=$total
rm -f "$log"
stack=$(python -c 'import importlib.metadata as m
print(", ".join(f"{d} {m.version(d)}" for d in ("fastai", "fastcore", "torch")))' 2>/dev/null || echo "versions unknown")
echo "pinned stack ($stack): $((total - failed)) passed, $failed failed"
exit $rc
