"""Run every notebook's tests as `nbdev_test` (nbdev 2.4.14) does, without needing nbdev, so that the same tests run
on stacks where nbdev 2 cannot be installed (fastcore 2.x): the newest-stack CI leg, `tools/test_newest.sh`.

    python tools/run_notebook_tests.py [NOTEBOOK ...] [-n WORKERS] [--flags slow] [--label TEXT]
    python tools/run_notebook_tests.py --list [--check-nbdev]     # the cells that would run; no execution

What it mirrors from nbdev 2.4.14's `test_nb`/`nbdev_test` (nbdev/test.py, nbdev/process.py, nbdev/doclinks.py):
- the notebooks: `nbs_path` from settings.ini, recursive, `*.ipynb`, skipping files and folders whose names start
  with `_` or `.`, and folders holding a `.notest` file; a notebook with `skip_exec: true` frontmatter or a
  non-Python kernel passes without running;
- the cells: the leading `#|` directives are parsed and removed as nbdev does; a code cell is skipped when it calls
  `nbdev_export(`, has `#| eval: false`, or carries a flag of settings.ini's `tst_flags` (`slow cuda`) that was not
  forced with `--flags`; everything else runs, `#| hide` cells included (they hold tests);
- the execution: an IPython shell like execnb's `CaptureShell` (outputs captured, matplotlib's inline backend,
  the notebook's folder first on `sys.path`, then the repository root), run in the notebook's folder with
  `IN_TEST=1`, stopping at the first error; `min(cpus, 8)` notebooks at a time.
Where it differs: each notebook runs in its own process, forked from one that imported torch and fastai once
(nbdev_test reuses worker processes, so a notebook can see state left by an earlier one); where nbdev is not installed, `nbdev.showdoc` is a stub whose
`show_doc` does nothing (the docs are not rendered here, the arguments are still evaluated), and
`nbdev.nbdev_export` does nothing (as under `IN_TEST`). Prints one line per notebook (cells run/skipped, seconds),
the first error with its cell, and closes with "N passed, N failed" (over notebooks)."""
import argparse, configparser, json, os, re, signal, sys, tempfile, time, traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def settings():
    cfg = configparser.ConfigParser(delimiters=['='])
    cfg.read(ROOT/'settings.ini', encoding='utf-8')
    return cfg['DEFAULT']

# ---- which notebooks: nbdev's nbglob (globtastic with skip_folder_re/skip_file_re '^[_.]') and `.notest` --------
def find_notebooks(nbs_path, recursive=True):
    res = []
    for dirpath, dirs, files in os.walk(nbs_path):
        dirs[:] = sorted(d for d in dirs if not re.match(r'^[_.]', d)) if recursive else []
        if '.notest' in files: continue
        res += [Path(dirpath)/f for f in files if f.endswith('.ipynb') and not re.match(r'^[_.]', f)]
    return sorted(p.absolute() for p in res)

# ---- which cells: nbdev.process's directive parsing, for Python notebooks ------------------------------------
_DIR_PRE = r'\s*#\s*\|'
_QUARTO_RE = re.compile(_DIR_PRE + r'\s*[\w|-]+\s*:')
_CELL_MAGIC = re.compile(r'^\s*%%\w+')

def _directive(s):
    s = re.sub('^' + _DIR_PRE, '#|', s)
    if s.strip().endswith(':'): s = s.replace(':', '')
    if ':' in s: s = s.replace(':', ': ')
    s = (s.strip()[2:]).strip().split()
    if not s: return None
    return s[0], s[1:]

def _norm_quarto(s):
    m = _QUARTO_RE.match(s)
    return m.group(0) + ' ' + _QUARTO_RE.sub('', s).lstrip() if m else s

