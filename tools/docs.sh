#!/usr/bin/env bash
# The docs as CI checks them: build the local HTML site (tools/docs_html.py: nbdev's processing, then pandoc; fails
# on any error) and check that every internal link and anchor resolves (tools/check_links.py).
#   bash tools/docs.sh [OUT]        # default OUT: _site ; then open OUT/index.html
# pandoc comes from PyPI (pypandoc-binary) when there is none ($PANDOC, pypandoc-binary, or pandoc on the PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-_site}
if [ -z "${PANDOC:-}" ] && ! python -c 'import pypandoc' 2>/dev/null && ! command -v pandoc >/dev/null; then
  python -m pip install -q "pypandoc-binary==1.17"
fi
python tools/docs_html.py "$out"
python tools/check_links.py "$out"
