"""The hidden Colab install cell that starts every notebook (after the title and `#| default_exp`).

craftzsl is not on the package index yet, so the cell installs it from the git repository (settings.ini `git_url`),
and from the package index only when the repository cannot be reached. Colab's own torch and torchvision are kept:
their installed versions become pip constraints, so pip can never replace them (it fails instead of downloading
gigabytes). Outside Colab (`/content` absent) the cell does nothing, and `#| eval: false` keeps nbdev_test off it.

    python tools/colab_cell.py check            # every notebook's cell is the one below (exit 1 if not)
    python tools/colab_cell.py write [NB ...]   # rewrite that one cell (its extras kept), nothing else
    python tools/colab_cell.py test [NB]        # run the cell's commands in a throwaway venv under /tmp (see `test`);
                                                # default: the tutorials' cell as written here (extras pretrained,silhouettes)"""
import os, re, sys, json, shutil, sysconfig, subprocess, tempfile, configparser
from pathlib import Path
import importlib.metadata as md

REPO = Path(__file__).resolve().parents[1]
_re_extras = re.compile(r'craftzsl(\[[\w,\s-]+\])?')

def settings():
    c = configparser.ConfigParser(delimiters=['=']); c.read(REPO/'settings.ini')
    return c['DEFAULT']

def cell_source(extras='', git_url=None):
    "The cell, for the extras `extras` ('' or 'pretrained,silhouettes')"
    git_url = git_url or settings()['git_url']
    pkg = f"craftzsl[{extras}]" if extras else "craftzsl"
    return ("#| hide\n#| eval: false\n"
            "# On Colab only: craftzsl from its repository (no release needed; from the package index if the repository\n"
            "# cannot be reached), keeping Colab's own torch and torchvision (pinned as constraints: pip never replaces them)\n"
            "! [ -e /content ] && pip list --format=freeze | grep -iE '^torch(vision)?==' > /tmp/colab_torch.txt\n"
            f'! [ -e /content ] && (pip install -Uq -c /tmp/colab_torch.txt "{pkg} @ git+{git_url}" || '
            f'pip install -Uq -c /tmp/colab_torch.txt "{pkg}")')

def notebooks():
    nbs = REPO/'nbs'
    return [p for p in sorted(nbs.rglob('*.ipynb'))
            if not any(s.startswith(('_', '.')) for s in p.relative_to(nbs).parts) and p.name != 'index.ipynb']

def find_cell(nb):
    "Index of the Colab cell: the first code cell in the first five that mentions /content and pip install"
    for i, c in enumerate(nb['cells'][:5]):
        src = ''.join(c['source'])
        if c['cell_type'] == 'code' and '/content' in src and 'pip install' in src: return i

def extras_of(src):
    m = _re_extras.search(src.split('pip install', 1)[-1])
    return (m.group(1) or '[]')[1:-1].replace(' ', '') if m else ''

def check():
    bad = []
    for p in notebooks():
        nb = json.loads(p.read_text())
        i = find_cell(nb)
        if i is None: bad.append(f"{p.relative_to(REPO)}: no Colab install cell"); continue
        src = ''.join(nb['cells'][i]['source'])
        if src != cell_source(extras_of(src)): bad.append(f"{p.relative_to(REPO)}: cell {i} is not the current Colab cell")
    print('\n'.join(bad) or f"{len(notebooks())} notebooks: Colab cell ok")
    return 1 if bad else 0

def write(paths):
    "Rewrite the Colab cell only, keeping the file's JSON layout (nbdev writes indent=1, a trailing newline)"
    for p in [Path(p).resolve() for p in paths] or notebooks():
        text = p.read_text()
        nb = json.loads(text)
        i = find_cell(nb)
        if i is None: print(f"{p}: no Colab cell, left as it is"); continue
        old = ''.join(nb['cells'][i]['source'])
        new = cell_source(extras_of(old))
        if old == new: continue
        lines = new.splitlines(keepends=True)
        nb['cells'][i]['source'] = lines
        out = json.dumps(nb, indent=1, ensure_ascii=False) + '\n'
        p.write_text(out)
        print(f"{p.relative_to(REPO)}: cell {i} rewritten (extras: {extras_of(old) or 'none'})")

