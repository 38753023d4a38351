"""Plain-language labels of the summary keys for the report's table (docs/summary.md has
the full meaning of each key).

Each entry: key (with ``{serum}`` or ``{day}`` for the parts that vary) -> (group, label,
unit, style). The groups follow what a patient asks: the channels and how it feels, the
downtime and the risks, what the serum does, and how the skin changes. Styles:
``number``, ``percent`` (a fraction shown x 100), ``signed`` (a change, with its sign),
``yesno``, ``text`` and ``list``.
"""

from __future__ import annotations

COMFORT = "Channels and comfort"
DOWNTIME = "Downtime and risks"
SERUM = "Serum delivery"
SKIN = "Skin changes by day"
MODEL = "Model details"
OTHER = "Other summary keys"
GROUPS = (COMFORT, DOWNTIME, SERUM, SKIN, MODEL, OTHER)

LABELS: dict[str, tuple[str, str, str, str]] = {
    "channels.device": (COMFORT, "Device (session 1)", "", "text"),
    "channels.needle_length_mm": (COMFORT, "Needle length (session 1)", "mm", "number"),
    "session.duration_min": (COMFORT, "Needling time (session 1)", "min", "number"),
    "channels.punctures_per_cm2": (COMFORT, "Needle landings per cm² (session 1)", "1/cm²", "number"),
    "channels.pierce_fraction": (COMFORT, "Landings that pierce the skin", "%", "percent"),
    "channels.density_per_cm2": (COMFORT, "Channels per cm² (session 1)", "1/cm²", "number"),
    "channels.depth_um_mean": (COMFORT, "Mean channel depth", "µm", "number"),
    "channels.surface_diameter_um_mean": (COMFORT, "Mean channel opening (diameter)", "µm",
                                          "number"),
    "channels.fraction_reaching_dermis": (COMFORT, "Channels reaching the dermis", "%", "percent"),
    "channels.bleeding": (COMFORT, "Pinpoint bleeding expected", "", "yesno"),
    "channels.bleeding_points_per_cm2": (COMFORT, "Bleeding points per cm²", "1/cm²", "number"),
    "numbing.product": (COMFORT, "Numbing cream before needling", "", "text"),
    "numbing.active": (COMFORT, "Numbing cream's anaesthetic", "", "text"),
    "numbing.applied_min": (COMFORT, "Numbing cream left on for", "min", "number"),
    "numbing.onset_min": (COMFORT, "Numb through intact skin after", "min", "number"),
    "numbing.covered_share_of_session": (COMFORT, "Needling time that is numb", "%", "percent"),
    "numbing.nerve_level_at_needling_over_threshold": (COMFORT, "Anaesthetic at the nerves when "
                                                       "needling starts (1 = numb)", "", "number"),
    "delivery.{serum}.numbing_onset_min": (COMFORT, "{serum}: numbing after", "min", "number"),
    "delivery.{serum}.intact_numbing_onset_min": (COMFORT, "{serum}: numbing on intact skin after",
                                                  "min", "number"),
    "downtime_days": (DOWNTIME, "Visible redness per session (mean)", "days", "number"),
    "downtime_days_per_session": (DOWNTIME, "Visible redness, session by session", "days", "list"),
    "barrier.occlusion_hours": (DOWNTIME, "Dressing kept on after session 1", "h", "number"),
    "barrier.closure_half_life_occluded_h": (DOWNTIME, "Channel half-life under the dressing "
                                             "(median)", "h", "number"),
    "barrier.closure_half_life_uncovered_h": (DOWNTIME, "Channel half-life uncovered (median)", "h",
                                              "number"),
    "barrier.closure_half_life_h": (DOWNTIME, "Channel half-life, first phase (median)", "h",
                                    "number"),
    "barrier.recovery_h": (DOWNTIME, "Barrier 90 % resealed after", "h", "number"),
    "risks.pih_probability": (DOWNTIME, "Risk of hyperpigmentation (PIH), series", "%",
                              "percent"),
    "risks.tram_track_probability": (DOWNTIME, "Risk of tram-track marks, series", "%",
                                     "percent"),
    "risks.infection_probability": (DOWNTIME, "Risk of infection, series", "%", "percent"),
    "risks.inflammation_burden_days": (DOWNTIME, "Inflammation burden of the series (redness "
                                       "index summed over days)", "index x day", "number"),
    "risks.home_use": (DOWNTIME, "Home-use device", "", "yesno"),
    "risks.granuloma_warning": (DOWNTIME, "Granuloma warning", "", "yesno"),
    "risks.granuloma_serums": (DOWNTIME, "Serums behind the granuloma warning", "", "list"),
    "delivery.{serum}.active": (SERUM, "{serum}: active ingredient", "", "text"),
    "delivery.{serum}.vehicle": (SERUM, "{serum}: made up as", "", "text"),
    "delivery.{serum}.film_dry_min": (SERUM, "{serum}: film dry after", "min", "number"),
    "delivery.{serum}.surface_ug_per_cm2": (SERUM, "{serum}: left on the surface at 24 h",
                                            "µg/cm²", "number"),
    "delivery.{serum}.wiped_ug_per_cm2": (SERUM, "{serum}: wiped off", "µg/cm²", "number"),
    "delivery.{serum}.dose_ug_per_cm2": (SERUM, "{serum}: dose applied", "µg/cm²", "number"),
    "delivery.{serum}.dermis_ug_per_cm2": (SERUM, "{serum}: into the dermis in 24 h", "µg/cm²",
                                           "number"),
    "delivery.{serum}.dermis_ug_per_cm2_at_1h": (SERUM, "{serum}: into the dermis in the first hour",
                                                 "µg/cm²", "number"),
    "delivery.{serum}.serum_delay_min": (SERUM, "{serum}: put on after needling", "min", "number"),
    "delivery.{serum}.intact_dermis_ug_per_cm2": (SERUM, "{serum}: same, through intact skin",
                                                  "µg/cm²", "number"),
    "delivery.{serum}.enhancement_ratio": (SERUM, "{serum}: needled over intact skin", "x",
                                           "number"),
    "delivery.{serum}.intact_below_detection": (SERUM, "{serum}: intact skin below detection", "",
                                                "yesno"),
    "delivery.{serum}.intact_detection_limit_ug_per_cm2": (SERUM, "{serum}: detection limit, "
                                                           "intact skin", "µg/cm²", "number"),
    "delivery.{serum}.viable_epidermis_ug_per_cm2": (SERUM, "{serum}: into the living epidermis "
                                                     "in 24 h", "µg/cm²", "number"),
    "delivery.{serum}.dermis_fraction_of_dose": (SERUM, "{serum}: share of the dose in the dermis",
                                                 "%", "percent"),
    "at_day.{day}.collagen_I_change_pct": (SKIN, "Collagen I change at day {day}", "%", "signed"),
    "at_day.{day}.collagen_III_change_pct": (SKIN, "Collagen III change at day {day}", "%",
                                             "signed"),
    "at_day.{day}.collagen_VII_change_pct": (SKIN, "Collagen VII (anchoring fibrils) change at "
                                             "day {day}", "%", "signed"),
    "at_day.{day}.elastin_change_pct": (SKIN, "Elastin (mature) change at day {day}", "%",
                                        "signed"),
    "at_day.{day}.tropoelastin_change_pct": (SKIN, "Tropoelastin change at day {day}", "%",
                                             "signed"),
    "at_day.{day}.epidermal_thickness_change_pct": (SKIN, "Epidermal thickness change at day {day}",
                                                    "%", "signed"),
    "at_day.{day}.dermal_density_change_pct": (SKIN, "Dermal density (ultrasound) change at day "
                                               "{day}", "%", "signed"),
    "at_day.{day}.elasticity_change_pct": (SKIN, "Elasticity change at day {day}", "%", "signed"),
    "at_day.{day}.elasticity_r2_change_pct": (SKIN, "Elasticity (Cutometer R2, share of a stretch "
                                              "the skin recovers) change at day {day}", "%",
                                              "signed"),
    "at_day.{day}.firmness_r0_change_pct": (SKIN, "Firmness (1 / Cutometer R0; + = firmer) change "
                                            "at day {day}", "%", "signed"),
    "at_day.{day}.pore_area_change_pct": (SKIN, "Visible pore area change at day {day}", "%",
                                          "signed"),
    "at_day.{day}.skin_age_years_gained": (SKIN, "Skin age: years younger by dermal collagen at "
                                           "day {day}", "years", "signed"),
    "at_day.{day}.scar_score_change_pct": (SKIN, "Scar score change at day {day}", "%",
                                           "signed"),
    "at_day.{day}.wrinkle_grade_change": (SKIN, "Wrinkle grade change at day {day}",
                                          "points of 0-5", "signed"),
    "at_day.{day}.texture_change_pct": (SKIN, "Texture (micro-relief) change at day {day}", "%",
                                        "signed"),
    "at_day.{day}.melanin_index_change_pct": (SKIN, "Pigment (melanin index) change at day {day}",
                                              "%", "signed"),
    "at_day.{day}.masi_change_pct": (SKIN, "Melasma score (MASI) change at day {day}", "%",
                                     "signed"),
    "at_day.{day}.striae_width_change_pct": (SKIN, "Stretch mark width change at day {day}", "%",
                                             "signed"),
    "healing.model": (MODEL, "Healing model", "", "text"),
    "healing.damage_by_compartment_first_session": (MODEL, "Damage after session 1: epidermis, "
                                                    "papillary, reticular dermis", "0-1", "list"),
    "healing.injured_fraction_by_compartment_first_session": (
        MODEL, "Injured share of session 1: epidermis, papillary, reticular dermis", "0-1", "list"),
    "healing.injured_volume_mm3_per_cm2_first_session": (
        MODEL, "Tissue injured by session 1 (overlaps counted once)", "mm³/cm²", "number"),
    "healing.active_effects.active": (SERUM, "Serum active, session by session", "", "list"),
    "healing.active_effects.effect": (SERUM, "What the serum does to healing, session by session",
                                      "", "list"),
    "healing.active_effects.papillary_exposure_ug_per_ml": (
        SERUM, "Serum in the upper dermis over the first day, session by session", "µg/mL", "list"),
    "healing.active_effects.growth_factor_activity": (
        SERUM, "Growth-factor boost the serum gave, session by session", "0 = none", "list"),
    "healing.active_effects.collagen_synthesis_factor": (
        SERUM, "Collagen-synthesis multiplier the serum gave, session by session", "1 = none",
        "list"),
}

# Keys the table leaves out: shown elsewhere on the page, or flags of other rows.
HIDDEN = {"scenario", "research_use", "provenance", "warnings", "aftercare", "null_reasons",
          "at_day.{day}.interval_90"}
