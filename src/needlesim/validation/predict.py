"""What the model predicts for the rows of the published-data table, over an ensemble.

A trial reports its patients' mean (or a share of them), so each ensemble member is run
for a population, not a single patient: patients differ by their response ``z``
(``outcomes.variability``; z standard normal, integrated with Gauss-Hermite nodes). The
mean of a score is the weighted mean over the nodes; the share
of responders is the normal probability beyond the node at which the improvement crosses
the response threshold; event probabilities are averaged over the nodes and over the
phototypes the study enrolled.

Each protocol of the table is simulated once for all members and nodes (one vectorised
batch, ``needlesim.outcomes.endpoints.evaluate_batch``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.polynomial.hermite_e import hermegauss
from scipy.special import expit, logit
from scipy.stats import norm

from needlesim.outcomes.endpoints import BatchPatient, SeriesResult, evaluate_batch
from needlesim.outcomes.pigment import INHIBITORS
from needlesim.outcomes.risks import (
    infection_probability,
    pih_probability,
    series_interval_days,
    tram_track_probability,
)
from needlesim.outcomes.serums import session_injuries
from needlesim.outcomes.variability import patient_values
from needlesim.parameters import ParameterSet, default_parameters
from needlesim.parameters.actives import canonical_active
from needlesim.prepare import prepare
from needlesim.scenario import build_scenario
from needlesim.transport.exposure import exposures_of
from needlesim.validation.literature import SERUM_ADJUNCTS, Row
from needlesim.validation.split import family_of

NODES, _WEIGHTS = hermegauss(9)
WEIGHTS = _WEIGHTS / _WEIGHTS.sum()

TISSUE = {"collagen_I_change_pct": "collagen_I", "collagen_III_change_pct": "collagen_III",
          "collagen_VII_change_pct": "collagen_VII", "collagen_total_change_pct": "collagen_total",
          "elastin_change_pct": "elastin", "tropoelastin_change_pct": "tropoelastin",
          "epidermal_thickness_change_pct": "epidermal_thickness"}
CLINICAL = {"scar_score_change_pct", "texture_change_pct", "dermal_density_change_pct",
            "elasticity_change_pct", "elasticity_r2_change_pct", "firmness_r0_change_pct",
            "pore_area_change_pct", "striae_width_change_pct"}
EVENTS = {"pih_count", "tram_track_count", "infection_count"}
RESPONDERS = {"responder_share_ge50", "responder_share_ge1grade"}
# Scores on a 0-5 wrinkle grade read as percent of the assumed starting grade.
WRINKLE = {"wrinkle_score_change_pct"}
# Pigment readouts (outcomes/pigment.py); MASI and the lesion's contrast are melasma's.
PIGMENT = {"masi_change_pct", "melanin_index_change_pct", "melanin_contrast_change_pct"}
MELASMA_ONLY = {"masi_change_pct", "melanin_contrast_change_pct"}
MODELLED = set(TISSUE) | CLINICAL | EVENTS | RESPONDERS | WRINKLE | {"downtime_days"} | PIGMENT
GRADES_ASSUMED = 3.0  # starting qualitative grade when a responder row gives none
SCAR_TYPE = "mixed"  # the table's scar populations are mixed (Row.scenario_data)
STRIAE_COLOUR = "mixed"  # and its striae populations of both colours


SCAR_ONLY = {"scar_score_change_pct"} | RESPONDERS
STRIAE_ONLY = {"striae_width_change_pct"}
# Energy a device adds to its needles that the model does not simulate: rows of microneedle
# radiofrequency are compared with their needle channels alone, a check of whether needling
# by itself reaches the reported change (the heat's coagulation can only add to it).
NEEDLES_ONLY = {"radiofrequency"}


def pigment_serum(row: Row) -> str | None:
    """The row's adjunct as an active with an effect on melanogenesis, else None."""
    try:
        active = canonical_active(row.adjunct) if row.adjunct else None
    except KeyError:
        return None
    return active if active in INHIBITORS else None


