"""How open the channels are while the serum is on: each channel closes exponentially
with its half-life, an early one until the switch (the end of the dressing in the channel
model) and a late one after it. Open share s(tau) = exp(-integral of the rate) at channel
age tau >= 0 (0 before needling); the time loops need its mean over each step."""

from __future__ import annotations

import numpy as np


def decay_rate(half_life_s: np.ndarray) -> np.ndarray:
    """ln 2 / half-life [1/s]; 0 for channels that stay open (infinite half-life)."""
    finite = np.isfinite(half_life_s)
    return np.where(finite, np.log(2.0) / np.where(finite, half_life_s, 1.0), 0.0)


def open_share_at(early_rate: np.ndarray, late_rate: np.ndarray, switch_s: float,
                  offset_s: float, t: float) -> np.ndarray:
    """Open share of each channel at time ``t`` after application (0 before needling)."""
    age = t + offset_s
    if age < 0:
        return np.zeros(np.shape(early_rate))
    exponent = early_rate * min(age, switch_s) + late_rate * max(age - switch_s, 0.0)
    return np.exp(-exponent)


def mean_open_share(early_rate: np.ndarray, late_rate: np.ndarray, switch_s: float,
                    offset_s: float, t0, t1) -> np.ndarray:
    """Mean open share over the steps [t0, t1] (times since application; the channel age
    is t + ``offset_s``), as the exact integral of the early/late exponential decay.
    Rates, ``t0`` and ``t1`` broadcast against each other (one step and many channels, or
    steps down and channels across)."""
    age0 = np.maximum(t0 + offset_s, 0.0)
    age1 = t1 + offset_s

    def exponent(age):
        return early_rate * np.minimum(age, switch_s) + late_rate * np.maximum(age - switch_s, 0.0)

    def piece(a, b, rate):  # integral of exp(-exponent) over [a, b] with constant rate
        span = np.maximum(b - a, 0.0)
        x = rate * span
        factor = np.where(x > 1e-8, -np.expm1(-x) / np.where(x > 1e-8, x, 1.0), 1.0 - x / 2)
        return np.exp(-exponent(a)) * span * factor

    total = (piece(age0, np.minimum(age1, switch_s), early_rate)
             + piece(np.maximum(age0, switch_s), age1, late_rate))
    return np.where(age1 > age0, total / (t1 - t0), 0.0)
