#!/usr/bin/env bash
# CI's second leg: the stack users get. A fresh venv gets what `pip install ".[all]"` resolves WITHOUT the development
# pins (newest fastai, fastcore, torch the registry serves, within the machine's pip cap), installed from a wheel of
# this tree, plus what the notebook tests need and the project does not: IPython (the runner's shell) and grad-cam
# (08_interpret's reference library). nbdev 2 cannot install beside fastcore 2, so the notebooks run through
# tools/run_notebook_tests.py, which selects and runs cells as nbdev_test does. Prints the versions it got, runs
# `craftzsl --help` and `craftzsl demo --quick` from the wheel (outside the repository), then every notebook's tests.
# Closing line: "newest stack (fastai X, fastcore Y, torch Z): N passed, N failed" (N over notebooks, plus any failed
# CLI check); the exit status is non-zero if anything failed.
#
#   bash tools/test_newest.sh                       # fresh venv, CLI checks, every notebook
#   bash tools/test_newest.sh nbs/04_metrics.ipynb  # fresh venv, CLI checks, those notebooks
#   bash tools/test_newest.sh --reuse [NB ...]      # keep the venv of the last run (no install) when it exists
# The venv is $NEWEST_VENV (default .venv-newest, git-ignored, kept for --reuse; deleted afterwards when CI is set).
# $PYTHON picks the interpreter (default python3; other Pythons than 3.11 download torch instead of taking it from disk).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
venv=${NEWEST_VENV:-$root/.venv-newest}
reuse=0
[ "${1:-}" = --reuse ] && { reuse=1; shift; }
# CI has the pinned venv activated: build the new one from the base interpreter, with nothing of the pinned one on PATH
if [ -n "${VIRTUAL_ENV:-}" ]; then PATH=$(printf %s "$PATH" | tr : '\n' | grep -vxF "$VIRTUAL_ENV/bin" | paste -sd:); unset VIRTUAL_ENV; fi
unset PYTHONPATH PYTHONHOME
py=${PYTHON:-python3}
tmp=$(mktemp -d)
# under CI the venv is deleted in the background: deleting 6.4 GB takes 1.5-3 min here and nothing waits for it
cleanup() { rm -rf "$tmp"; if [ -n "${CI:-}" ]; then setsid rm -rf "$venv" < /dev/null > /dev/null 2>&1 & fi; }
trap cleanup EXIT
vpy=$venv/bin/python
start=$(date +%s)

if [ $reuse -eq 1 ] && [ -x "$vpy" ]; then
  echo "newest stack: reusing $venv (no install)"
else
  rm -rf "$venv"
  "$py" -m venv "$venv" || { echo "newest stack: venv creation failed"; exit 1; }
  "$vpy" -m pip wheel -q --no-deps . -w "$tmp/dist" || { echo "newest stack: wheel build failed"; exit 1; }
  whl=$(ls "$tmp"/dist/craftzsl-*.whl)
  # no constraints, no requirements-dev.txt: only the machine's pip configuration (its torch cap) applies
  # (the grep drops this machine's warnings about local index folders that do not hold a package)
  "$vpy" -m pip install -q "$whl[all]" ipython grad-cam 2>&1 | grep -v "^WARNING: Location 'file:///.*' is ignored"
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "newest stack: install failed"; exit 1; }
  "$vpy" -m pip check || { echo "newest stack: pip check failed"; exit 1; }
  echo "newest stack: installed $(basename "$whl") [all] in $(( $(date +%s) - start )) s ($(du -sh "$venv" | cut -f1))"
fi
installed=$(date +%s)

ver() { "$vpy" -c 'import sys, importlib.metadata as m
print(*[f"{d} {m.version(d)}" for d in sys.argv[1:]], sep=", ")' "$@"; }
pyver=$("$vpy" -c 'import platform; print(platform.python_version())')
echo "newest stack versions: python $pyver, $(ver torch torchvision fastai fastcore numpy scikit-learn)"
echo "  also: $(ver plum-dispatch fasttransform fastprogress pandas scipy matplotlib ipython ipywidgets grad-cam timm)"
label="newest stack ($(ver fastai fastcore torch))"

# the command line, from the wheel, run outside the repository so that nothing of the source tree is imported
cli_failed=0
(
  cd "$tmp" || exit 1
  where=$("$vpy" -c 'import craftzsl; print(craftzsl.__file__)') || exit 1
  case "$where" in "$venv"/*) echo "newest stack: craftzsl imported from the wheel ($where)";;
    *) echo "newest stack: craftzsl imported from $where, not the wheel"; exit 1;; esac
) || cli_failed=$((cli_failed + 1))
if (cd "$tmp" && "$venv/bin/craftzsl" --help > "$tmp/help.log" 2>&1); then
  echo "newest stack: craftzsl --help ok ($(grep -c . "$tmp/help.log") lines)"
else
  cat "$tmp/help.log"; echo "newest stack: craftzsl --help FAILED"; cli_failed=$((cli_failed + 1))
fi
t0=$(date +%s)
if (cd "$tmp" && "$venv/bin/craftzsl" demo --quick --out "$tmp/demo" > "$tmp/demo.log" 2>&1) && [ -s "$tmp/demo/report.md" ]; then
  echo "newest stack: craftzsl demo --quick ok in $(( $(date +%s) - t0 )) s; its last lines:"
  tail -n 4 "$tmp/demo.log" | sed 's/^/    /'
else
  tail -n 40 "$tmp/demo.log"; echo "newest stack: craftzsl demo --quick FAILED"; cli_failed=$((cli_failed + 1))
fi
cli_done=$(date +%s)

# every notebook's tests (the repository's source tree, as nbdev_test imports it), as tools/test.sh runs them
"$vpy" tools/run_notebook_tests.py --label "$label" --failed-before "$cli_failed" "$@" | tee "$tmp/nbs.log" | sed '$d'
rc=${PIPESTATUS[0]}
closing=$(tail -n 1 "$tmp/nbs.log")
end=$(date +%s)
echo "newest stack times: install $(( installed - start )) s, CLI checks $(( cli_done - installed )) s, notebooks $(( end - cli_done )) s, total $(( end - start )) s"
echo "$closing"
exit $rc