def is_modelled(row: Row) -> bool:
    """Rows the model has an output for: microneedling alone or with a serum that has an
    effect model (``SERUM_ADJUNCTS``: PRP, vitamin C, acting on healing; pigment rows also
    with an inhibitor of melanogenesis), microneedle radiofrequency by its needles alone
    (``NEEDLES_ONLY``), scar scores of acne scars only, MASI of melasma only, striae widths
    of striae only, counts with their denominators."""
    if row.observable not in MODELLED:
        return False
    if row.adjunct and row.adjunct not in {*SERUM_ADJUNCTS, *NEEDLES_ONLY} and not (
            row.observable in PIGMENT and pigment_serum(row)):
        return False
    if row.observable in STRIAE_ONLY and row.condition != "striae":
        return False
    if row.observable in MELASMA_ONLY and row.condition != "melasma":
        return False
    if row.observable in SCAR_ONLY and row.condition != "acne_scars":
        return False
    if row.observable in STRIAE_ONLY and row.condition != "striae":
        return False
    if row.observable in EVENTS | RESPONDERS and not row.is_count:
        return False
    return True


@lru_cache(maxsize=64)
def protocol_inputs(key: tuple):
    """(skin, sessions, injuries) of a table protocol (channel stages do not depend on the
    healing parameters, so they are computed once)."""
    params = default_parameters()
    patient = dict(key[:_patient_length(key)])
    protocol = dict(key[_patient_length(key):])
    prepared = prepare(build_scenario({"patient": patient, "protocol": protocol}, params), params)
    return prepared.skin, [run.session for run in prepared.runs], session_injuries(prepared)


@lru_cache(maxsize=64)
def protocol_exposures(key: tuple, serum: str | None) -> tuple:
    """Each session's exposure to ``serum`` (canonical active) for a table protocol, or no
    exposures without one."""
    if serum is None:
        return ()
    params = default_parameters()
    patient = dict(key[:_patient_length(key)])
    protocol = {**dict(key[_patient_length(key):]), "serum": serum}
    prepared = prepare(build_scenario({"patient": patient, "protocol": protocol}, params), params)
    return tuple(exposures_of(prepared))


def _patient_length(key: tuple) -> int:
    names = [k for k, _ in key]
    return names.index("device")  # protocol keys sort after the patient's: 'device' first


# Clinical map output read for each clinical observable (responders read the scar score).
CLINICAL_KEYS = {"scar_score_change_pct": "scar_score_change_pct",
                 "texture_change_pct": "texture_change_pct",
                 "dermal_density_change_pct": "dermal_density_change_pct",
                 "elasticity_change_pct": "elasticity_r2_change_pct",
                 "elasticity_r2_change_pct": "elasticity_r2_change_pct",
                 "firmness_r0_change_pct": "firmness_r0_change_pct",
                 "pore_area_change_pct": "pore_area_change_pct",
                 "striae_width_change_pct": "striae_width_change_pct",
                 "responder_share_ge50": "scar_score_change_pct",
                 "responder_share_ge1grade": "scar_score_change_pct"}
# Between-study standard deviation (parameter name, unit read in) by outcome family.
BETWEEN_STUDY_SD = {"scar": ("between_study_sd_scar_pct", None),
                    "histology": ("between_study_sd_histology_pct", None),
                    "skin_quality": ("between_study_sd_skin_quality_pct", None),
                    "downtime": ("between_study_sd_downtime_days", "day"),
                    "responders": ("between_study_sd_responder_logit", None)}
# Nodes and weights over a study's effect on the logit of a responder share.
STUDY_NODES, _STUDY_WEIGHTS = hermegauss(21)
STUDY_WEIGHTS = _STUDY_WEIGHTS / _STUDY_WEIGHTS.sum()


def shifted_share(share, shift):
    """``share`` moved by ``shift`` on the logit scale (a study's rating effect)."""
    return expit(logit(np.clip(share, 1e-9, 1 - 1e-9)) + shift)


def between_study_family(row: Row) -> str:
    """Outcome family whose between-study deviation a mean row carries (ultrasound density
    goes with histology: both read the dermis's collagen; responder shares have their own,
    on the logit scale; pigment, stretch-mark and skin-mechanics rows, split as families of
    their own, borrow the skin-quality deviation: the joint fit has no rows of theirs to fit
    one)."""
    if row.observable in RESPONDERS:
        return "responders"
    if row.observable == "dermal_density_change_pct":
        return "histology"
    family = family_of(row.observable)
    return "skin_quality" if family in ("pigment", "striae", "mechanics") else family


