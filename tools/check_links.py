"""Every internal link of a built docs site resolves: the file exists and, for `page.html#anchor`, the page has an
element with that id. Works on the local site (`tools/docs_html.py`) and on Quarto's (`nbdev_docs` -> _docs).
Links to the site's own public address (settings.ini doc_host + doc_baseurl, as nbdev writes symbol links) count as
internal; other external links are counted, not fetched (no network).

    python tools/check_links.py [SITE]          # default SITE: _site ; exit 1 when anything is broken
    python tools/check_links.py SITE --list 0   # counts only (default: list up to 50 broken links)"""
import sys, argparse, configparser
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit, unquote

class Page(HTMLParser):
    "The ids and the links of one HTML page"
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links = set(), []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get('id'): self.ids.add(a['id'])
        if tag == 'a' and a.get('name'): self.ids.add(a['name'])
        if a.get('aria-hidden') == 'true': return      # pandoc's per-line anchors in code blocks: not reader links
        for k in ('href', 'src'):
            if a.get(k) is not None: self.links.append((tag, a[k]))

def site_url(root='.'):
    "The docs' public address from settings.ini, or None"
    p = Path(root)/'settings.ini'
    if not p.exists(): return None
    c = configparser.ConfigParser(delimiters=['=']); c.read(p)
    d = c['DEFAULT']
    try: return (d['doc_host'] + d['doc_baseurl']).rstrip('/') + '/'
    except KeyError: return None

def check(site, public=None):
    site = Path(site)
    files = sorted(p for p in site.rglob('*.html') if '_md' not in p.relative_to(site).parts)
    pages = {}
    for f in files:
        p = Page(); p.feed(f.read_text(errors='replace')); pages[f.resolve()] = p
    n = Counter(); broken = []
    for f in files:
        for tag, url in pages[f.resolve()].links:
            if public and url.startswith(public): url = '/' + url[len(public):]
            parts = urlsplit(url)
            if parts.scheme or url.startswith('//'):
                n['external'] += 1; continue
            n['internal'] += 1
            path, frag = unquote(parts.path), unquote(parts.fragment)
            if not path: target = f                                     # '#anchor' on the same page
            elif path.startswith('/'): target = site/path.lstrip('/')
            else: target = f.parent/path
            if target.is_dir(): target = target/'index.html'
            if not target.exists():
                n['missing file'] += 1; broken.append((f, url, 'no such file')); continue
            if not frag: continue
            other = target.resolve() != f.resolve()
            n['anchored, other page' if other else 'anchored, same page'] += 1
            ids = pages.get(target.resolve())
            if ids is None: n['anchor not checked (not HTML)'] += 1; continue
            if frag not in ids.ids:
                n['missing anchor, other page' if other else 'missing anchor, same page'] += 1
                broken.append((f, url, 'no such anchor'))
    return files, n, broken

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('site', nargs='?', default='_site')
    ap.add_argument('--list', type=int, default=50, help='how many broken links to list')
    ap.add_argument('--public', default=None, help="the site's public address (default: from settings.ini)")
    a = ap.parse_args()
    if not Path(a.site).is_dir(): sys.exit(f"{a.site}: no such folder (build it with python tools/docs_html.py {a.site})")
    public = a.public or site_url()
    files, n, broken = check(a.site, public)
    site = Path(a.site)
    print(f"{len(files)} pages; {n['internal']} internal links ({n['anchored, other page']} with an anchor on another "
          f"page, {n['anchored, same page']} on the same page); {n['external']} external links not followed")
    print(f"broken: {len(broken)} ({n['missing file']} missing files, {n['missing anchor, other page']} missing anchors "
          f"on other pages, {n['missing anchor, same page']} on the same page)")
    for f, url, why in broken[:a.list]: print(f"  {f.relative_to(site)}: {url} ({why})")
    if len(broken) > a.list > 0: print(f"  ... and {len(broken) - a.list} more")
    sys.exit(1 if broken else 0)

if __name__ == '__main__': main()
