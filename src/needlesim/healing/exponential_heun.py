"""Time integration with session jumps: a positivity-preserving exponential integrator.

Between sessions the system dx/dt = P - L x is advanced by a second-order exponential
predictor-corrector (exponential Heun): each step is exact when P and L are constant, and
x stays >= 0 because P, L >= 0. Steps start small after each session (fast inflammation)
and grow geometrically in the quiet months after. At a session the damage signal and the
platelet growth-factor pulse (bleeding share times papillary damage) jump; the state left
by earlier sessions carries on. A session's serum (``actives.py``) adds production terms
that fade after it (``serum_inputs``): a held growth-factor activity and a boost of
collagen synthesis.

The same equations are integrated with ``scipy.integrate.solve_ivp`` in
``scipy_reference.py``, for verification and as the benchmark peer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from needlesim.healing import compiled_path
from needlesim.healing.rhs import production_loss
from needlesim.healing.species import PAP, RET, G, S


@dataclass(frozen=True)
class StepControl:
    first_step_day: float = 0.01
    growth: float = 1.12
    max_step_day: float = 1.0

    def tightened(self, factor: float = 4.0) -> StepControl:
        return StepControl(self.first_step_day / factor, self.growth ** (1 / factor),
                           self.max_step_day / factor)


DEFAULT_CONTROL = StepControl()


@dataclass(frozen=True)
class Doses:
    """Session inputs over a cohort: day (session,), damage (patients, session, compartment),
    bleeding (patients, session), anti-inflammatory (patients, session) as 0/1; the serum's
    growth-factor activity and collagen-synthesis boost (patients, session, compartment),
    None without a serum."""

    day: np.ndarray
    damage: np.ndarray
    bleeding: np.ndarray
    nsaid: np.ndarray
    serum_growth_factor: np.ndarray | None = None
    serum_synthesis_boost: np.ndarray | None = None

    def patients(self, which) -> Doses:
        """The doses of the patients ``which`` (an index array or a slice)."""
        def pick(values):
            return None if values is None else values[which]

        return Doses(self.day, self.damage[which], self.bleeding[which], self.nsaid[which],
                     pick(self.serum_growth_factor), pick(self.serum_synthesis_boost))


def _fading(doses: Doses, values, t_day: float, since_day: float, time_constant_day):
    """The strongest of the sessions' ``values`` (patients, session, compartment) applied on or
    before ``since_day``, each fading as exp(-(t - day) / time constant). Overlapping
    sessions take the larger effect, not the sum: each effect is already saturating."""
    if values is None:
        return None
    started = doses.day <= since_day + 1e-12
    if not started.any():
        return None
    age = np.maximum(t_day - doses.day[started], 0.0)
    fade = np.exp(-age / time_constant_day)  # (session,)
    return np.max(values[:, started, :] * fade[None, :, None], axis=1)


def serum_inputs(doses: Doses, t_day: float, since_day: float, rates):
    """(growth-factor activity, collagen-synthesis factor) of the serums at ``t_day``, each
    (patients, compartment), from the sessions applied by ``since_day`` (the start of the
    step: a session counts from its own day on); None without any serum effect."""
    growth = _fading(doses, doses.serum_growth_factor, t_day, since_day, rates.serum_gf_residence)
    boost = _fading(doses, doses.serum_synthesis_boost, t_day, since_day,
                    rates.vitc_half / np.log(2.0))
    if growth is None and boost is None:
        return None
    return growth, None if boost is None else 1.0 + boost


def session_jumps(doses: Doses, j: int, rates):
    """What session ``j`` adds: to the damage signal (patients, compartment) and to the
    growth factor of both dermal compartments (patients,)."""
    damage = doses.damage[:, j, :]
    factor = np.where(doses.nsaid[:, j] > 0, rates.nsaid, 1.0)
    factor = np.broadcast_to(np.asarray(factor, float).reshape(-1, 1), damage.shape)
    # platelets release growth factors in proportion to the blood that reaches the injured
    # dermis: the share of channels that bled times the papillary damage signal
    pulse = (rates.bleed_pulse * doses.bleeding[:, j].reshape(-1, 1))[:, 0] * damage[:, PAP]
    return damage * factor, pulse


def apply_session(x: np.ndarray, doses: Doses, j: int, rates) -> np.ndarray:
    x = x.copy()
    signal, pulse = session_jumps(doses, j, rates)
    x[S] += signal
    x[G][:, PAP] += pulse
    x[G][:, RET] += pulse
    return x


def _phi1(z):
    small = z < 1e-8
    if not small.any():  # the common case, without the series' two selections
        return -np.expm1(-z) / z
    return np.where(small, 1.0 - z / 2, -np.expm1(-z) / np.where(small, 1.0, z))


def _exp_step(x, P, L, h):
    z = L * h
    return x * np.exp(-z) + P * h * _phi1(z)


def exp_heun_step(x, t, h, rates, cohort, doses: Doses | None = None, carry: dict | None = None):
    """One step from ``t`` to ``t + h``. ``carry`` (optional) keeps the serum inputs at the
    step's end for a next step that starts at that very time: the same sessions then count,
    so the values are the same (the caller empties it when it applies a session)."""
    serum0 = serum1 = None
    if doses is not None and (doses.serum_growth_factor is not None
                              or doses.serum_synthesis_boost is not None):
        if carry and carry["t"] == t:
            serum0 = carry["serum"]
        else:
            serum0 = serum_inputs(doses, t, t, rates)
        serum1 = serum_inputs(doses, t + h, t, rates)
        if carry is not None:
            carry.update(t=t + h, serum=serum1)
    P0, L0 = production_loss(x, t, rates, cohort, serum0)
    predicted = _exp_step(x, P0, L0, h)
    P1, L1 = production_loss(predicted, t + h, rates, cohort, serum1)
    return _exp_step(x, 0.5 * (P0 + P1), 0.5 * (L0 + L1), h)


def integrate(x0, doses: Doses, times_day, rates, cohort, control: StepControl = DEFAULT_CONTROL,
              record=None, compiled: bool = True):
    """State (or ``record(x)``) at each of ``times_day`` (sorted). Session j is applied at
    doses.day[j] before anything recorded at that same time. The states are integrated by
    the compiled loop (``compiled_path.py``) unless ``record`` is given or ``compiled`` is
    False: then step by step with the NumPy right-hand side."""
    times = np.asarray(times_day, float)
    if compiled and record is None:
        return _integrate_compiled(x0, doses, times, rates, cohort, control)
    record = record or (lambda state: state.copy())
    out = [None] * times.size
    x, t = x0.copy(), 0.0
    sessions = list(doses.day)
    events = sorted(set(sessions) | set(times.tolist()))
    next_session = 0
    h = control.first_step_day
    i_out = 0
    carry = {}
    for event in events:
        while t < event - 1e-12:
            step = min(h, event - t)
            x = exp_heun_step(x, t, step, rates, cohort, doses, carry)
            t += step
            h = min(h * control.growth, control.max_step_day)
        t = event
        while next_session < len(sessions) and sessions[next_session] <= t + 1e-12:
            x = apply_session(x, doses, next_session, rates)
            next_session += 1
            h = control.first_step_day
            carry.clear()
        while i_out < times.size and times[i_out] <= t + 1e-12:
            out[i_out] = record(x)
            i_out += 1
    return np.stack(out)



def _integrate_compiled(x0, doses: Doses, times, rates, cohort, control: StepControl):
    patients = x0.shape[1]
    kind, start, size, index = compiled_path.schedule(doses.day, times, control)
    jumps = [session_jumps(doses, j, rates) for j in range(len(doses.day))]
    session_s = np.array([np.broadcast_to(s, (patients, 3)) for s, _ in jumps], float)
    session_g = np.array([np.broadcast_to(g, (patients,)) for _, g in jumps], float)
    baseline = cohort.baseline
    constants = {name: getattr(baseline, name) for name in compiled_path.BASELINE_NAMES}
    empty = np.zeros((patients, len(doses.day), 3))
    growth, boost = doses.serum_growth_factor, doses.serum_synthesis_boost
    out = np.empty((times.size, *x0.shape))
    # fresh, writable, contiguous copies: a read-only or strided input would be a new type to
    # Numba, compiled on its first use instead of loaded from the cache
    compiled_path.run(
        np.array(x0, float), kind, start, size, index, np.array(cohort.age0, float),
        compiled_path.per_patient(rates, compiled_path.RATE_NAMES, patients),
        compiled_path.per_patient(constants, compiled_path.BASELINE_NAMES, patients),
        session_s.reshape(-1, patients, 3), session_g.reshape(-1, patients),
        np.array(doses.day, float),
        empty if growth is None else np.array(growth, float),
        empty if boost is None else np.array(boost, float),
        growth is not None, boost is not None, out)
    return out
