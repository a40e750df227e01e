"Everything a user needs, as `from fastai.vision.all import *`: fastai's vision API and craftzsl's"
from fastai.vision.all import *
from .core import *
from .data import *
from .metrics import *
from .shapes import *
from .silhouettes import *
from .learner import *
from .features import *
from .evaluate import *
from .rebalance import *
from .interpret import *
from .benchmarks import *
