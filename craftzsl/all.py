"Everything a user needs, as `from fastai.vision.all import *`: fastai's vision API and craftzsl's"
from .core import *   # first: it imports fastai quietly
from fastai.vision.all import *
from .data import *
from .metrics import *
from .shapes import *
from .silhouettes import *
from .learner import *
from .features import *
from .ensemble import *
from .evaluate import *
from .rebalance import *
from .study import *
from .interpret import *
from .benchmarks import *
