#!/usr/bin/env bash
# README.md from nbs/index.ipynb without Quarto (nbdev_readme needs it): run the notebook, apply nbdev's
# notebook processing (hidden cells dropped, directives stripped), then nbconvert to markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
jupyter nbconvert --to notebook --execute nbs/index.ipynb --output-dir "$tmp" --output index >/dev/null
python - "$tmp/index.ipynb" <<'PY'
import sys, yaml
from execnb.nbio import read_nb, write_nb, mk_cell
from nbdev.processors import FilterDefaults
nb = read_nb(sys.argv[1])
FilterDefaults()(nb)                       # what nbdev does before Quarto renders
cells = []
for c in nb.cells:
    if c.cell_type == 'raw' and c.source.startswith('---'):   # the front matter Quarto would render as title
        fm = yaml.safe_load(c.source.strip().strip('-'))
        c = mk_cell(f"# {fm['title']}\n\n> {fm.get('description','')}", 'markdown')
    if c.cell_type == 'code': c.outputs = [o for o in c.get('outputs', []) if o.get('name') != 'stderr']
    cells.append(c)
nb.cells = cells
write_nb(nb, sys.argv[1])
PY
rm -rf README_files
jupyter nbconvert --to markdown "$tmp/index.ipynb" --output-dir . --output README >/dev/null 2>&1   # figures go to README_files/
rm -rf "$tmp"
echo "README.md written"
