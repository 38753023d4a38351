"""Right-hand side of the cascade, split as dx/dt = P(x, t) - L(x, t) * x with P, L >= 0.

The split is what the exponential integrator needs, and it makes positivity structural:
no species can be driven below zero. All arrays are (species, patients, compartments).
"""

from __future__ import annotations

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
    SPECIES,
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

DERMAL = np.array([0.0, 1.0, 1.0])
PAPILLARY = np.array([0.0, 1.0, 0.0])
EPIDERMAL = np.array([1.0, 0.0, 0.0])


class Cohort:
    """Per-patient data the right-hand side needs (arrays over patients)."""

    def __init__(self, age_years, sex, baseline):
        self.age0 = np.asarray(age_years, float).reshape(-1)
        self.sex = np.asarray(sex).reshape(-1)
        self.baseline = baseline
        self._last = None  # (t, rates, targets): a step's end is the next step's start
        self._last_terms = None  # (t, rates, time terms), likewise
        self._template = None  # (rates, shape, loss rates no state changes)

    @property
    def size(self) -> int:
        return self.age0.size

    def targets(self, t_day: float, rates) -> dict:
        """Baseline densities (patients, compartments) and their time derivatives at t
        (read-only: the last one is kept, since each integrator step evaluates its end
        time twice, as the corrector's end and as the next step's start)."""
        last = self._last
        if last is not None and last[0] == t_day and last[1] is rates:
            return last[2]
        targets = self._targets(t_day, rates)
        self._last = (t_day, rates, targets)
        return targets

    def time_terms(self, t_day: float, rates) -> dict:
        """The right-hand side's terms fixed by the time alone (read-only, the last kept)."""
        last = self._last_terms
        if last is not None and last[0] == t_day and last[1] is rates:
            return last[2]
        terms = _time_terms(self.targets(t_day, rates), rates)
        self._last_terms = (t_day, rates, terms)
        return terms

    def loss_template(self, x: np.ndarray, rates) -> np.ndarray:
        """A fresh loss array holding the rows no state changes."""
        kept = self._template
        if kept is None or kept[0] is not rates or kept[1] != x.shape:
            kept = self._template = (rates, x.shape, _loss_template(x, rates))
        return kept[2].copy()

    def _targets(self, t_day: float, rates) -> dict:
        age = self.age0 + t_day / YEAR_DAYS
        col, dcol = self.baseline.collagen(age)
        el, d_el = self.baseline.elastin(age)
        epi, d_epi = self.baseline.epidermis(age, self.age0)
        return {
            "B1": rates.share1 * col[:, None] * DERMAL, "dB1": rates.share1 * dcol[:, None] * DERMAL,
            "B3": rates.share3 * col[:, None] * DERMAL, "dB3": rates.share3 * dcol[:, None] * DERMAL,
            "Be": el[:, None] * DERMAL, "dBe": d_el[:, None] * DERMAL,
            "Hb": epi[:, None] * EPIDERMAL, "dHb": d_epi[:, None] * EPIDERMAL,
            "y": self.baseline.fibroblast_responsiveness(age)[:, None],
            "attachment": col[:, None],
        }


def steady_state(cohort: Cohort, rates, t_day: float = 0.0) -> np.ndarray:
    """The untreated state: the ageing baseline with no inflammation."""
    b = cohort.targets(t_day, rates)
    x = np.zeros((len(SPECIES), cohort.size, 3))
    x[F] = DERMAL
    x[C1], x[C3], x[E] = b["B1"], b["B3"], b["Be"]
    x[C7] = PAPILLARY
    x[TE] = DERMAL
    x[V] = DERMAL
    x[K] = EPIDERMAL
    x[H] = b["Hb"]
    return x


def inflammation(x: np.ndarray) -> np.ndarray:
    """Inflammatory load that drives proteases (neutrophils and inflammatory macrophages)."""
    return x[N] + x[M1]


def _loss_template(x: np.ndarray, r) -> np.ndarray:
    """The loss rates no state changes (the rest are filled in per call)."""
    L = np.zeros_like(x)
    L[S] = r.kS
    L[N] = r.kN
    L[M1] = r.kSw + r.kM
    L[M2] = r.kM
    L[G] = r.kG
    L[C7] = r.d7
    L[TE] = r.kte
    L[V] = r.kVr
    L[K] = r.kK
    L[H] = r.kH * EPIDERMAL
    return L