def extract_directives(source):
    "The leading `#|` directives of `source` as a dict, and the source nbdev executes (directives removed)"
    if not source: return {}, source
    lines = source.splitlines(True)
    first = next((i for i, o in enumerate(lines)
                  if o.strip() != '' and not re.match(_DIR_PRE, o) and not _CELL_MAGIC.match(o)), None)
    dirs, code = lines[:first], lines[first:]
    if not dirs: return {}, source
    src = ''.join([_norm_quarto(o) for o in dirs if _QUARTO_RE.match(o) or _CELL_MAGIC.match(o)] + code)
    return dict(d for d in map(_directive, dirs) if d), src

def _src(cell): return ''.join(cell.get('source', '')) if isinstance(cell.get('source'), list) else cell.get('source', '')

def _truthy(v): return str(v).strip().lower() in ('y', 'yes', 't', 'true', 'on', '1')

def skip_exec(nb):
    "nbdev's FrontmatterProc: a raw `---` YAML cell or the title markdown cell's `- key: value` lines"
    titled = False
    for c in nb['cells']:
        s = _src(c)
        if c['cell_type'] == 'raw':
            m = re.search(r'^---\s*\n(.*?\S+.*?)\n---\s*$', s.strip(), flags=re.DOTALL)
            if m and any(_truthy(v) for v in re.findall(r'^\s*skip_exec\s*:\s*(\S+)', m.group(1), re.M)): return True
        elif c['cell_type'] == 'markdown' and not titled and re.search(r'^#\s+(\S.*?)\s*$', s, flags=re.M):
            titled = True
            if any(_truthy(v) for v in re.findall(r'^-\s+skip_exec\s*:\s*(\S+)\s*$', s, re.M)): return True
    return False

def plan(path, flags):
    "[(cell index in the file, source to run or None when skipped)] for the code cells, or None if the notebook is skipped"
    nb = json.loads(Path(path).read_text(encoding='utf-8'))
    lang = nb.get('metadata', {}).get('kernelspec', {}).get('language', 'python')
    if lang != 'python' or skip_exec(nb): return None
    res = []
    for i, c in enumerate(nb['cells']):
        if c['cell_type'] != 'code': continue
        direc, src = extract_directives(_src(c))
        skip = ('nbdev_export(' in src or direc.get('eval:', [''])[0].lower() == 'false' or bool(flags & direc.keys()))
        res.append((i, None if skip else src))
    return res

def nbdev_plan(path, flags):
    "The same, computed by nbdev 2's own code (only where nbdev is installed): for --check-nbdev"
    from nbdev.process import NBProcessor
    from nbdev.frontmatter import FrontmatterProc
    nb = NBProcessor(path, procs=FrontmatterProc, process=True).nb
    if str(getattr(nb, 'frontmatter_', {}).get('skip_exec', False)).lower() in ('true', '1', 'yes', 'y', 't', 'on'): return None
    res = []
    for c in nb.cells:
        if c.cell_type != 'code': continue
        direc = getattr(c, 'directives_', {}) or {}
        skip = ('nbdev_export(' in c.source or direc.get('eval:', [''])[0].lower() == 'false' or bool(flags & direc.keys()))
        res.append(None if skip else c.source)
    return res

# ---- running one notebook (in its own process) ------------------------------------------------------------------
def _stub_nbdev():
    "Where nbdev is absent: `from nbdev.showdoc import *` and `show_doc(...)` work and render nothing"
    try:
        import nbdev.showdoc  # noqa: F401
        return False
    except ImportError: pass
    import types
    nbdev, showdoc = types.ModuleType('nbdev'), types.ModuleType('nbdev.showdoc')
    def show_doc(sym, *args, **kwargs):
        "nbdev is not installed: nothing is rendered (the argument was evaluated, so a missing name still fails)"
    def nbdev_export(*args, **kwargs):
        "What nbdev_export does under IN_TEST: nothing"
    showdoc.show_doc, showdoc.__all__ = show_doc, ['show_doc']
    nbdev.showdoc, nbdev.show_doc, nbdev.nbdev_export = showdoc, show_doc, nbdev_export
    sys.modules['nbdev'], sys.modules['nbdev.showdoc'] = nbdev, showdoc
    return True

