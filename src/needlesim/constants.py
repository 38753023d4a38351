"""Unit factors to SI, in one place: the core computes in SI floats and converts at its
edges with these (pint, in ``units.py``, reads what users type)."""

MINUTE_S = 60.0
HOUR_S = 3600.0
DAY_S = 86400.0
YEAR_DAYS = 365.25

UM_M = 1e-6
MM_M = 1e-3
CM_M = 1e-2
CM2_M2 = 1e-4
UG_KG = 1e-9