def per_patient_values(row: Row, series: SeriesResult, params: ParameterSet, skin, sessions):
    """The row's observable for one simulated patient."""
    day = row.report_day
    obs = row.observable
    if obs in TISSUE:
        return 100 * float(series.at(day, TISSUE[obs])[0])
    if obs in CLINICAL_KEYS:
        return float(series.at(day, CLINICAL_KEYS[obs])[0])
    if obs in PIGMENT:
        return float(series.at(day, obs)[0])
    if obs in WRINKLE:
        return 100 * float(series.at(day, "wrinkle_grade_change")[0]) / GRADES_ASSUMED
    if obs == "downtime_days":
        return float(series.downtime_days.mean())
    if obs == "pih_count":
        return float(np.mean([pih_probability(f, series.burden_days[0], params,
                                                             series_interval_days(sessions))
                              for f in row.phototypes]))
    if obs == "tram_track_count":
        return tram_track_probability(sessions, skin.bone_backing, params)
    if obs == "infection_count":
        return infection_probability(sessions, params)
    raise KeyError(f"no model output for observable {obs!r}")


def responder_threshold(row: Row) -> float:
    """Improvement [%] a patient needs to count as a responder in ``row``."""
    if row.observable == "responder_share_ge50":
        return 50.0
    return 100.0 / (row.baseline or GRADES_ASSUMED)


def share_beyond(z_values: np.ndarray, improvement: np.ndarray, threshold: float) -> float:
    """Share of a normal population whose improvement (increasing in z) reaches
    ``threshold``: the normal tail beyond the crossing, interpolated between nodes."""
    if improvement[-1] < threshold:
        return float(norm.sf(z_values[-1]) * (improvement[-1] >= threshold))
    if improvement[0] >= threshold:
        return 1.0
    i = int(np.argmax(improvement >= threshold))
    z0, z1, v0, v1 = z_values[i - 1], z_values[i], improvement[i - 1], improvement[i]
    crossing = z0 + (threshold - v0) * (z1 - z0) / (v1 - v0)
    return float(norm.sf(crossing))


RATING = "categorical_improvement_ratio"


def population_value(row: Row, per_node: np.ndarray, params: ParameterSet) -> float:
    """Trial-level prediction from the values at the Gauss-Hermite nodes: the mean, or for
    responder shares the share whose categorical rating (``RATING`` times the score
    improvement) reaches the row's threshold."""
    if row.observable in RESPONDERS:
        return share_beyond(NODES, -params.get(RATING) * per_node, responder_threshold(row))
    return float(np.dot(WEIGHTS, per_node))


def member_parameters(members: list[dict]) -> list[ParameterSet]:
    return [ParameterSet(m) for m in members]


def predict(rows: list[Row], members: list[dict]) -> dict[str, np.ndarray]:
    """row_id -> the trial-level prediction of each member (array over members)."""
    rows = [r for r in rows if is_modelled(r)]
    base = [ParameterSet(m) for m in members]
    out: dict[str, np.ndarray] = {}
    groups: dict[tuple, list[Row]] = {}
    for row in rows:
        groups.setdefault((row.protocol_key(), pigment_serum(row)), []).append(row)
    for (key, serum), group in groups.items():
        skin, sessions, injuries = protocol_inputs(key)
        exposures = protocol_exposures(key, serum)
        colour = STRIAE_COLOUR if group[0].condition == "striae" else None
        patients, node_params = [], []
        for member, params in zip(members, base, strict=True):
            for z in NODES:
                # overrides are in the file's unit, as value() gives them
                scaled = patient_values(lambda name, p=params: p.value(name).value, z)
                p = ParameterSet({**member, **{k: float(v) for k, v in scaled.items()}})
                node_params.append(p)
                patients.append(BatchPatient(p, skin, injuries, SCAR_TYPE, exposures=exposures,
                                             striae_colour=colour))
        days = sorted({row.report_day for row in group})
        results = evaluate_batch(patients, days)
        shape = (len(members), len(NODES))
        for row in group:
            values = np.array([per_patient_values(row, s, p, skin, sessions)
                               for s, p in zip(results, node_params, strict=True)]).reshape(shape)
            out[row.row_id] = np.array([population_value(row, v, p)
                                        for v, p in zip(values, base, strict=True)])
    return out
