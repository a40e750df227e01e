"""Stored notebook outputs are documentation: none may hold a progress bar (fastprogress HTML, `<progress`, a tqdm
line), an absolute path of a machine (`/work/`, `/home/`, `/tmp/`, `site-packages`, ...), or a library warning on
stderr. Lists every offending cell with what it holds, and counts per notebook. Nothing is run or changed.

    python tools/check_outputs.py [NOTEBOOK_OR_FOLDER ...]   # default: nbs/ ; reporting only, exit 0
    python tools/check_outputs.py --strict                    # exit 1 when any cell offends (as .ci/run runs it)
    CRAFTZSL_STRICT_OUTPUTS=1 python tools/check_outputs.py   # the same

Scratch notebooks (names starting with `_`) are skipped, as nbdev skips them."""
import re, os, sys, json, argparse
from collections import Counter
from pathlib import Path

PROGRESS = [re.compile(p) for p in (r'<progress\b', r'progress-bar', r'fastprogress',
                                    r'\|[█\-]{5,}\|\s*\d+(?:\.\d+)?%',        # fastprogress in a terminal: |████----| 40.00%
                                    r'\d+%\|[█▏▎▍▌▋▊▉ ]*\|\s*\d+/\d+')]       # tqdm:  40%|████      | 4/10
PATHS = re.compile(r'(?<![\w.])(/work/|/home/|/tmp/|/root/|/Users/|/opt/conda|/usr/lib/python|/usr/local/lib/python|'
                   r'/content/|[A-Za-z]:\\Users\\)|site-packages|dist-packages')
WARNING = re.compile(r'\b\w*Warning\b|\bwarnings\.warn\b|^\s*warn\(', re.M)
TEXT_MIMES = ('text/plain', 'text/html', 'text/markdown', 'text/latex', 'application/json')

def _text(x): return ''.join(x) if isinstance(x, list) else (x if isinstance(x, str) else json.dumps(x))

def texts(o):
    "(kind, text) of one output: 'stderr', 'stdout', 'error' or a mime type"
    t = o.get('output_type')
    if t == 'stream': yield o.get('name', 'stdout'), _text(o.get('text'))
    elif t == 'error': yield 'error', '\n'.join(o.get('traceback') or []) + f"\n{o.get('ename')}: {o.get('evalue')}"
    else:
        for k, v in (o.get('data') or {}).items():
            if k in TEXT_MIMES: yield k, _text(v)

def snippet(text, m, width=60):
    s = text[max(0, m.start() - width//2): m.end() + width//2]
    return re.sub(r'\s+', ' ', s).strip()

def cell_problems(cell):
    "[(problem, where, snippet)] for one code cell"
    found = []
    for o in cell.get('outputs', []):
        for kind, text in texts(o):
            for p in PROGRESS:
                if m := p.search(text): found.append(('progress bar', kind, snippet(text, m))); break
            if m := PATHS.search(text): found.append(('machine path', kind, snippet(text, m)))
            if kind == 'stderr' and (m := WARNING.search(text)): found.append(('warning on stderr', kind, snippet(text, m)))
    return found

def notebooks(args):
    for a in args or ['nbs']:
        p = Path(a)
        if p.is_file(): yield p; continue
        for f in sorted(p.rglob('*.ipynb')):
            if not any(part.startswith(('_', '.')) for part in f.relative_to(p).parts): yield f

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('paths', nargs='*')
    ap.add_argument('--strict', action='store_true', help='exit 1 when any cell offends (also CRAFTZSL_STRICT_OUTPUTS=1)')
    a = ap.parse_args()
    strict = a.strict or os.environ.get('CRAFTZSL_STRICT_OUTPUTS', '') not in ('', '0', 'false', 'False')
    per_nb, kinds, n_nb = Counter(), Counter(), 0
    for f in notebooks(a.paths):
        n_nb += 1
        cells = json.loads(f.read_text())['cells']
        for i, c in enumerate(cells):
            if c.get('cell_type') != 'code': continue
            probs = cell_problems(c)
            if not probs: continue
            per_nb[str(f)] += 1
            what = sorted({p for p, _, _ in probs})
            kinds.update(what)
            print(f"{f} cell {i} (id {c.get('id', '?')}): {', '.join(what)}")
            seen = set()
            for p, kind, s in probs:
                if (p, s) in seen: continue
                seen.add((p, s)); print(f"    {p} [{kind}]: {s[:110]}")
    total = sum(per_nb.values())
    detail = ', '.join(f'{v} with a {k}' for k, v in sorted(kinds.items()))
    print(f"\n{total} offending cells in {len(per_nb)} of {n_nb} notebooks" + (f" ({detail})" if total else ''))
    for nb, n in sorted(per_nb.items()): print(f"  {n:3d}  {nb}")
    if total and not strict:
        print("reporting only: exit 0 (strict with --strict or CRAFTZSL_STRICT_OUTPUTS=1)")
    sys.exit(1 if (total and strict) else 0)

if __name__ == '__main__': main()
