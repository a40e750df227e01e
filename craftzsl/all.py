"Everything a user needs: `from craftzsl.all import *` (as `from fastai.vision.all import *`)"
from .core import *
from .data import *
from .metrics import *
from .shapes import *
from .silhouettes import *
from .learner import *
from .evaluate import *
from .benchmarks import *
