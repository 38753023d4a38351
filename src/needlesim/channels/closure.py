"""First-order closure of each channel, and the resealing of the barrier it implies.

Each channel i stays open with the fraction ``exp(-ln 2 * t / t_half_i)`` of its opening.
The half-life starts from the occluded human micropore half-life of the site and is
multiplied by modifiers, each from its own source (see parameters/data/model.csv).
The size term ``s = sqrt(D * d)`` combines the channel's opening D (the epidermis closes a
channel from its rim, so a wider mouth takes longer) and its depth d (more wound to fill),
relative to the channel of the study the exponent comes from. A dressing keeps the
occluded rate for ``occlusion_hours`` after the session; then the channel closes at the
uncovered rate.

    t_half = t_half_occluded(site) * f_uncovered^(not occluded) * (s / s_ref)^gamma
             * exp(a_age * max(0, age - age_ref)) * (1 + s_photo * max(0, phototype - 2))
             * f_nsaid^(anti-inflammatory topical)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.optimize import brentq

from needlesim.constants import HOUR_S
from needlesim.insertion import Channels
from needlesim.parameters import ParameterSet
from needlesim.scenario.sessions import Session

RATE_GROUPS = 4096  # barrier sums run over at most this many groups of closure rates
LN2 = float(np.log(2.0))
MAX_CHANNELS_FOR_SUMS = 200_000  # a seeded subsample keeps barrier sums fast and exact in law


def _quantile_bins(values: np.ndarray, count: int) -> np.ndarray:
    """Index 0..count-1 of the quantile bin each value falls in."""
    # sorted first: the same order statistics and bins, in half the time of np.quantile's
    # partition around four thousand cut points and a search of the values in their order
    order = np.argsort(values)
    ranked = values[order]
    edges = np.quantile(ranked, np.linspace(0, 1, count + 1)[1:-1])
    bins = np.empty(values.size, np.int64)
    bins[order] = np.searchsorted(edges, ranked, side="right")
    return bins


@dataclass(frozen=True)
class ChannelState:
    """Closure of one session's channels (the pierced ones), from the end of the session.

    ``half_life_s`` applies until ``switch_s`` (the end of occlusion), ``late_half_life_s``
    after it; without a dressing both are the same and ``switch_s`` is 0.
    """

    half_life_s: np.ndarray
    opening_area_m2: np.ndarray
    area_m2: float  # treated skin area
    recovered_fraction: float  # barrier counted recovered at this resealed fraction
    free_water_ratio: float
    late_half_life_s: np.ndarray | None = None
    switch_s: float = 0.0

    @property
    def median_half_life_s(self) -> float:
        return float(np.median(self.half_life_s)) if self.half_life_s.size else 0.0

    def open_fraction_each(self, t_s: np.ndarray) -> np.ndarray:
        """Open fraction of every channel (times x channels)."""
        t = np.atleast_1d(np.asarray(t_s, dtype=float))[:, None]
        early = LN2 / self.half_life_s
        late = early if self.late_half_life_s is None else LN2 / self.late_half_life_s
        exponent = early * np.minimum(t, self.switch_s) + late * np.maximum(t - self.switch_s, 0)
        return np.exp(-exponent)

    @cached_property
    def _rate_groups(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Channels grouped by closure rate: (early rate, late rate, area weight) per group.

        A face holds up to a million channels, but their rates vary smoothly; replacing
        each group (quantile bins of the early and the late rate) by its area-weighted mean
        rates changes the open share by about 1e-5 for the populations the model makes and
        by less than 5e-4 for wide independent spreads (tests check both), and makes the
        barrier curves and the recovery root cheap. Up to RATE_GROUPS channels the sum is exact.
        """
        early = LN2 / self.half_life_s
        late = early if self.late_half_life_s is None else LN2 / self.late_half_life_s
        weight = self.opening_area_m2 / self.opening_area_m2.sum()
        if early.size <= RATE_GROUPS:
            return early, late, weight
        ratio = late / early
        if np.ptp(ratio) <= 1e-12 * ratio.max():
            # late rates proportional to early ones (as the closure model makes them): one key
            group = _quantile_bins(early, RATE_GROUPS)
        else:
            side = int(np.sqrt(RATE_GROUPS))
            group = _quantile_bins(early, side) * side + _quantile_bins(late, side)
        w = np.bincount(group, weights=weight, minlength=RATE_GROUPS)
        keep = w > 0
        mean_early = np.bincount(group, weights=weight * early, minlength=RATE_GROUPS)[keep]
        mean_late = np.bincount(group, weights=weight * late, minlength=RATE_GROUPS)[keep]
        return mean_early / w[keep], mean_late / w[keep], w[keep]

    def open_fraction(self, t_s: np.ndarray) -> np.ndarray:
        """Area-weighted share of the channel openings still open at times ``t_s``."""
        t = np.atleast_1d(np.asarray(t_s, dtype=float))
        if self.half_life_s.size == 0:
            return np.zeros_like(t)
        early, late, weight = self._rate_groups
        tt = t[:, None]
        exponent = early * np.minimum(tt, self.switch_s) + late * np.maximum(tt - self.switch_s, 0)
        return np.exp(-exponent) @ weight

    def barrier_resealed_fraction(self, t_s: np.ndarray) -> np.ndarray:
        """Barrier function relative to intact skin: 1 - the open share of the channels."""
        return 1.0 - self.open_fraction(t_s)

    def open_area_fraction(self, t_s: np.ndarray) -> np.ndarray:
        """Share of the skin surface that is open channel mouth.

        Mouths land at random and may overlap, so the covered share of a surface with
        total mouth area a per unit area is 1 - exp(-a) (Poisson coverage), never above 1.
        """
        total = self.opening_area_m2.sum() / self.area_m2
        return -np.expm1(-total * self.open_fraction(t_s))

    def water_loss_ratio(self, t_s: np.ndarray) -> np.ndarray:
        """Transepidermal water loss relative to intact skin (a proxy): open mouths evaporate
        like free water, the rest of the surface like intact skin."""
        open_area = self.open_area_fraction(t_s)
        return 1.0 + (self.free_water_ratio - 1.0) * open_area

    def recovery_s(self) -> float:
        """Time from the end of the session until the barrier is back to the recovered level."""
        if self.half_life_s.size == 0:
            return 0.0
        target = self.recovered_fraction

        def gap(t):
            return self.barrier_resealed_fraction(t)[0] - target

        slowest = max(self.half_life_s.max(), (self.late_half_life_s if self.late_half_life_s
                                                 is not None else self.half_life_s).max())
        upper = self.switch_s + float(slowest) * np.log2(1 / (1 - target)) * 1.01
        return float(brentq(gap, 0.0, upper, xtol=1.0))


