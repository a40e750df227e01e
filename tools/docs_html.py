"""Browsable HTML docs without Quarto (which cannot be installed offline), rendered the way Quarto would.

Each notebook in `nbs/sidebar.yml` goes through nbdev's notebook processing (what runs before Quarto renders:
hidden and exported cells dropped, `show_doc` run, symbols linked), then becomes Pandoc Markdown as Quarto writes it
(`.cell` / `.cell-output` divs; `#| echo`, `output`, `include`, `code-fold` honoured; stored outputs as they are,
less stderr), and Pandoc renders it: header ids as Quarto makes them (so nbdev's `page.html#symbol` links resolve),
math as MathML (no network), callouts as boxes, a sidebar and a table of contents.

    python tools/docs_html.py [OUT]       # default OUT: _site ; then open OUT/index.html
    python tools/check_links.py [OUT]     # every internal link and anchor resolves
    bash tools/docs.sh [OUT]              # both, as CI runs them (installs pandoc from PyPI if there is none)

Needs pandoc: `$PANDOC`, else the one in `pypandoc-binary` (`pip install pypandoc-binary`), else `pandoc` on the
PATH (`apt-get install pandoc`). Any error (a notebook that fails nbdev's processing, pandoc failing) exits non-zero.
Where Quarto exists, `nbdev_docs` builds the real site from the same notebooks and nbs/_quarto.yml."""
import re, sys, html, json, base64, shutil, subprocess, warnings, os
from pathlib import Path
import yaml
from execnb.nbio import read_nb
from nbdev.processors import FilterDefaults
from nbdev.config import get_config
from fastcore.xtras import working_directory

ASSETS = Path(__file__).resolve().parent/'docs_assets'
_re_ansi = re.compile(r'\x1B(?:[@-Z\\-_]|\[[0-?]*[ -/]*[@-~])')
_re_directive = re.compile(r'^\s*#\|\s*([\w-]+)\s*(?::\s*(.*?))?\s*$')

def find_pandoc():
    "The pandoc to use: $PANDOC, pypandoc-binary's, or the PATH's"
    if os.environ.get('PANDOC'): return os.environ['PANDOC']
    try:
        import pypandoc
        p = Path(pypandoc.__file__).parent/'files'/'pandoc'
        if p.exists(): return str(p)
    except ImportError: pass
    p = shutil.which('pandoc')
    if p: return p
    sys.exit("pandoc not found: `pip install pypandoc-binary` (or apt-get install pandoc, or set PANDOC)")

def sidebar(nbs):
    "(section, notebook path) in the order of sidebar.yml"
    def walk(items, section):
        for it in items:
            if isinstance(it, str): yield section, nbs/it
            else: yield from walk(it.get('contents', []), it.get('section', section))
    return list(walk(yaml.safe_load((nbs/'sidebar.yml').read_text())['website']['sidebar']['contents'], ''))

def check_config(cfg, nbs):
    "What `nbdev_docs` relies on, so that the Quarto site and this one agree; [problems]"
    from nbdev.quarto import _nbdev_yml
    problems = []
    vals = {k: cfg[k] for k in ['title', 'description', 'branch', 'git_url', 'doc_host', 'doc_baseurl']}
    vals['doc_path'] = cfg.doc_path.name
    if (nbs/'nbdev.yml').read_text().strip() != _nbdev_yml.format(**vals).strip():
        problems.append("nbs/nbdev.yml is not what nbdev_docs writes from settings.ini (run: python -c "
                        "'from nbdev.quarto import refresh_quarto_yml; refresh_quarto_yml()')")
    q = yaml.safe_load((nbs/'_quarto.yml').read_text())
    if not {'nbdev.yml', 'sidebar.yml'} <= set(q.get('metadata-files', [])):
        problems.append("nbs/_quarto.yml: metadata-files must name nbdev.yml and sidebar.yml")
    css = ((q.get('format') or {}).get('html') or {}).get('css')
    if css and not (nbs/css).exists(): problems.append(f"nbs/_quarto.yml names {css}, which is not in nbs/")
    listed = [p for _, p in sidebar(nbs)]
    problems += [f"nbs/sidebar.yml lists {p.relative_to(nbs)}, which does not exist" for p in listed if not p.exists()]
    every = [p for p in sorted(nbs.rglob('*.ipynb')) if not any(s.startswith(('_', '.')) for s in p.relative_to(nbs).parts)]
    problems += [f"{p.relative_to(nbs)} is not in nbs/sidebar.yml" for p in every if p not in listed]
    return problems

