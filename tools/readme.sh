#!/usr/bin/env bash
# README.md from nbs/index.ipynb without Quarto (nbdev_readme needs it), so that README == notebook by construction:
#  1. run the notebook (from nbs/, as nbdev_test does) and store its outputs back in nbs/index.ipynb (then nbdev_clean);
#     it fails when a stored output would hold a progress bar, a machine's path or a library warning
#     (tools/check_outputs.py's checks), or an error;
#  2. apply nbdev's notebook processing (hidden cells dropped, symbols linked), as before Quarto renders;
#  3. write clean Markdown: Markdown cells as they are, code as ```python blocks (none for `#| echo: false`),
#     Markdown outputs as they are, text as ``` blocks, pandas tables as Markdown tables, figures as PNG files in
#     README_files/ (reduced to 256 colours, which looks the same and halves their size). Any other HTML output is an error: the README holds no HTML, CSS or progress bars.
#  4. make every link absolute, from settings.ini (user, repo, branch), so that the README reads the same on GitHub and
#     on the package index (PyPI serves no relative links or images): notebooks -> their GitHub page; figures -> the
#     repository's raw files (they show once README_files/ is committed and pushed).
#   bash tools/readme.sh            # NO_RUN=1: skip step 1 (use the outputs stored in nbs/index.ipynb)
set -euo pipefail
cd "$(dirname "$0")/.."
nb=nbs/index.ipynb
if [ -z "${NO_RUN:-}" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  jupyter nbconvert --to notebook --execute "$nb" --output-dir "$tmp" --output index >/dev/null 2>"$tmp/log" \
    || { cat "$tmp/log"; echo "tools/readme.sh: $nb failed to run"; exit 1; }
  python - "$tmp/index.ipynb" <<'PY'
import sys, json
sys.path.insert(0, 'tools')
from check_outputs import cell_problems
cells = json.load(open(sys.argv[1]))['cells']
bad = [(i, p, s) for i, c in enumerate(cells) if c['cell_type'] == 'code' for p, _, s in cell_problems(c)]
bad += [(i, 'error', o.get('evalue', '')) for i, c in enumerate(cells) if c['cell_type'] == 'code'
        for o in c.get('outputs', []) if o.get('output_type') == 'error']
for i, p, s in bad: print(f"nbs/index.ipynb cell {i}: {p}: {s[:120]}")
if bad: sys.exit("tools/readme.sh: fix these outputs at their source; nbs/index.ipynb and README.md are unchanged")
PY
  cp "$tmp/index.ipynb" "$nb"
  nbdev_clean --fname "$nb"
fi
python - "$nb" <<'PY'
import io, re, sys, json, base64, shutil, warnings, configparser
from pathlib import Path
from html.parser import HTMLParser
import yaml
from execnb.nbio import read_nb
from nbdev.processors import FilterDefaults, insert_warning
from PIL import Image
from fastcore.xtras import working_directory

path = Path(sys.argv[1])
cfg = configparser.ConfigParser(interpolation=None); cfg.read('settings.ini')
user, repo, branch = (cfg['DEFAULT'][k] for k in ('user', 'repo', 'branch'))
github = f"https://github.com/{user}/{repo}/blob/{branch}/"
raw = f"https://raw.githubusercontent.com/{user}/{repo}/{branch}/"
FIGS = Path('README_files')

nb = read_nb(path)
with warnings.catch_warnings(), working_directory(path.parent):
    warnings.simplefilter('ignore')
    FilterDefaults()(nb)                   # what nbdev does before Quarto renders

def text(x): return ''.join(x) if isinstance(x, list) else (x or '')
def fence(s, lang=''):
    n = max([3] + [len(m) + 1 for m in re.findall(r'`{3,}', s)])
    return f"{'`'*n}{lang}\n{s.strip(chr(10))}\n{'`'*n}"
def terminal(s):
    "what a terminal shows: ANSI codes dropped, each line as left by its last carriage return"
    s = re.sub(r'\x1B(?:[@-Z\\-_]|\[[0-?]*[ -/]*[@-~])', '', s)
    return '\n'.join(([p for p in line.split('\r') if p] or [''])[-1] for line in s.split('\n'))

class Table(HTMLParser):
    "The rows of a pandas HTML table: header rows and body rows of cell texts; `ok` is False for spans"
    def __init__(self):
        super().__init__(convert_charrefs=True); self.head, self.body, self.ok, self.part, self.cell = [], [], True, None, None
    def handle_starttag(self, tag, attrs):
        if tag in ('thead', 'tbody'): self.part = self.head if tag == 'thead' else self.body
        elif tag == 'tr' and self.part is not None: self.part.append([])
        elif tag in ('th', 'td') and self.part is not None:
            if any(k in ('rowspan', 'colspan') for k, _ in attrs): self.ok = False
            self.cell = ''
    def handle_endtag(self, tag):
        if tag in ('th', 'td') and self.cell is not None: self.part[-1].append(' '.join(self.cell.split())); self.cell = None
    def handle_data(self, d):
        if self.cell is not None: self.cell += d

def markdown_table(html):
    "A pandas table's HTML as a Markdown table (its index name, if any, heads the first column); None if not simple"
    t = Table(); t.feed(html)
    if not (t.ok and t.head and t.body): return None
    head = t.head[0]
    for extra in t.head[1:]:               # pandas' second header row: the index name
        if len(extra) != len(head) or any(extra[1:]): return None
        head = [extra[0] or head[0]] + head[1:]
    if any(len(r) != len(head) for r in t.body): return None
    esc = lambda s: s.replace('|', '\\|')
    rows = [head, ['---'] * len(head), *t.body]
    return '\n'.join('| ' + ' | '.join(map(esc, r)) + ' |' for r in rows)

n_fig = 0
def output(o):
    global n_fig
    t = o.get('output_type')
    if t == 'stream':
        if o.get('name') == 'stderr': return None
        s = terminal(text(o.get('text'))).strip('\n')
        return fence(s) if s.strip() else None
    if t == 'error': sys.exit("tools/readme.sh: an error in the stored outputs")
    d = o.get('data', {})
    if 'text/markdown' in d: return text(d['text/markdown']).strip('\n')
    if 'image/png' in d:
        n_fig += 1
        f = FIGS/f"figure_{n_fig}.png"
        im = Image.open(io.BytesIO(base64.b64decode(text(d['image/png'])))).convert('RGB')
        im.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(f, optimize=True)   # small: 256 colours
        return f"![]({f.as_posix()})"
    if 'text/html' in d:
        h = text(d['text/html'])
        if '<table' in h and (md := markdown_table(h)): return md
        if 'text/plain' in d: return fence(terminal(text(d['text/plain'])))
        sys.exit("tools/readme.sh: an HTML output that is not a simple table; the README holds no HTML")
    if 'text/plain' in d: return fence(terminal(text(d['text/plain'])))
    return None

if FIGS.exists(): shutil.rmtree(FIGS)
FIGS.mkdir()
blocks = ["<!-- Generated from nbs/index.ipynb by tools/readme.sh: edit the notebook, not this file. -->"]
for c in nb.cells:
    if c.cell_type == 'raw' and c.source.startswith('---'):   # the front matter Quarto renders as the title
        fm = yaml.safe_load(c.source.strip().strip('-'))
        blocks.append(f"# {fm['title']}" + (f"\n\n> {fm['description']}" if fm.get('description') else ''))
    elif c.cell_type == 'markdown' and c.source.strip() and c.source != insert_warning.content:   # ours is above
        blocks.append(c.source.strip('\n'))
    elif c.cell_type == 'code':
        lines = c.source.split('\n')
        opts = {}
        while lines and (m := re.match(r'^\s*#\|\s*([\w-]+)\s*(?::\s*(.*?))?\s*$', lines[0])):
            opts[m.group(1)] = m.group(2); lines.pop(0)
        if opts.get('include') == 'false': continue
        src = '\n'.join(lines).strip('\n')
        if src and opts.get('echo') != 'false': blocks.append(fence(src, 'python'))
        if opts.get('output') != 'false':
            blocks += [b for o in c.get('outputs', []) if (b := output(o))]
md = '\n\n'.join(blocks) + '\n'

# links: notebooks (relative to nbs/) -> GitHub; figures -> raw files; nothing relative is left
def absolute(m):
    label, url = m.group(1), m.group(2)
    if re.match(r'^[a-z][a-z0-9+.-]*:|^#', url): return m.group(0)
    p, _, frag = url.partition('#')
    if p.startswith(FIGS.name + '/'): return f"{label}({raw}{p})"
    if p.endswith('.ipynb') and (path.parent/p).exists(): return f"{label}({github}{(path.parent/p).as_posix()}{'#' + frag if frag else ''})"
    sys.exit(f"tools/readme.sh: a relative link the package index cannot follow: {url}")
md = re.sub(r'(!?\[[^\]]*\])\(([^)\s]+)\)', absolute, md)

problems = {'a <style> block': r'<style', 'a progress bar': r'<progress|progress-bar|fastprogress|\|[█\-]{5,}\|',
            'an HTML table or div': r'<table|<div', 'a machine path': r'/work/|/home/|/tmp/|site-packages',
            'an epoch list': r'\[\d+, \d+\.\d+, \d+\.\d+'}
found = [k for k, p in problems.items() if re.search(p, md)]
if found: sys.exit(f"tools/readme.sh: README.md would hold {', '.join(found)}")
Path('README.md').write_text(md)
kb = sum(f.stat().st_size for f in FIGS.iterdir()) / 1e3
print(f"README.md written ({len(md.splitlines())} lines; {n_fig} figures in {FIGS}/, {kb:.0f} KB)")
PY