def half_life_s(
    diameter_m: np.ndarray, depth_m: np.ndarray, occluded: bool, session: Session, site: str,
    age: float, phototype: int, params: ParameterSet,
) -> np.ndarray:
    base = params.site(site, "closure_half_life_occluded", "any")
    factor = 1.0 if occluded else params.get("closure_uncovered_factor")
    factor *= np.exp(
        params.get("closure_age_slowdown", "1/year")
        * max(0.0, age - params.get("closure_age_reference", "year"))
    )
    factor *= 1 + params.get("closure_phototype_slope") * max(0, phototype - 2)
    if session.anti_inflammatory:
        factor *= params.get("closure_nsaid_factor")
    size_ratio = np.sqrt(
        np.maximum(diameter_m, 1e-7) / params.get("closure_reference_diameter")
        * np.maximum(depth_m, 1e-7) / params.get("closure_reference_depth")
    )
    return base * factor * size_ratio ** params.get("closure_size_exponent")


def occlusion_s(session: Session, params: ParameterSet) -> float:
    if session.occlusion_hours is not None:
        return session.occlusion_hours * HOUR_S
    return params.get("occlusion_hours_default")


def close_channels(
    channels: Channels, session: Session, params: ParameterSet, rng: np.random.Generator
) -> ChannelState:
    pierced = np.flatnonzero(channels.pierced)
    scale = 1.0
    if pierced.size > MAX_CHANNELS_FOR_SUMS:
        pierced = np.sort(rng.choice(pierced, MAX_CHANNELS_FOR_SUMS, replace=False))
        scale = channels.count / MAX_CHANNELS_FOR_SUMS
    skin = channels.skin
    diameter = channels.surface_diameter_m[pierced]
    depth = channels.depth_m[pierced]

    def half_lives(occluded: bool) -> np.ndarray:
        return half_life_s(
            diameter, depth, occluded, session, skin.site, skin.age_years, skin.fitzpatrick, params
        )

    early = half_lives(session.occluded)
    return ChannelState(
        half_life_s=early,
        late_half_life_s=half_lives(False) if session.occluded else early,
        switch_s=occlusion_s(session, params) if session.occluded else 0.0,
        opening_area_m2=np.pi * diameter**2 / 4 * scale,
        area_m2=channels.field.area_m2,
        recovered_fraction=params.get("barrier_recovered_fraction"),
        free_water_ratio=params.get("free_water_tewl_ratio"),
    )
