"""V&S-CC with the members weighted on held-out seen classes, on Shapes with `craftzsl demo`'s data and recipe.

    python bench/vs_weight_shapes.py [--seeds 0 1 2]

Per seed: `shapes_dataset(seed, size=64, n_train=40, n_valid=10, n_test=20, n_irrelevant=200)` (the demo's data),
`study_models` (the library's recipe at 64 px, and the pair again on the pseudo-unseen split of the seen classes),
`rebalancing_study`, then `bench/zsl_table.py`'s `weighted_row`: the V-CC member's weight w in
`(1 - w) * S-CC + w * V-CC` (softmaxes at the seen-validation temperatures) is the grid value with the best T1 on the
pseudo-unseen split (ties: nearest the paper's 0.5), then scored on the test split. No test image chooses anything.
Prints T1 and H (no rebalancing) of S-CC, V-CC, V&S-CC and the weighted V&S-CC; writes
bench/results/vs_weight_shapes.csv."""
import argparse, sys, time
from pathlib import Path
import pandas as pd
sys.path.insert(0, str(Path(__file__).parent))
from _common import start
from zsl_table import weighted_row
from craftzsl.shapes import shapes_dataset
from craftzsl.study import study_models, rebalancing_study

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2]); p.add_argument('--threads', type=int, default=2)
    a = p.parse_args()
    start(a.threads); rows, t_all = [], time.perf_counter()
    for seed in a.seeds:
        t = time.perf_counter()
        ds = shapes_dataset(seed=seed, size=64, n_train=40, n_valid=10, n_test=20, n_irrelevant=200)
        res = rebalancing_study(ds, **study_models(ds, seed=seed, size=64), seed=seed)
        tab = res['table'].query("rebalancer == 'none'").set_index('model')
        wr, w = weighted_row(res)
        row = dict(seed=seed, **{f'T1 {k}': tab.loc[k, 'T1'] for k in ('S-CC', 'V-CC', 'V&S-CC')}, **{'T1 weighted V&S-CC': wr['T1']},
                   **{f'H {k}': tab.loc[k, 'H'] for k in ('S-CC', 'V-CC', 'V&S-CC')}, **{'H weighted V&S-CC': wr['H']},
                   w_vcc=w, seconds=time.perf_counter() - t)
        print(', '.join(f"{k} {v:.3g}" for k, v in row.items()), flush=True); rows.append(row)
    df = pd.DataFrame(rows)
    print(df.round(1).to_string(index=False)); print('mean:\n' + df.drop(columns='seed').mean().round(1).to_string())
    print(f"wall time: {(time.perf_counter() - t_all) / 60:.1f} min")
    out = Path('bench/results/vs_weight_shapes.csv'); out.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(out, index=False); print(f"wrote {out}")

if __name__ == '__main__': main()
