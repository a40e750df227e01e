"""Run notebooks and store their outputs in place, as `nbdev_test` runs them (slow and eval: false cells skipped),
so that the docs show results and figures without executing anything at render time.

    python tools/run_nbs.py [NOTEBOOK ...]      # default: every notebook under nbs/

Outputs larger than 300 kB are dropped (notebooks stay small); `nbdev_clean` runs afterwards."""
import sys, os, time
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.processors import NBProcessor, FrontmatterProc
from nbdev.config import get_config
from nbdev.clean import clean_nb

def _skip(flags):
    def _no_eval(cell):
        if cell.cell_type != 'code': return True
        if 'nbdev_export(' in cell.source: return True
        direc = getattr(cell, 'directives_', {}) or {}
        if direc.get('eval:', [''])[0].lower() == 'false': return True
        return bool(flags & direc.keys())
    return _no_eval

def _size(out): return len(str(out))

def run_nb(fn, flags):
    fn = Path(fn).absolute()
    raw = read_nb(fn)
    proc = NBProcessor(fn, procs=FrontmatterProc, process=True).nb
    for c in proc.cells:   # execnb keeps a cell's old outputs when a run prints nothing: start from none
        if c.cell_type == 'code': c.outputs = []
    start = time.time()
    with working_directory(fn.parent): CaptureShell(fn).run_all(proc, exc_stop=True, preproc=_skip(flags))
    outs = {c.get('id'): c.get('outputs', []) for c in proc.cells if c.cell_type == 'code'}
    for c in raw.cells:
        if c.cell_type != 'code': continue
        c.outputs = [o for o in outs.get(c.get('id'), []) if _size(o) < 300_000]
        c.execution_count = None
    clean_nb(raw)
    write_nb(raw, fn)
    print(f"{fn.relative_to(Path.cwd())}: {time.time()-start:.0f} s, {fn.stat().st_size/1e3:.0f} kB")

if __name__ == '__main__':
    os.environ['IN_TEST'] = '1'
    flags = set(get_config().tst_flags.split())
    nbs = sys.argv[1:] or sorted(str(p) for p in Path('nbs').rglob('*.ipynb') if not any(q.startswith(('_','.')) for q in p.parts))
    for nb in nbs: run_nb(nb, flags)
