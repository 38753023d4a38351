"""Calibration: the parameters no measurement gives directly, fitted to the calibration
targets of ``needlesim.validation`` (docs/validation.md).

It sits above the model packages and the validation targets, and nothing in a simulation
run imports it: the run reads the fitted values from the parameter tables and the healing
ensemble from ``healing/data/ensemble.csv``. Each script prints its fit; ``--write``
stores it (``parameters/store.py``):

    python -m needlesim.calibration.channels [--write]   insertion and channel closure
    python -m needlesim.calibration.evidence [--write]   healing and outcomes, jointly on the
                                                         published-data table; the ensemble
"""
