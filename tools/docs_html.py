"""Browsable HTML docs without Quarto (which cannot be installed offline): nbdev's notebook processing (what runs
before Quarto renders: hidden cells dropped, `show_doc` run, symbols linked), then nbconvert's HTML exporter, with
a sidebar from `nbs/sidebar.yml` and the site's own links made relative. Notebooks are rendered with the outputs
they store (`python tools/run_nbs.py` refreshes them).

    python tools/docs_html.py [OUT]     # default OUT: _site ; then open _site/index.html

Where Quarto exists, `nbdev_docs` builds the real site from the same notebooks and nbs/_quarto.yml."""
import re, sys, html, warnings
from pathlib import Path
import yaml, nbformat
from nbconvert import HTMLExporter
from execnb.nbio import read_nb, write_nb, mk_cell
from nbdev.processors import FilterDefaults
from nbdev.config import get_config
from fastcore.xtras import working_directory

def sidebar(nbs):
    "(section, [notebook paths]) in the order of sidebar.yml"
    def walk(items, section):
        for it in items:
            if isinstance(it, str): yield section, nbs/it
            else: yield from walk(it.get('contents', []), it.get('section', section))
    return list(walk(yaml.safe_load((nbs/'sidebar.yml').read_text())['website']['sidebar']['contents'], ''))

def process(path):
    "The processed notebook, its title, and its output file name"
    nb = read_nb(path)
    with warnings.catch_warnings(), working_directory(path.parent):
        warnings.simplefilter('ignore')
        FilterDefaults()(nb)
    fm = next((yaml.safe_load(c.source.strip().strip('-')) for c in nb.cells
               if c.cell_type == 'raw' and c.source.startswith('---')), {}) or {}
    title = fm.get('title', path.stem)
    for c in nb.cells:   # library warnings on stderr (e.g. torch's deprecation notices) are not documentation
        if c.cell_type == 'code': c.outputs = [o for o in c.get('outputs', []) if o.get('name') != 'stderr']
    nb.cells = [mk_cell(f"# {title}\n\n> {fm.get('description','')}", 'markdown') if (c.cell_type == 'raw' and c.source.startswith('---')) else c
                for c in nb.cells]
    out = Path(fm.get('output-file', path.stem + '.html')).name
    return nb, title, out

def main(out='_site'):
    cfg = get_config()
    nbs, out = Path(cfg.nbs_path), Path(out)
    out.mkdir(exist_ok=True)
    (out/'_proc').mkdir(exist_ok=True)
    site = f"{cfg.doc_host}{cfg.doc_baseurl}".rstrip('/') + '/'
    pages = []
    for section, path in sidebar(nbs):
        nb, title, fname = process(path)
        tmp = out/'_proc'/path.name
        write_nb(nb, tmp)
        pages.append((section, title, fname, tmp))
    css = (nbs/'styles.css').read_text()
    nav = ['<nav class="craftzsl-nav"><h3><a href="index.html">craftzsl</a></h3>']
    last = None
    for section, title, fname, _ in pages:
        if section and section != last: nav.append(f'<h4>{html.escape(section)}</h4>'); last = section
        nav.append(f'<a href="{fname}">{html.escape(title)}</a>')
    nav = '\n'.join(nav) + '</nav>'
    style = ('<style>' + css + '\n.craftzsl-nav{position:fixed;top:0;left:0;width:220px;height:100%;overflow:auto;'
             'padding:1em;background:#f7f7f7;border-right:1px solid #ddd;font-family:sans-serif;font-size:14px}'
             '.craftzsl-nav a{display:block;margin:.2em 0}.craftzsl-nav h4{margin:1em 0 .3em}'
             'body{margin-left:250px !important}</style>')
    exporter = HTMLExporter(template_name='lab')
    html_of = {tmp.name: fname for _, _, fname, tmp in pages}          # links between notebooks -> their pages
    nb_link = lambda m: f'href="{html_of.get(Path(m.group(1)).name, m.group(1))}{m.group(2) or ""}"'
    for section, title, fname, tmp in pages:
        body, _ = exporter.from_notebook_node(nbformat.read(tmp, as_version=4))
        body = body.replace(site, '')                                   # the site's own links, made relative
        body = re.sub(r'href="([^":]+\.ipynb)(#[^"]*)?"', nb_link, body)
        body = body.replace('</head>', style + '</head>', 1)
        body = re.sub(r'(<body[^>]*>)', r'\1' + nav.replace('\\', r'\\'), body, count=1)
        body = re.sub(r'<title>.*?</title>', f'<title>{html.escape(title)} – craftzsl</title>', body, count=1, flags=re.S)
        (out/fname).write_text(body)
    broken = []
    for f in out.glob('*.html'):
        for href in re.findall(r'href="([^"#:]+\.html)(?:#[^"]*)?"', f.read_text()):
            if not (out/href).exists(): broken.append((f.name, href))
    print(f"{len(pages)} pages written to {out}/")
    if broken: print(f"broken links: {broken}"); sys.exit(1)

if __name__ == '__main__': main(*sys.argv[1:])
