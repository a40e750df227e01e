#!/usr/bin/env bash
# The release artefacts, built as the release workflow builds them: sdist and wheel with `python -m build` (isolated
# build environment), then `twine check --strict` on both, and a look inside: the sdist carries what MANIFEST.in
# names and the wheel the package, at settings.ini's version.
#   bash tools/build_dist.sh [OUTDIR]      # default: a temporary folder, removed after; the release uses dist/
set -euo pipefail
cd "$(dirname "$0")/.."
python -c 'import build, twine' 2>/dev/null || python -m pip install -q build twine
keep=${1:-}
out=${1:-$(mktemp -d)/dist}
rm -rf "$out"
python -m build --outdir "$out" . > "$out.log" 2>&1 || { tail -40 "$out.log"; echo "python -m build failed"; exit 1; }
python -m twine check --strict "$out"/*
version=$(python -c "import configparser; c = configparser.ConfigParser(delimiters=['=']); c.read('settings.ini'); print(c['DEFAULT']['version'])")
python - "$out" "$version" <<'PY'
import sys, tarfile, zipfile
from pathlib import Path
out, version = Path(sys.argv[1]), sys.argv[2]
sdists, wheels = sorted(out.glob('*.tar.gz')), sorted(out.glob('*.whl'))
assert len(sdists) == 1 and len(wheels) == 1, f"expected one sdist and one wheel in {out}: {sorted(out.iterdir())}"
root = f"craftzsl-{version}/"
names = set(tarfile.open(sdists[0]).getnames())
missing = [f for f in ('settings.ini', 'LICENSE', 'README.md', 'setup.py', 'craftzsl/__init__.py', 'craftzsl/_modidx.py')
           if root + f not in names]
assert not missing, f"{sdists[0].name} lacks {missing} (version {version}?)"
wnames = zipfile.ZipFile(wheels[0]).namelist()
assert wheels[0].name.startswith(f"craftzsl-{version}-"), f"{wheels[0].name}: not version {version}"
assert 'craftzsl/all.py' in wnames and any(n.endswith('entry_points.txt') for n in wnames), f"{wheels[0].name} lacks the package"
print(f"dist ok: {sdists[0].name} ({len(names)} files), {wheels[0].name} ({len(wnames)} files)")
PY
rm -f "$out.log"
[ -n "$keep" ] || rm -rf "$(dirname "$out")"