def _time_terms(b: dict, r) -> dict:
    """The terms of the right-hand side that the baseline targets (the time) fix alone."""
    own = b["B1"] + b["B3"]
    return {
        "rF_y": r.rF * b["y"],
        "y_attachment": b["y"] * b["attachment"],
        "own": np.maximum(own, 1e-30),
        "has_own": own > 0,
        "P_C3": np.maximum((r.d1 + r.kr) * b["B3"] + b["dB3"], 0.0),
        "P_C1": np.maximum(r.d1 * b["B1"] + b["dB1"], 0.0),
        "P_E": np.maximum(r.dE * b["Be"] + b["dBe"], 0.0),
        "base_pap": b["B1"][:, PAP] + b["B3"][:, PAP],
        "B3": b["B3"], "Hb": b["Hb"], "dHb": b["dHb"],
    }


def production_loss(x: np.ndarray, t_day: float, r, cohort: Cohort, serum=None):
    """``serum``: (growth-factor activity, collagen-synthesis factor) of the session serums
    at ``t_day``, each (patients, compartment) or None (exponential_heun.serum_inputs).

    Called twice per integrator step on arrays of a few dozen numbers, where the count of
    NumPy calls is the cost: what the time or the rates alone fix is computed once
    (``Cohort.time_terms``, ``Cohort.loss_template``), every sum in its written order."""
    b = cohort.time_terms(t_day, r)
    serum_growth, serum_synthesis = serum if serum is not None else (None, None)
    P = np.empty_like(x)
    L = cohort.loss_template(x, r)
    infl = inflammation(x)

    P[S] = 0.0
    P[N] = r.aN * x[S]
    P[M1] = r.aM * (x[S] + x[N])
    P[M2] = r.kSw * x[M1]
    P[G] = r.kG * (x[M2] + r.gM1 * x[M1] + r.gF * np.maximum(x[F] - DERMAL, 0.0))
    if serum_growth is not None:
        # a growth-factor serum holds G near its activity while it lasts (G decays in ~1 h)
        P[G] = P[G] + r.kG * serum_growth

    activation = x[G] / (r.KG + x[G])
    growth = b["rF_y"] * activation * x[F]
    P[F] = growth + r.kFr * DERMAL
    L[F] = r.kFr + growth / r.Fmax
    # activated fibroblast drive (0 in the epidermis); fibroblasts in a sparse, fragmented
    # matrix get less mechanical stimulation and make less collagen (Varani 2006)
    synthesis = b["y_attachment"] * activation * x[F]

    total = x[C1] + x[C1I] + x[C3]
    # matrix feedback: synthesis stops when collagen reaches Cmax times the patient's own
    # baseline (the plateau over many sessions)
    gain = total / b["own"] - 1.0
    room = np.minimum(np.maximum(1.0 - gain / (r.Cmax - 1.0), 0.0), 1.0) * b["has_own"]
    new = r.acol * synthesis * room
    if serum_synthesis is not None:
        new = new * serum_synthesis  # vitamin C: co-factor of collagen hydroxylation
    excess3 = np.maximum(x[C3] - b["B3"], 0.0)
    P[C3] = b["P_C3"] + r.share_new3 * new
    L[C3] = r.d1 + r.kr + r.km * infl + r.kn * infl * excess3 / np.maximum(x[C3], 1e-30)
    P[C1I] = (1 - r.share_new3) * new + r.kr * excess3
    L[C1I] = r.kmat + r.kn * infl
    P[C1] = b["P_C1"] + r.kmat * x[C1I]
    L[C1] = r.d1 + r.km * infl

    P[C7] = r.d7 * PAPILLARY + r.a7 * new * PAPILLARY / r.share1

    P[TE] = r.kte * DERMAL + r.ate * synthesis
    P[E] = b["P_E"] + r.eE * r.ate * synthesis
    L[E] = r.dE + r.kEl * infl

    P[V] = (r.kVr + r.aV * x[G]) * DERMAL

    drive = x[S][:, EPI] + x[G][:, PAP]
    P[K] = r.kK * (1 + r.aK * drive)[:, None] * EPIDERMAL
    collagen_gain = total[:, PAP] / b["base_pap"] - 1.0
    target = b["Hb"] * (1 + r.gK * (x[K] - 1.0) + r.gH * collagen_gain[:, None])
    P[H] = np.maximum(r.kH * target + b["dHb"], 0.0) * EPIDERMAL
    return P, L


def rhs(x, t_day, r, cohort, serum=None):
    P, L = production_loss(x, t_day, r, cohort, serum)
    return P - L * x
