"""The healing equations integrated with ``scipy.integrate.solve_ivp``: the reference the
exponential integrator (``exponential_heun.py``) is verified against
(tests/healing/test_verification.py) and the benchmark peer. Not used by a run."""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp

from needlesim.healing.exponential_heun import Doses, apply_session, serum_inputs
from needlesim.healing.rhs import rhs


def scipy_path(x0, doses: Doses, times_day, rates, cohort, method="LSODA", rtol=1e-6, atol=1e-10):
    """The same model integrated segment by segment with ``solve_ivp`` (one patient or a
    whole cohort flattened). Returns the state at ``times_day``."""
    shape = x0.shape
    times = np.asarray(times_day, float)
    out = np.empty((times.size, *shape))
    x = x0.copy()
    bounds = list(doses.day) + [max(times.max(), doses.day[-1]) + 1e-9]
    if bounds[0] > 0:
        bounds = [0.0] + bounds
        session_at = [None] + list(range(len(doses.day)))
    else:
        session_at = list(range(len(doses.day)))
    for k in range(len(bounds) - 1):
        j = session_at[k]
        if j is not None:
            x = apply_session(x, doses, j, rates)
        t0, t1 = bounds[k], bounds[k + 1]
        mask = (times >= t0) & ((times < t1) | (k == len(bounds) - 2))
        solution = solve_ivp(
            lambda tt, y, t0=t0: rhs(y.reshape(shape), tt, rates, cohort,
                                   serum_inputs(doses, tt, t0, rates)).ravel(),
            (t0, t1), x.ravel(), method=method, rtol=rtol, atol=atol,
            t_eval=np.union1d(times[mask], [t1]), max_step=5.0,
        )
        if not solution.success:
            raise RuntimeError(solution.message)
        if mask.any():
            out[mask] = solution.y.T[:-1].reshape(-1, *shape) if times[mask][-1] < t1 \
                else solution.y.T.reshape(-1, *shape)
        x = solution.y[:, -1].reshape(shape)

    return out