def process(path):
    "The notebook after nbdev's processing, and its front matter"
    nb = read_nb(path)
    with warnings.catch_warnings(), working_directory(path.parent):
        warnings.simplefilter('ignore')
        FilterDefaults()(nb)
    fm = next((yaml.safe_load(c.source.strip().strip('-')) for c in nb.cells
               if c.cell_type == 'raw' and c.source.startswith('---')), {}) or {}
    return nb, fm

def _text(x): return ''.join(x) if isinstance(x, list) else (x or '')

def fence(text, attrs=''):
    "A fenced block longer than any run of backticks in `text`"
    n = max([3] + [len(m) + 1 for m in re.findall(r'`{3,}', text)])
    return f"{'`'*n}{attrs}\n{text.rstrip(chr(10))}\n{'`'*n}"

def terminal(text):
    "What a terminal shows: ANSI codes dropped, each line as left by its last carriage return"
    lines = []
    for line in _re_ansi.sub('', text).split('\n'):
        segs = [s for s in line.split('\r') if s]
        lines.append(segs[-1] if segs else '')
    return '\n'.join(lines)

def directives(src):
    "Quarto cell options (`#| key: value` at the top of a code cell) and the source without them"
    opts, lines = {}, src.splitlines()
    while lines and (m := _re_directive.match(lines[0])):
        k, v = m.group(1), m.group(2)
        opts[k] = True if v is None else yaml.safe_load(v) if v else ''
        lines.pop(0)
    return opts, '\n'.join(lines).strip('\n')

def div(body, classes):
    return f"::: {{{classes}}}\n\n{body}\n\n:::"

class Page:
    "One notebook as Pandoc Markdown; figures written under `out/figures`"
    def __init__(self, nb, fm, fname, out): self.nb, self.fm, self.stem, self.out, self.n_fig = nb, fm, Path(fname).stem, out, 0

    def figure(self, data, ext, meta):
        self.n_fig += 1
        name = f"figures/{self.stem}-{self.n_fig}.{ext}"
        (self.out/name).parent.mkdir(exist_ok=True)
        if ext == 'svg': (self.out/name).write_text(_text(data))
        else: (self.out/name).write_bytes(base64.b64decode(_text(data)))
        width = (meta or {}).get('width')
        return f'<img src="{name}"{f" width={width}" if width else ""} alt="">'

    def output(self, o, asis):
        "Markdown for one stored output (None: not shown)"
        t = o.get('output_type')
        if t == 'stream':
            if o.get('name') == 'stderr': return None   # library warnings are not documentation (tools/check_outputs.py reports them)
            txt = terminal(_text(o.get('text'))).strip('\n')
            return div(fence(txt), '.cell-output .cell-output-stdout') if txt.strip() else None
        if t == 'error':
            tb = terminal('\n'.join(o.get('traceback') or [f"{o.get('ename')}: {o.get('evalue')}"]))
            return div(fence(tb), '.cell-output .cell-output-error')
        d, meta = o.get('data', {}), o.get('metadata', {})
        if 'text/markdown' in d:
            md = _text(d['text/markdown'])
            return md if asis else div(md, '.cell-output .cell-output-markdown')
        if 'text/html' in d: body = fence(_text(d['text/html']), '{=html}')
        elif 'image/svg+xml' in d: body = fence(self.figure(d['image/svg+xml'], 'svg', meta.get('image/svg+xml')), '{=html}')
        elif 'image/png' in d: body = fence(self.figure(d['image/png'], 'png', meta.get('image/png')), '{=html}')
        elif 'image/jpeg' in d: body = fence(self.figure(d['image/jpeg'], 'jpg', meta.get('image/jpeg')), '{=html}')
        elif 'text/latex' in d: body = _text(d['text/latex'])
        elif 'text/plain' in d: body = fence(terminal(_text(d['text/plain'])))
        else: return None
        return div(body, '.cell-output .cell-output-display')

    def code_cell(self, c):
        opts, src = directives(c.source)
        if opts.get('include') is False: return None
        parts = []
        if src and opts.get('echo', True) is not False:
            code = fence(src, ' {.python .cell-code}')
            fold = opts.get('code-fold')
            if fold in (True, 'show', 'true'):
                summary = str(opts.get('code-summary', 'Code')).replace('"', '&quot;')
                code = div(code, f'.code-fold summary="{summary}" open="{"true" if fold == "show" else "false"}"')
            parts.append(code)
        if opts.get('output', True) is not False:
            asis = opts.get('output') == 'asis'
            outs = [m for o in c.get('outputs', []) if (m := self.output(o, asis)) is not None]
            if asis: return '\n\n'.join(outs) or None           # show_doc: its Markdown at the top level, as Quarto does
            parts += outs
        return div('\n\n'.join(parts), '.cell') if parts else None

    def markdown(self):
        meta = {'title': str(self.fm.get('title', self.stem))}
        if self.fm.get('description'): meta['description'] = str(self.fm['description'])
        blocks = ['---\n' + json.dumps(meta, ensure_ascii=False) + '\n---']   # JSON is YAML
        for c in self.nb.cells:
            if c.cell_type == 'markdown': blocks.append(c.source)
            elif c.cell_type == 'code':
                if (b := self.code_cell(c)) is not None: blocks.append(b)
            elif c.cell_type == 'raw' and not c.source.startswith('---'):
                fmt = (c.get('metadata') or {}).get('raw_mimetype', '')
                if fmt in ('text/html', 'text/markdown'): blocks.append(c.source)
        return '\n\n'.join(blocks) + '\n'

