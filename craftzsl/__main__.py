"`python -m craftzsl`: the `craftzsl` console script (`craftzsl.cli.main`). Not exported by nbdev: nbs/10_cli.ipynb documents it."
import sys
from craftzsl.cli import main

if __name__ == '__main__': sys.exit(main())
