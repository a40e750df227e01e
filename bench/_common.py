"""What every benchmark script shares: the machine line, the setup, the markdown report of a multi-seed table, and the
stored frozen-feature reference rows that the test-image checks compare with."""
import os, platform, time, warnings
from pathlib import Path
import torch

def machine_info() -> str:
    "CPU model, cores, torch version and threads, whether CUDA is there"
    cpu = platform.processor() or platform.machine()
    try:
        for line in open('/proc/cpuinfo'):
            if line.startswith('model name'): cpu = line.split(':', 1)[1].strip(); break
    except OSError: pass
    gpu = f", {torch.cuda.get_device_name()}" if torch.cuda.is_available() else ''
    return (f"{cpu}, {os.cpu_count()} cores (shared with other jobs), torch {torch.__version__}, "
            f"{torch.get_num_threads()} torch thread(s), cuda={torch.cuda.is_available()}{gpu}, python {platform.python_version()}")

def start(threads:int):
    "Set torch's threads, silence warnings, print the machine line (first thing every script prints)"
    torch.set_num_threads(threads)
    warnings.filterwarnings('ignore')
    print(f"machine: {machine_info()}", flush=True)

def write_report(out, settings:str, wall:float, over:str, md:str, claims:list) -> str:
    "Print and write the markdown report of a multi-seed (or multi-fold) table"
    text = (f"machine: {machine_info()}\n\nsettings: {settings}\n\nwall time {wall / 60:.1f} min\n\n"
            f"percent, mean ± std over {over}; S, U, H without rebalancing\n\n{md}\n\n"
            + '\n'.join('- ' + c for c in claims) + '\n')
    print('\n' + text)
    out = Path(out); out.parent.mkdir(parents=True, exist_ok=True); out.write_text(text)
    print(f"wrote {out}")
    return text

def frozen_reference(stored) -> "pd.DataFrame":
    """T1 of the frozen-feature rows (baselines, frozen-body S-CC, fine-tuning-free V-CC) of a `bench/zsl_table.py` CSV,
    one row per (embedding, fold, seed), and 'best baseline + 5': the better of ESZSL and SAE in that case, plus 5"""
    import pandas as pd
    ref = pd.read_csv(stored).query("rebalancer == 'none' and part == 'frozen'").pivot_table(
        index=['embedding', 'fold', 'seed'], columns='model', values='T1')
    ref['best baseline + 5'] = ref[['ESZSL', 'SAE']].max(axis=1) + 5
    return ref