def _make_shell(nb_dir):
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.core.displayhook import DisplayHook
    from traitlets.config import Config
    class _QuietDisplayHook(DisplayHook):
        def write_output_prompt(self): pass
        def write_format_data(self, data, md_dict): pass
        def log_output(self, format_dict): pass
    class TestShell(InteractiveShell):   # execnb's CaptureShell, without execnb; no 'InteractiveShell' in the name,
        displayhook_class = _QuietDisplayHook   # so fastcore's IN_NOTEBOOK stays False, as under nbdev_test
        def enable_gui(self, gui=None): pass
        def _showtraceback(self, etype, evalue, stb): pass   # the runner prints the traceback itself
    cfg = Config()
    cfg.HistoryManager.enabled = False
    shell = TestShell(config=cfg)
    InteractiveShell._instance = shell
    shell.display_formatter.active = True
    try:
        import matplotlib_inline  # noqa: F401
        shell.enable_matplotlib('inline')
        shell.run_cell("from matplotlib_inline.backend_inline import set_matplotlib_formats\n"
                       "set_matplotlib_formats('retina')", store_history=False)
    except ImportError: pass
    shell.run_cell(f"import sys; sys.path.insert(0, {str(nb_dir)!r})", store_history=False)
    return shell

_ANSI = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')

def run_one(path, flags, result_file):
    "Run one notebook in this process; write {'ok', 'run', 'skipped', 'seconds', 'error'} to `result_file`"
    path = Path(path).absolute()
    res = dict(ok=True, run=0, skipped=0, seconds=0.0, error=None, stub=False, not_run=False)
    cells = plan(path, flags)
    start = time.time()
    if cells is None: res['not_run'] = True
    else:
        os.environ['IN_TEST'] = '1'
        try: import fastcore.imports  # noqa: F401  (as in nbdev_test: fastcore is loaded before the shell exists)
        except ImportError: pass
        res['stub'] = _stub_nbdev()
        sys.path.insert(0, str(ROOT))     # nbdev_test's basepath: the folder of settings.ini
        sys.argv = [sys.argv[0]]
        os.chdir(path.parent)
        from IPython.utils.capture import capture_output
        shell = _make_shell(path.parent)
        res['skipped'] = sum(src is None for _, src in cells)
        for n, (idx, src) in enumerate(cells):
            if src is None: continue
            res['run'] += 1
            with capture_output(stdout=True, stderr=True, display=True) as cap:
                r = shell.run_cell(src, store_history=False)
            exc = r.error_in_exec or r.error_before_exec
            if exc is not None:
                out = _ANSI.sub('', cap.stdout + cap.stderr).rstrip().splitlines()
                head = '\n'.join('    ' + l for l in src.strip().splitlines()[:8])
                res.update(ok=False, error=(
                    f"code cell {n + 1} of {len(cells)} (cells[{idx}] in the file):\n{head}\n"
                    + ('  its output (last 20 lines):\n' + '\n'.join('    ' + l for l in out[-20:]) + '\n' if out else '')
                    + ''.join(traceback.format_exception(type(exc), exc, exc.__traceback__))))
                res['skipped'] += sum(s is not None for _, s in cells[n + 1:])   # not reached
                res['not_reached'] = sum(s is not None for _, s in cells[n + 1:])
                break
    res['seconds'] = time.time() - start
    Path(result_file).write_text(json.dumps(res))

# ---- the parent: one forked process per notebook, `workers` at a time -------------------------------------------
PRELOAD = 'fastcore.imports IPython.core.interactiveshell torch fastai.vision.all'

