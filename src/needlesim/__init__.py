"""needlesim: a simulator of microneedling (collagen induction therapy).

For research and education only. It is not a medical device and must not be used to make
clinical decisions.
"""

__version__ = "0.1.0"

RESEARCH_USE = (
    "needlesim is for research and education only. It is not a medical device and its "
    "outputs must not be used to make clinical decisions."
)
