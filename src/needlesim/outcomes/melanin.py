"""Epidermal melanin over a treatment series: a state integrated after the healing cascade.

Melanin ``m`` of the treated skin, relative to the same skin untreated (1 at rest), is made
by the melanocytes at a rate set by their melanogenic drive and shed with the
keratinocytes that carry it::

    dm/dt = k0 * drive(t) - k0 * renewal(K(t)) * m,   renewal = 1 + x / (1 + x / R),
    x = g * max(K - 1, 0)

``k0`` is one over the epidermal turnover time; ``K`` is the cascade's keratinocyte
proliferation relative to rest (needling speeds the renewal of the epidermis, so more
melanin leaves), with slope ``g`` and at most ``R`` above rest; the drive is raised by
inflammation (post-inflammatory hyperpigmentation, stronger in darker phototypes) and
lowered while an inhibitor acts (``outcomes/pigment.py`` builds it). Untreated, drive
and renewal stay at rest and ``m`` stays 1.

The series is integrated on the healing run's own time grid, each step exactly with the
rates held at their mean over the step; a session's damage appears in the states at its
own time, so a step that ends on a session takes the drive at its start (the inflammation
of that session has not begun; the keratinocytes respond over days, so their mean over
the step stands).
"""

from __future__ import annotations

import numba
import numpy as np

from needlesim.parameters import ParameterSet


def phototype_factor(fitzpatrick, params: ParameterSet) -> float:
    """How much more a phototype's melanocytes answer inflammation than phototype IV's:
    the odds ratio per phototype of the PIH risk model (``outcomes/risks.py``)."""
    return float(np.exp(params.get("pih_logit_per_phototype") * (float(fitzpatrick) - 4.0)))


def inflammatory_drive(inflammation, fitzpatrick, params: ParameterSet) -> np.ndarray:
    """Relative melanogenic drive from inflammation (1 at rest), over (time, patients)."""
    gain = params.get("pih_melanogenic_gain") * phototype_factor(fitzpatrick, params)
    return 1.0 + gain * np.maximum(inflammation, 0.0)


def renewal_factor(keratinocytes, params: ParameterSet) -> np.ndarray:
    """Shedding rate of melanin relative to rest, over (time, patients): rises with the
    keratinocytes' proliferation with slope ``gain`` and saturates at ``1 + max`` (the
    epidermis cannot renew arbitrarily fast; it also keeps a light roller series and a
    deep pen series within a factor of a few of each other, as melasma trials of both
    report similar improvements)."""
    gain = params.get("melanin_turnover_keratinocyte_gain") * params.get("pigment_response_scale")
    rise = gain * np.maximum(keratinocytes - 1.0, 0.0)
    return 1.0 + rise / (1.0 + rise / params.get("melanin_renewal_max_speedup"))


@numba.njit(cache=True)
def _relax(target, decay):  # pragma: no cover - compiled
    """m[i + 1] = target[i] + (m[i] - target[i]) * decay[i] from m[0] = 1, over (step, patient)."""
    m = np.ones((target.shape[0] + 1, target.shape[1]))
    for i in range(target.shape[0]):
        for p in range(target.shape[1]):
            m[i + 1, p] = target[i, p] + (m[i, p] - target[i, p]) * decay[i, p]
    return m


def integrate_melanin(times_day, drive, renewal, params: ParameterSet, session_days=()) -> np.ndarray:
    """Relative melanin over (time, patients) from the drive and renewal over the same grid."""
    times = np.asarray(times_day, float)
    drive = np.asarray(drive, float)
    shape = drive.shape
    drive = drive.reshape(times.size, -1)
    renewal = np.broadcast_to(np.asarray(renewal, float).reshape(times.size, -1), drive.shape)
    sessions = np.asarray(session_days, float)
    k0 = 1.0 / params.get("melanin_turnover_time", "day")
    dt = np.diff(times)[:, None]
    ends_on_session = (np.abs(times[1:, None] - sessions[None, :]) < 1e-9).any(axis=1)[:, None]
    production = np.where(ends_on_session, drive[:-1], 0.5 * (drive[:-1] + drive[1:]))
    loss = 0.5 * (renewal[:-1] + renewal[1:])
    target = production / loss
    decay = np.exp(-k0 * loss * dt)
    return _relax(np.ascontiguousarray(target), np.ascontiguousarray(decay)).reshape(shape)
