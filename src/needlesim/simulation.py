"""Simulation: the pipeline of one scenario.

    scenario -> skin -> devices -> insertion -> channels -> (transport, healing, outcomes)

The channel stages run in :func:`needlesim.prepare.prepare` (shared with cohorts,
sensitivity, the planner and validation), the downstream stages follow the contract of
``stages.py``, and the results are assembled into :class:`Results`.
"""

from __future__ import annotations

from collections.abc import Callable

from needlesim.outcomes.stage import HealingOutcomesStage
from needlesim.parameters import ParameterSet, default_parameters
from needlesim.prepare import prepare
from needlesim.results import Results
from needlesim.results.assemble import assemble_results
from needlesim.scenario import Scenario
from needlesim.transport.stage import TransportStage

# Downstream stages, run in order after the channel stages (see stages.py for the contract).
DOWNSTREAM_STAGES = [
    TransportStage(),  # serum delivery through the channels
    HealingOutcomesStage(),  # healing cascade over the series, then clinical outcomes and risks
]


class Simulation:
    """Runs a scenario. ``Simulation(scenario).run()`` returns :class:`Results`."""

    def __init__(self, scenario: Scenario, params: ParameterSet | None = None, progress=False):
        self.scenario = scenario
        self.params = params or default_parameters()
        self.progress = progress

    def _progress(self, plan):
        if not self.progress:
            return plan
        from tqdm import tqdm  # loaded only for a bar (a twentieth of a second)

        class SessionBar(tqdm):
            """Without tqdm's monitor thread: a few sessions need no watching, and with no
            other thread running the report may fork its figure workers."""

            monitor_interval = 0

        return SessionBar(plan, desc="sessions", unit="session", leave=False)

    def run(self, on_datasets: Callable[[Results], None] | None = None) -> Results:
        """The Results; ``on_datasets(results)``, if given, is called each time stages have
        added datasets (the report draws figures meanwhile). Datasets are only added, never
        replaced."""
        params = self.params.for_run()  # cite what this run used, not what earlier runs did
        prepared = prepare(self.scenario, params, sessions=self._progress)
        results = assemble_results(self.scenario, prepared.skin, prepared.runs, params)
        if on_datasets is not None:
            on_datasets(results)
        for stage in DOWNSTREAM_STAGES:
            output = stage.run(prepared)
            results.datasets.update(output.datasets)
            results.summary_sections.update(output.summary)
            if on_datasets is not None:
                on_datasets(results)
        results.citations = params.citations()  # downstream stages may have cited more
        return results


def run(scenario: Scenario, params: ParameterSet | None = None) -> Results:
    return Simulation(scenario, params).run()
