#!/bin/bash
# End-to-end wall time of `craftzsl demo` (full) and `craftzsl demo --quick`.
#
#     bash bench/demo_time.sh [--quick-only] [--repeats N]
#
# Prints machine info, then runs each command N times (default 1: the full demo takes many minutes on a CPU) after no
# warm-up beyond the first import cache, with `/usr/bin/time` (wall, user+sys CPU, max RSS) and the demo's own log; the
# median wall time and the full/quick ratio when both ran. Each run writes its report to a temporary folder.
set -u
cd "$(dirname "$0")/.." || exit 1
[ -f .venv/bin/activate ] && . .venv/bin/activate
QUICK_ONLY=0; REPEATS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick-only) QUICK_ONLY=1 ;;
    --repeats) REPEATS="$2"; shift ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac; shift
done
echo "machine: $(uname -m), $(nproc) cores (shared), $(python -c 'import torch; print("torch", torch.__version__, torch.get_num_threads(), "threads, cuda=" + str(torch.cuda.is_available()))'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "settings: repeats $REPEATS$( [ $QUICK_ONLY = 1 ] && echo ', quick only')"
python -c 'import craftzsl.cli' >/dev/null 2>&1   # warm the import/bytecode cache
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
run() {  # $1: label, rest: craftzsl args
  local label="$1"; shift; local walls=()
  for i in $(seq "$REPEATS"); do
    local out; out=$(mktemp -d)
    local start; start=$(date +%s.%N)
    /usr/bin/time -f "  /usr/bin/time: wall %e s, user %U s, sys %S s, max RSS %M KB" craftzsl demo "$@" --out "$out" 2>&1 | sed 's/^/  /'
    local rc=${PIPESTATUS[0]}
    local wall; wall=$(python -c "import time; print(f'{time.time() - $start:.1f}')")
    echo "$label run $i: rc=$rc, wall $wall s"; walls+=("$wall"); rm -rf "$out"
  done
  local m; m=$(printf '%s\n' "${walls[@]}" | median)
  echo "== $label: median wall $m s over $REPEATS"; eval "MED_$label=$m"
}
run quick --quick
[ $QUICK_ONLY = 1 ] || run full
[ $QUICK_ONLY = 1 ] || python -c "print(f'ratio full/quick: {$MED_full/$MED_quick:.1f}')"
