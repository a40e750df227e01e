#!/usr/bin/env bash
# Look at the local docs in a real browser: build them (tools/docs.sh), then take full-width screenshots of the home
# page, an API page and a tutorial with headless Chromium (Debian: apt-get install chromium). No network is used.
#   bash tools/docs_screenshots.sh [PAGE ...]          # default: index.html learner.html zero_shot_in_one_picture.html
#   HEIGHT=6000 bash tools/docs_screenshots.sh PAGE    # a taller page
#   NO_BUILD=1 bash tools/docs_screenshots.sh          # screenshots of the _site already built
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${NO_BUILD:-}" ] || bash tools/docs.sh _site
command -v chromium >/dev/null || { echo "chromium not found: apt-get install -y chromium"; exit 1; }
pages=("$@")
[ ${#pages[@]} -eq 0 ] && pages=(index.html learner.html zero_shot_in_one_picture.html)
mkdir -p _site/screenshots
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for p in "${pages[@]}"; do
  out="_site/screenshots/${p%.html}.png"
  timeout 90 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
    --window-size=1280,"${HEIGHT:-2000}" --screenshot="$out" "file://$PWD/_site/$p" >/dev/null 2>&1 || true
  if [ -s "$out" ]; then echo "screenshot: $out"; else echo "no screenshot for $p"; exit 1; fi
done