def _preload(names):
    "Import what every notebook imports, once: each notebook's process is forked from this one (no threads started)"
    import importlib, warnings
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for n in names:
            try: importlib.import_module(n)
            except Exception as e: print(f'preload of {n} failed ({type(e).__name__}: {e}); the notebooks import it')

def _fork(nb, flags, tmpdir):
    rf, lf = Path(tmpdir)/f'{os.getpid()}-{nb.stem}-{time.time_ns()}.json', Path(tmpdir)/f'{nb.stem}-{time.time_ns()}.log'
    sys.stdout.flush(); sys.stderr.flush()
    pid = os.fork()
    if pid == 0:   # the child: its own process group (a timeout kills what it started), output to a log file
        code = 1
        try:
            os.setsid()
            fd = os.open(lf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1); os.dup2(fd, 2)
            devnull = os.open(os.devnull, os.O_RDONLY); os.dup2(devnull, 0)
            run_one(nb, flags, rf)
            code = 0
        except BaseException: traceback.print_exc()
        finally:
            try: sys.stdout.flush(); sys.stderr.flush()
            finally: os._exit(code)
    return pid, rf, lf

def share_cores(workers):
    """Each of `workers` notebooks at a time gets its share of the cores for OpenMP and OpenBLAS (torch's and numpy's
    threads), unless OMP_NUM_THREADS is set already. Set before the preload imports numpy and torch. Without it each
    process starts one thread per core: with 2 notebooks on 2 cores, two concurrent `np.linalg.svd` of a 1200 x 1280
    matrix took 17-31 s each instead of 3.5 s (OpenBLAS threads wait by spinning), and index.ipynb, 35 s alone,
    took 274 s beside tutorial 6 (2026-12-02, this repository's 2-core VM)."""
    os.environ.setdefault('OMP_NUM_THREADS', str(max(1, len(os.sched_getaffinity(0)) // workers)))

def run_notebooks(nbs, flags, workers, timeout, preload):
    "Yield (notebook, result) as each finishes"
    _preload(preload)
    pending, running = list(nbs), {}
    with tempfile.TemporaryDirectory() as tmpdir:
        while pending or running:
            while pending and len(running) < workers:
                nb = pending.pop(0)
                pid, rf, lf = _fork(nb, flags, tmpdir)
                running[pid] = (nb, time.time(), rf, lf)
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                for p, (nb, t0, _, _) in list(running.items()):
                    if time.time() - t0 > timeout:
                        try: os.killpg(p, signal.SIGKILL)
                        except ProcessLookupError: pass
                time.sleep(0.2)
                continue
            if pid not in running: continue
            nb, t0, rf, lf = running.pop(pid)
            try: res = json.loads(rf.read_text())
            except (OSError, ValueError): res = None
            if res is None:
                code = os.waitstatus_to_exitcode(status)
                why = (f'timed out after {timeout} s' if time.time() - t0 > timeout else
                       f'the test process died (exit status {code})')
                res = dict(ok=False, run=0, skipped=0, seconds=time.time() - t0, error=why, stub=False, not_run=False)
            res['output'] = lf.read_text(errors='replace') if lf.exists() else ''
            yield nb, res

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('notebooks', nargs='*', help='default: every notebook that nbdev_test would test')
    ap.add_argument('-n', '--workers', type=int, default=None, help='notebooks at a time (default: min(cpus, 8))')
    ap.add_argument('--flags', default='', help="space-separated test flags to run anyway, as nbdev_test's --flags")
    ap.add_argument('--label', default='', help='put before the closing "N passed, N failed"')
    ap.add_argument('--failed-before', type=int, default=0, help='failures of checks run before, added to N failed')
    ap.add_argument('--timeout', type=int, default=2700, help='seconds per notebook (the slowest, 10_cli, took 404 s on the newest stack and 428 s on the pinned one, 2 notebooks at a time on 2 cores with share_cores, 2026-12-02; over 1800 s on the newest stack before it)')
    ap.add_argument('--preload', default=PRELOAD, help=f"modules imported once before forking (default '{PRELOAD}'; '' for none)")
    ap.add_argument('--list', action='store_true', help='print the cells that would run, run nothing')
    ap.add_argument('--check-nbdev', action='store_true', help="with --list: compare with nbdev 2's own selection")
    a = ap.parse_args()
    cfg = settings()
    flags = set(cfg.get('tst_flags', '').split()) - set(a.flags.split())
    nbs = ([Path(p).absolute() for p in a.notebooks] if a.notebooks else
           find_notebooks(ROOT/cfg.get('nbs_path', 'nbs'), _truthy(cfg.get('recursive', 'True'))))
    rel = lambda p: os.path.relpath(p, ROOT)
    if a.list:
        bad, tot_run, tot_skip = 0, 0, 0
        for nb in nbs:
            cells = plan(nb, flags)
            run = None if cells is None else [s for _, s in cells if s is not None]
            line = (f'{rel(nb)}: not run (skip_exec or not Python)' if cells is None else
                    f'{rel(nb)}: {len(run)} cells to run, {len(cells) - len(run)} skipped')
            if cells: tot_run, tot_skip = tot_run + len(run), tot_skip + len(cells) - len(run)
            if a.check_nbdev:
                theirs = nbdev_plan(nb, flags)
                same = (theirs is None and cells is None) or (
                    theirs is not None and cells is not None and [s for s in theirs if s is not None] == run
                    and len(theirs) == len(cells))
                line += '; same as nbdev 2' if same else '; DIFFERS from nbdev 2'
                bad += not same
            print(line)
        check = '' if not a.check_nbdev else (f'; {bad} notebooks DIFFER from nbdev 2' if bad else "; the same as nbdev 2's selection")
        print(f'{len(nbs)} notebooks, {tot_run} cells to run, {tot_skip} skipped (flags skipped: {" ".join(sorted(flags)) or "none"}){check}')
        return 1 if bad else 0
    if not nbs: print('No notebooks found'); return 1
    os.environ['IN_TEST'] = '1'
    workers = a.workers or (1 if len(nbs) == 1 else min(len(os.sched_getaffinity(0)), 8))
    share_cores(workers)
    start, results = time.time(), {}
    for nb, r in run_notebooks(nbs, flags, workers, a.timeout, a.preload.split()):
        results[nb] = r
        status = 'passed' if r['ok'] else 'FAILED'
        if r.get('not_run'): status = 'passed (not run: skip_exec or not Python)'
        line = f"{rel(nb)}: {status}, {r['run']} cells run, {r['skipped']} skipped, {r['seconds']:.0f} s"
        if r.get('not_reached'): line += f" ({r['not_reached']} of the skipped not reached after the error)"
        print(line, flush=True)
        if not r['ok']:
            print('  ' + '\n  '.join(str(r['error']).rstrip().splitlines()))
            if r['output'].strip(): print('  process output:\n    ' + '\n    '.join(r['output'].rstrip().splitlines()[-40:]))
            print(flush=True)
    failed = [nb for nb in nbs if not results[nb]['ok']]
    n_run = sum(r['run'] for r in results.values()); n_skip = sum(r['skipped'] for r in results.values())
    stub = any(r.get('stub') for r in results.values())
    print(f"{len(nbs)} notebooks, {n_run} cells run, {n_skip} skipped (flags skipped: {' '.join(sorted(flags)) or 'none'}),"
          f" {time.time() - start:.0f} s with {workers} at a time" + ('; nbdev absent: show_doc stubbed' if stub else ''))
    if failed: print('failed: ' + ', '.join(rel(nb) for nb in failed))
    print(f"{a.label + ': ' if a.label else ''}{len(nbs) - len(failed)} passed, {len(failed) + a.failed_before} failed", flush=True)
    return 1 if failed or a.failed_before else 0

if __name__ == '__main__': sys.exit(main())
