"""The healing batch (many patients in one integration) against one patient at a time."""

import dataclasses

import numpy as np

from needlesim.healing.rates import RATES
from needlesim.outcomes.endpoints import BatchPatient, evaluate, evaluate_batch
from needlesim.parameters import ParameterSet, default_parameters
from needlesim.validation.protocols import protocol_injuries

REPORT_DAYS = [30.0, 180.0]


def _patients():
    """Patients that differ in age, sex, scar type, injuries, every healing rate (one
    patient each, so that a rate stacked on the patients axis must line up with its
    patient) and a baseline parameter."""
    base = default_parameters()
    skin, _, injuries = protocol_injuries("dogra2014")
    rng = np.random.default_rng(3)
    out = []
    for i, (parameter, _) in enumerate(list(RATES.values())[:6] + [("keratinocyte_drive", ""),
                                                                 ("nsaid_inflammation_factor", "")]):
        overrides = {parameter: base.value(parameter).value * (0.7 + 0.6 * rng.random())}
        if i == 1:
            overrides["collagen_decline_rate"] = 1.3 * base.value("collagen_decline_rate").value
        patient_skin = skin if i % 2 else dataclasses.replace(skin, age_years=25.0 + 5 * i,
                                                              sex="male")
        out.append(BatchPatient(ParameterSet(overrides), patient_skin, injuries[: 1 + i % 3],
                                ("icepick", "boxcar", "rolling", "mixed")[i % 4], 3.0))
    return out


def test_batch_equals_one_patient_at_a_time():
    patients = _patients()
    batch = evaluate_batch(patients, REPORT_DAYS)
    for p, got in zip(patients, batch, strict=True):
        ref = evaluate(p.params, p.skin, p.injuries, REPORT_DAYS, scar_type=p.scar_type,
                       wrinkle_severity=p.wrinkle_severity)
        np.testing.assert_array_equal(got.times_day, ref.times_day)
        np.testing.assert_allclose(got.run.states, ref.run.states, rtol=1e-12, atol=1e-15)
        for table in ("changes", "clinical"):
            for key, values in getattr(ref, table).items():
                np.testing.assert_allclose(getattr(got, table)[key], values, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(got.downtime_days, ref.downtime_days, rtol=1e-10)
        np.testing.assert_allclose(got.burden_days, ref.burden_days, rtol=1e-10)


def test_batch_with_serums_equals_one_patient_at_a_time():
    """Patients sharing their session days, some with a growth-factor or vitamin C serum of
    their own strength and some without, integrated side by side."""
    from needlesim.healing.actives import SerumExposure, with_serums

    skin, _, injuries = protocol_injuries("dogra2014")
    serums = [None, SerumExposure("prp", (0.01, 0.003, 0.001)),
              SerumExposure("ascorbic_acid", (300.0, 250.0, 100.0))]
    patients = []
    for i, serum in enumerate(serums):
        params = ParameterSet({"growth_factor_serum_max_activity": 0.02 * (i + 1)})
        patients.append(BatchPatient(params, skin, with_serums(injuries, [serum] * len(injuries))))
    batch = evaluate_batch(patients, REPORT_DAYS)
    for p, got in zip(patients, batch, strict=True):
        ref = evaluate(p.params, p.skin, p.injuries, REPORT_DAYS)
        np.testing.assert_allclose(got.run.states, ref.run.states, rtol=1e-12, atol=1e-15)
    assert not np.allclose(batch[0].run.states, batch[1].run.states)
