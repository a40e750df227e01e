#!/usr/bin/env bash
# Build the HTML docs locally and look at them in a real browser: serve _site on 127.0.0.1 and take screenshots of
# the home page, an API page and a tutorial with headless Chromium (Debian: apt-get install chromium).
#   bash tools/docs_screenshots.sh [PAGE ...]     # default: index.html core.html and the first tutorial page
#   HEIGHT=4000 bash tools/docs_screenshots.sh PAGE   # a taller page
set -euo pipefail
cd "$(dirname "$0")/.."
python tools/docs_html.py _site
command -v chromium >/dev/null || { echo "chromium not found: apt-get install -y chromium"; exit 1; }
pages=("$@")
[ ${#pages[@]} -eq 0 ] && pages=(index.html core.html $(cd _site && ls | grep -m1 -E '^(zero_shot|tutorial).*\.html$' || echo shapes.html))
port=8765
python -m http.server $port --bind 127.0.0.1 --directory _site >/dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
sleep 1
mkdir -p _site/screenshots
for p in "${pages[@]}"; do
  out="_site/screenshots/${p%.html}.png"
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$(mktemp -d)" --hide-scrollbars \
    --window-size=1280,${HEIGHT:-1600} --screenshot="$out" "http://127.0.0.1:$port/$p" >/dev/null 2>&1
  [ -s "$out" ] && echo "screenshot: $out" || { echo "no screenshot for $p"; exit 1; }
done
