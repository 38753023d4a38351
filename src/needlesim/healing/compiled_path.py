"""The exponential Heun integration (``exponential_heun.py``) compiled with Numba: each
patient runs the whole schedule of steps, sessions and records in one compiled loop.

The NumPy right-hand side (``rhs.py``) is written over arrays of a few dozen numbers, so a
step costs about 150 small NumPy calls; here a step is a few hundred floating-point
operations. The schedule (step starts and sizes, sessions, records) is fixed by the event
times and the step control alone, so it is laid out in Python first (``schedule``). Every
sum and product below is written in the order of ``rhs.py``, ``baseline.py`` and
``exponential_heun.py``, so the two paths agree to the round-off of ``exp`` and ``expm1``
(tests/healing/test_compiled_path.py compares them).
"""

from __future__ import annotations

import math

import numba
import numpy as np

from needlesim.constants import YEAR_DAYS
from needlesim.healing.species import (
    C1,
    C1I,
    C3,
    C7,
    EPI,
    M1,
    M2,
    PAP,
    TE,
    E,
    F,
    G,
    H,
    K,
    N,
    S,
    V,
)

# the rates the kernel reads, as rows of one (rate, patient) array
RATE_NAMES = ("kS", "kN", "aN", "aM", "kSw", "kM", "kG", "gM1", "gF", "rF", "kFr", "Fmax",
              "KG", "acol", "share_new3", "Cmax", "kr", "kmat", "kn", "km", "a7", "d7",
              "kte", "ate", "eE", "dE", "kEl", "aV", "kVr", "kK", "aK", "kH", "gK", "gH",
              "share1", "share3", "d1", "serum_gf_residence", "vitc_half")
(kS, kN, aN, aM, kSw, kM, kG, gM1, gF, rF, kFr, Fmax, KG, acol, share_new3, Cmax, kr, kmat,
 kn, km, a7, d7, kte, ate, eE, dE, kEl, aV, kVr, kK, aK, kH, gK, gH, share1, share3, d1,
 gf_residence, vitc_half) = range(len(RATE_NAMES))

# the age baseline's constants (``AgeBaseline``), rows of one (constant, patient) array
BASELINE_NAMES = ("floor", "collagen_reference", "collagen_rate", "elastin_onset",
                  "elastin_rate", "onset", "epidermis_rate", "fibroblast_reference",
                  "fibroblast_rate", "fibroblast_floor")
(FLOOR, COL_REF, COL_RATE, EL_ONSET, EL_RATE, ONSET, EPI_RATE, FIB_REF, FIB_RATE,
 FIB_FLOOR) = range(len(BASELINE_NAMES))

STEP, SESSION, RECORD = 0, 1, 2  # kinds of schedule entries
DERMAL = (0.0, 1.0, 1.0)
PAPILLARY = (0.0, 1.0, 0.0)
EPIDERMAL = (1.0, 0.0, 0.0)
NT = 12  # time terms per compartment (see _time_terms)
# loss rates the state changes, and those the rates alone fix (the same in both stages of
# a step: 0.5 (L + L) = L exactly, so their exponentials are reused while h stays)
STATE_LOSS = (F, C3, C1I, C1, E)
FIXED_LOSS = (S, N, M1, M2, G, C7, TE, V, K, H)


def schedule(session_days, times, control):
    """The integrator's loop (``exponential_heun.integrate``) laid out: per entry its kind,
    a step's start and size, or the index of the session or the record."""
    kind, start, size, index = [], [], [], []
    sessions = list(session_days)
    events = sorted(set(sessions) | set(times.tolist()))
    t, h, next_session, i_out = 0.0, control.first_step_day, 0, 0
    for event in events:
        while t < event - 1e-12:
            step = min(h, event - t)
            kind.append(STEP), start.append(t), size.append(step), index.append(-1)
            t += step
            h = min(h * control.growth, control.max_step_day)
        t = event
        while next_session < len(sessions) and sessions[next_session] <= t + 1e-12:
            kind.append(SESSION), start.append(t), size.append(0.0), index.append(next_session)
            next_session += 1
            h = control.first_step_day
        while i_out < times.size and times[i_out] <= t + 1e-12:
            kind.append(RECORD), start.append(t), size.append(0.0), index.append(i_out)
            i_out += 1
    return (np.array(kind, np.int64), np.array(start, float), np.array(size, float),
            np.array(index, np.int64))


