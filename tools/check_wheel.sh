#!/usr/bin/env bash
# A non-editable install works: build a wheel from the repo, install it in a fresh venv (no editable link to the
# source tree), then import it and run the main command from outside the repo. To save the ~6 GB of torch, the new
# venv reuses the current environment's third-party packages through a .pth line; craftzsl itself comes from the wheel.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
pip wheel -q --no-deps --no-build-isolation . -w "$tmp/dist"
python -m venv "$tmp/venv"
site=$(python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
newsite=$("$tmp/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$site" > "$newsite/_shared_env.pth"
"$tmp/venv/bin/pip" install -q --no-deps "$tmp"/dist/craftzsl-*.whl
cd "$tmp"
where=$("$tmp/venv/bin/python" -c 'import craftzsl, craftzsl.all; print(craftzsl.__file__)')
case "$where" in "$newsite"/*) echo "wheel import ok: $where";; *) echo "craftzsl imported from $where, not the wheel"; exit 1;; esac
"$tmp/venv/bin/craftzsl" "$@"
rm -rf "$tmp"