def _sh(cmd, env=None, check=True, cwd='/tmp'):
    print(f"$ {cmd}", flush=True)
    r = subprocess.run(['bash', '-c', cmd], env=env, capture_output=True, text=True, cwd=cwd)   # not in the repo: no craftzsl/ on the path
    out = (r.stdout + r.stderr).strip()
    out = '\n'.join(l for l in out.splitlines() if not l.startswith("WARNING: Location 'file:///opt/"))   # this machine's pip config
    if out: print('  ' + out.replace('\n', '\n  '))
    if check and r.returncode: sys.exit(f"failed (exit {r.returncode}): {cmd}")
    return r.returncode, out

def _top_levels(dist):
    return {Path(str(f)).parts[0] for f in (dist.files or []) if not str(f).startswith('..')}

def test(nb_path=None):
    """Run the cell of `nb_path` (default: the cell the tutorials get) as Colab would, in a throwaway venv under /tmp:
    `/content` is simulated (the guard replaced by `true`), the repository is `git+file://` this checkout (its
    committed HEAD), and what Colab preinstalls is this project's venv, seen through a folder of links, less craftzsl
    and the notebook's extras (so pip must install those, from the package index). Checks: craftzsl and the extras
    land in the throwaway venv, torch is still the preinstalled one, and nothing torch-related was installed. Then the
    fallback: the repository unreachable, craftzsl comes from the package index (a local wheel served with
    PIP_FIND_LINKS stands in for the release that does not exist yet). Last, the constraints at work: asking for
    another torch fails at once (pip --dry-run) instead of downloading it."""
    if nb_path:
        nb = json.loads(Path(nb_path).read_text())
        src = ''.join(nb['cells'][find_cell(nb)]['source'])
    else: src = cell_source('pretrained,silhouettes')   # the cell the tutorials get
    print(src)
    extras = [e for e in extras_of(src).split(',') if e]
    cmds = [l[1:].strip() for l in src.splitlines() if l.startswith('!')]
    assert cmds and all(c.startswith('[ -e /content ] && ') for c in cmds), src
    tmp = Path(tempfile.mkdtemp(prefix='colab-cell-test-', dir='/tmp'))
    print(f"throwaway folder: {tmp}")
    site = Path(sysconfig.get_paths()['purelib'])
    cfg = settings()
    extra_dists = [re.split(r'[<>=!~ ;\[]', r)[0] for e in extras for r in cfg.get(f'{e}_requirements', '').split()]
    skip = {'craftzsl', 'pip', 'setuptools', 'wheel'} | set(extra_dists)
    skip_entries = set()
    for d in md.distributions(path=[str(site)]):
        if d.metadata['Name'] and d.metadata['Name'].lower().replace('_', '-') in {s.lower() for s in skip}:
            skip_entries |= _top_levels(d)
    farm = tmp/'preinstalled'; farm.mkdir()
    for e in site.iterdir():
        if e.name in skip_entries or e.suffix == '.pth' or e.name.startswith(('__editable__', '_distutils_hack')): continue
        (farm/e.name).symlink_to(e)
    venv = tmp/'venv'
    _sh(f"python3 -m venv {venv} && {venv}/bin/python -m pip install -q -U pip")   # a current pip, as Colab has (pip 23 refuses git+file:///)
    vsite = Path(subprocess.check_output([venv/'bin/python', '-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], text=True).strip())
    (vsite/'_colab_preinstalled.pth').write_text(str(farm) + '\n')
    env = {k: v for k, v in os.environ.items() if k not in ('VIRTUAL_ENV', 'PYTHONPATH')}
    env['PATH'] = f"{venv}/bin:" + env.get('PATH', '/usr/bin:/bin')
    py = f"{venv}/bin/python"
    _sh(f"{py} -c 'import torch, fastai; print(\"preinstalled: torch\", torch.__version__, \"from\", torch.__file__)'", env)
    _, has = _sh(f"{py} -c 'import craftzsl'", env, check=False)
    assert 'No module named' in has, "craftzsl should not be importable before the cell runs"

    def run_cell(git_url, extra_env=None):
        for c in cmds:
            c = c.replace('[ -e /content ] && ', 'true && ', 1).replace('git+' + cfg['git_url'], git_url)
            _sh(c, {**env, **(extra_env or {})})

    def installed_here():
        "Distributions installed into the throwaway venv itself (not the preinstalled folder)"
        return sorted(d.metadata['Name'] for d in md.distributions(path=[str(vsite)]))

    def assert_ok(where):
        _sh(f"{py} -c 'import craftzsl, craftzsl.all, torch; print(\"craftzsl\", craftzsl.__version__, \"from\", craftzsl.__file__); "
            f"print(\"torch\", torch.__version__, \"from\", torch.__file__)'", env)
        _, t = _sh(f"{py} -c 'import torch; print(torch.__file__)'", env)
        assert t.strip().startswith(str(farm)), f"torch no longer the preinstalled one: {t}"
        here = installed_here()
        print(f"installed into the throwaway venv ({where}): {', '.join(here)}")
        assert not [d for d in here if re.match(r'(torch|torchvision|nvidia-|triton)', d, re.I)], "a torch package was installed"
        assert 'craftzsl' in here and all(any(x.lower().replace('_', '-') == e.lower() for x in here) for e in extra_dists), here

    print("\n== 1. from the repository (git+file:// stands in for the GitHub URL)")
    run_cell(f"git+file://{REPO}")
    _, keep = _sh("cat /tmp/colab_torch.txt", env)
    assert re.search(r'^torch==', keep, re.M) and re.search(r'^torchvision==', keep, re.M), keep
    assert_ok('from git')
    direct = json.loads(next(vsite.glob('craftzsl-*.dist-info')).joinpath('direct_url.json').read_text())
    assert direct['url'].startswith('file://') and 'vcs_info' in direct, direct
    print(f"craftzsl came from {direct['url']} at commit {direct['vcs_info'].get('commit_id', '?')[:10]}")

    print("\n== 2. fallback: the repository unreachable, craftzsl from the package index")
    _sh(f"{py} -m pip uninstall -y -q craftzsl", env)
    wheels = tmp/'index'; wheels.mkdir()
    _sh(f"{sys.executable} -m pip wheel -q --no-deps --no-build-isolation {REPO} -w {wheels} >/dev/null 2>&1 && ls {wheels}")
    code, out = _sh(f"{py} -m pip install -q --dry-run --no-deps craftzsl", env, check=False)
    print(f"   (without a local stand-in, the package index has no craftzsl: exit {code})")
    run_cell("git+file:///nonexistent/craftzsl", {'PIP_FIND_LINKS': ' '.join([str(wheels)] + env.get('PIP_FIND_LINKS', '').split())})
    assert_ok('fallback')
    assert not (next(vsite.glob('craftzsl-*.dist-info'))/'direct_url.json').exists() or 'vcs_info' not in \
        (next(vsite.glob('craftzsl-*.dist-info'))/'direct_url.json').read_text(), "fallback installed from git?"

    print("\n== 3. the constraints keep torch: asking for another torch fails without downloading it")
    code, out = _sh(f"{py} -m pip install --dry-run -q -c /tmp/colab_torch.txt 'torch!=2.14.1'", env, check=False)
    assert code != 0 and ('conflict' in out.lower() or 'ResolutionImpossible' in out or 'Cannot install' in out), out
    print(f"\nColab cell test passed; removing {tmp}")
    shutil.rmtree(tmp)
    return 0

if __name__ == '__main__':
    cmd, *args = sys.argv[1:] or ['check']
    if cmd == 'check': sys.exit(check())
    elif cmd == 'write': write(args)
    elif cmd == 'test': sys.exit(test(*args))
    else: sys.exit(__doc__)