def per_patient(values: dict, names, patients: int) -> np.ndarray:
    """(name, patient) array of scalars or per-patient arrays."""
    rows = [np.broadcast_to(np.asarray(values[n], float).reshape(-1), (patients,)) for n in names]
    return np.ascontiguousarray(np.array(rows, float))


@numba.njit(cache=True)
def _decline(age, reference, rate, floor):  # pragma: no cover - compiled
    value = 1 + rate * max(0.0, age - reference)
    slope = rate / YEAR_DAYS if (age > reference) and (value > floor) else 0.0
    return max(floor, value), slope


@numba.njit(cache=True)
def _time_terms(t, age0, R, B, p, out):  # pragma: no cover - compiled
    """Cohort.time_terms of patient ``p`` at ``t``: out[term, compartment]."""
    age = age0 + t / YEAR_DAYS
    floor = B[FLOOR, p]
    col, dcol = _decline(age, B[COL_REF, p], B[COL_RATE, p], floor)
    el, d_el = _decline(age, B[EL_ONSET, p], B[EL_RATE, p], floor)
    r = B[EPI_RATE, p]
    onset = B[ONSET, p]
    start = 1 + r * (max(age0, onset) - onset)
    now = 1 + r * (max(age, onset) - onset)
    d_epi = (r / YEAR_DAYS if age > onset else 0.0) / start
    epi = now / start
    y = max(B[FIB_FLOOR, p], 1 + B[FIB_RATE, p] * max(0.0, age - B[FIB_REF, p]))
    for c in range(3):
        b1 = R[share1, p] * col * DERMAL[c]
        db1 = R[share1, p] * dcol * DERMAL[c]
        b3 = R[share3, p] * col * DERMAL[c]
        db3 = R[share3, p] * dcol * DERMAL[c]
        be = el * DERMAL[c]
        dbe = d_el * DERMAL[c]
        own = b1 + b3
        out[0, c] = R[rF, p] * y
        out[1, c] = y * col
        out[2, c] = max(own, 1e-30)
        out[3, c] = 1.0 if own > 0 else 0.0
        out[4, c] = max((R[d1, p] + R[kr, p]) * b3 + db3, 0.0)
        out[5, c] = max(R[d1, p] * b1 + db1, 0.0)
        out[6, c] = max(R[dE, p] * be + dbe, 0.0)
        out[7, c] = b1
        out[8, c] = b3
        out[9, c] = epi * EPIDERMAL[c]
        out[10, c] = d_epi * EPIDERMAL[c]
    for c in range(3):
        out[11, c] = out[7, PAP] + out[8, PAP]  # base_pap


@numba.njit(cache=True)
def _fading(values, day, p, t, since, time_constant, out):  # pragma: no cover - compiled
    """exponential_heun._fading of patient ``p``: the strongest fading session effect."""
    for c in range(3):
        out[c] = 0.0
    for j in range(day.size):
        if day[j] <= since + 1e-12:
            fade = math.exp(-max(t - day[j], 0.0) / time_constant)
            for c in range(3):
                out[c] = max(out[c], values[p, j, c] * fade)