def nav_html(pages, current, site_title):
    out, last = [f'<a class="site-title" href="index.html">{html.escape(site_title)}</a>'], None
    for section, title, fname, _ in pages:
        if section and section != last: out.append(f'<h4>{html.escape(section)}</h4>'); last = section
        active = ' active' if fname == current else ''
        out.append(f'<a class="page{active}" href="{fname}">{html.escape(title)}</a>')
    return '\n'.join(out)

def plain_title(s): return re.sub(r'[`*_]', '', s)

def main(out='_site'):
    cfg = get_config()
    nbs, out = Path(cfg.nbs_path), Path(out)
    if problems := check_config(cfg, nbs): sys.exit("docs configuration:\n  " + "\n  ".join(problems))
    pandoc = find_pandoc()
    version = subprocess.run([pandoc, '--version'], capture_output=True, text=True, check=True).stdout.split('\n')[0]
    if out.exists():   # only ever remove an earlier build
        if any(out.iterdir()) and not any((out/m).exists() for m in ('_md', 'site.css', '_proc')):
            sys.exit(f"{out} exists and is not a docs build: choose another folder")
        shutil.rmtree(out)
    (out/'_md').mkdir(parents=True)
    site = f"{cfg.doc_host}{cfg.doc_baseurl}".rstrip('/') + '/'
    pages = []
    for section, path in sidebar(nbs):
        try: nb, fm = process(path)
        except Exception as e:
            cause = f"\n  caused by {type(e.__cause__).__name__}: {e.__cause__}" if e.__cause__ else ''
            sys.exit(f"docs build failed on {path.relative_to(nbs)}: {e}{cause}")
        fname = Path(fm.get('output-file', path.stem + '.html')).name
        pages.append((section, plain_title(str(fm.get('title', path.stem))), fname, Page(nb, fm, fname, out)))
        print(f"processed {path.relative_to(nbs)} -> {fname}", flush=True)
    (out/'site.css').write_text((nbs/'styles.css').read_text() + '\n' + (ASSETS/'local.css').read_text())
    html_of = {path.name: fname for (_, path), (_, _, fname, _) in zip(sidebar(nbs), pages)}
    nb_link = lambda m: f'href="{html_of.get(Path(m.group(1)).name, m.group(1))}{m.group(2) or ""}"'
    major_minor = tuple(int(x) for x in re.findall(r'\d+', version)[:2])
    hl = ['--syntax-highlighting=pygments'] if major_minor >= (3, 8) else ['--highlight-style=pygments']
    for section, title, fname, page in pages:
        md = out/'_md'/(Path(fname).stem + '.md')
        md.write_text(page.markdown())
        target = out/fname
        r = subprocess.run([pandoc, str(md), '-f', 'markdown', '-t', 'html5', '--standalone', '--template',
                            str(ASSETS/'template.html'), '--mathml', '--toc', '--toc-depth=3', '--lua-filter',
                            str(ASSETS/'filter.lua'), *hl, '-V', f'nav={nav_html(pages, fname, cfg.title)}',
                            '-V', f'site={cfg.title}', '-o', str(target)], capture_output=True, text=True)
        if r.stderr.strip(): print(f"pandoc on {md.name}:\n{r.stderr.strip()}", file=sys.stderr)
        if r.returncode: sys.exit(f"pandoc failed on {md} (exit {r.returncode})")
        body = target.read_text().replace(f'href="{site}', 'href="').replace(f'src="{site}', 'src="')
        body = re.sub(r'href="([^":#]+\.ipynb)(#[^"]*)?"', nb_link, body)   # links between notebooks -> their pages
        target.write_text(body)
    print(f"{len(pages)} pages written to {out}/ ({version}, math as MathML, Markdown sources in {out}/_md/)")

if __name__ == '__main__': main(*sys.argv[1:])