@numba.njit(cache=True)
def _production_loss(x, b, R, p, growth_serum, boost, P, L):  # pragma: no cover - compiled
    """rhs.production_loss of one patient (x, P, L: species by compartment)."""
    total = np.empty(3)
    for c in range(3):
        total[c] = x[C1, c] + x[C1I, c] + x[C3, c]
    drive = x[S, EPI] + x[G, PAP]
    collagen_gain = total[PAP] / b[11, PAP] - 1.0
    for c in range(3):
        infl = x[N, c] + x[M1, c]
        P[S, c] = 0.0
        L[S, c] = R[kS, p]
        P[N, c] = R[aN, p] * x[S, c]
        L[N, c] = R[kN, p]
        P[M1, c] = R[aM, p] * (x[S, c] + x[N, c])
        L[M1, c] = R[kSw, p] + R[kM, p]
        P[M2, c] = R[kSw, p] * x[M1, c]
        L[M2, c] = R[kM, p]
        pg = R[kG, p] * (x[M2, c] + R[gM1, p] * x[M1, c]
                         + R[gF, p] * max(x[F, c] - DERMAL[c], 0.0))
        P[G, c] = pg + R[kG, p] * growth_serum[c]
        L[G, c] = R[kG, p]
        activation = x[G, c] / (R[KG, p] + x[G, c])
        growth = b[0, c] * activation * x[F, c]
        P[F, c] = growth + R[kFr, p] * DERMAL[c]
        L[F, c] = R[kFr, p] + growth / R[Fmax, p]
        synthesis = b[1, c] * activation * x[F, c]
        gain = total[c] / b[2, c] - 1.0
        room = min(max(1.0 - gain / (R[Cmax, p] - 1.0), 0.0), 1.0) * b[3, c]
        new = R[acol, p] * synthesis * room * boost[c]
        excess3 = max(x[C3, c] - b[8, c], 0.0)
        P[C3, c] = b[4, c] + R[share_new3, p] * new
        L[C3, c] = (R[d1, p] + R[kr, p] + R[km, p] * infl
                    + R[kn, p] * infl * excess3 / max(x[C3, c], 1e-30))
        P[C1I, c] = (1 - R[share_new3, p]) * new + R[kr, p] * excess3
        L[C1I, c] = R[kmat, p] + R[kn, p] * infl
        P[C1, c] = b[5, c] + R[kmat, p] * x[C1I, c]
        L[C1, c] = R[d1, p] + R[km, p] * infl
        P[C7, c] = R[d7, p] * PAPILLARY[c] + R[a7, p] * new * PAPILLARY[c] / R[share1, p]
        L[C7, c] = R[d7, p]
        P[TE, c] = R[kte, p] * DERMAL[c] + R[ate, p] * synthesis
        L[TE, c] = R[kte, p]
        P[E, c] = b[6, c] + R[eE, p] * R[ate, p] * synthesis
        L[E, c] = R[dE, p] + R[kEl, p] * infl
        P[V, c] = (R[kVr, p] + R[aV, p] * x[G, c]) * DERMAL[c]
        L[V, c] = R[kVr, p]
        P[K, c] = R[kK, p] * (1 + R[aK, p] * drive) * EPIDERMAL[c]
        L[K, c] = R[kK, p]
        target = b[9, c] * (1 + R[gK, p] * (x[K, c] - 1.0) + R[gH, p] * collagen_gain)
        P[H, c] = max(R[kH, p] * target + b[10, c], 0.0) * EPIDERMAL[c]
        L[H, c] = R[kH, p] * EPIDERMAL[c]


@numba.njit(cache=True)
def _factors(L, h, rows, decay, phi1):  # pragma: no cover - compiled
    """exp(-L h) and phi1(L h) = (1 - exp(-L h)) / (L h) of the species ``rows``."""
    for s in rows:
        for c in range(3):
            z = L[s, c] * h
            decay[s, c] = math.exp(-z)
            phi1[s, c] = 1.0 - z / 2 if z < 1e-8 else -math.expm1(-z) / z


@numba.njit(cache=True)
def _advance(x, P, h, decay, phi1, out):  # pragma: no cover - compiled
    """The exponential step x exp(-L h) + P h phi1(L h) (exponential_heun._exp_step)."""
    for s in range(x.shape[0]):
        for c in range(3):
            out[s, c] = x[s, c] * decay[s, c] + P[s, c] * h * phi1[s, c]


@numba.njit(cache=True)
def _serum(doses_day, growth_values, boost_values, has_growth, has_boost, R, p, t, since,
           growth, boost):  # pragma: no cover - compiled
    """Serum inputs of patient ``p`` (zero activity and a factor 1 without a serum)."""
    if has_growth:
        _fading(growth_values, doses_day, p, t, since, R[gf_residence, p], growth)
    else:
        growth[:] = 0.0
    if has_boost:
        _fading(boost_values, doses_day, p, t, since, R[vitc_half, p] / math.log(2.0), boost)
        for c in range(3):
            boost[c] = 1.0 + boost[c]
    else:
        boost[:] = 1.0


@numba.njit(cache=True)
def run(x0, kind, start, size, index, age0, R, B, session_s, session_g, doses_day,
        growth_values, boost_values, has_growth, has_boost, out):  # pragma: no cover
    """Integrate every patient of ``x0`` (species, patient, compartment) through the
    schedule; ``session_s`` (session, patient, compartment) is what a session adds to the
    damage signal, ``session_g`` (session, patient) to the growth factor of the dermis;
    the records go to ``out`` (record, species, patient, compartment)."""
    ns = x0.shape[0]
    x, predicted = np.empty((ns, 3)), np.empty((ns, 3))
    mean_p, mean_l = np.empty((ns, 3)), np.empty((ns, 3))
    P0, L0, P1, L1 = np.empty((ns, 3)), np.empty((ns, 3)), np.empty((ns, 3)), np.empty((ns, 3))
    b0, b1 = np.empty((NT, 3)), np.empty((NT, 3))
    decay, phi1 = np.empty((ns, 3)), np.empty((ns, 3))
    g0, s0, g1, s1 = np.empty(3), np.empty(3), np.empty(3), np.empty(3)
    for p in range(x0.shape[1]):
        for s in range(ns):
            for c in range(3):
                x[s, c] = x0[s, p, c]
        factors_h = -1.0  # the step size the factors of the fixed loss rates are for
        terms_t = np.nan  # the time b1 holds
        for e in range(kind.size):
            if kind[e] == STEP:
                t, h = start[e], size[e]
                t1 = t + h
                _serum(doses_day, growth_values, boost_values, has_growth, has_boost, R, p,
                       t, t, g0, s0)
                _serum(doses_day, growth_values, boost_values, has_growth, has_boost, R, p,
                       t1, t, g1, s1)
                if t == terms_t:  # the last step's end
                    b0, b1 = b1, b0
                else:
                    _time_terms(t, age0[p], R, B, p, b0)
                _time_terms(t1, age0[p], R, B, p, b1)
                terms_t = t1
                _production_loss(x, b0, R, p, g0, s0, P0, L0)
                if h != factors_h:  # the fixed rates' factors hold for both stages
                    _factors(L0, h, FIXED_LOSS, decay, phi1)
                    factors_h = h
                _factors(L0, h, STATE_LOSS, decay, phi1)
                _advance(x, P0, h, decay, phi1, predicted)
                _production_loss(predicted, b1, R, p, g1, s1, P1, L1)
                for s in range(ns):
                    for c in range(3):
                        mean_p[s, c] = 0.5 * (P0[s, c] + P1[s, c])
                for s in STATE_LOSS:
                    for c in range(3):
                        mean_l[s, c] = 0.5 * (L0[s, c] + L1[s, c])
                _factors(mean_l, h, STATE_LOSS, decay, phi1)
                _advance(x, mean_p, h, decay, phi1, predicted)
                x[:, :] = predicted
            elif kind[e] == SESSION:
                j = index[e]
                for c in range(3):
                    x[S, c] += session_s[j, p, c]
                x[G, PAP] += session_g[j, p]
                x[G, 2] += session_g[j, p]
            else:
                for s in range(ns):
                    for c in range(3):
                        out[index[e], s, p, c] = x[s, c]

