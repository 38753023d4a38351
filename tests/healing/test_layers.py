"""The healing package holds the tissue state only, and a run reads the calibration's
stored results without loading the calibration."""

import ast
import subprocess
import sys
from pathlib import Path

import needlesim.healing

HEALING = Path(needlesim.healing.__file__).parent


def _imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_healing_imports_no_outcomes_validation_calibration_or_optimiser():
    above = ("needlesim.outcomes", "needlesim.validation", "needlesim.calibration",
             "needlesim.prepare", "needlesim.simulation", "scipy.optimize")
    found = sorted(f"{path.name}: {module}" for path in HEALING.glob("*.py")
                   for module in _imported_modules(path) if module.startswith(above))
    assert not found


def test_only_the_reference_solver_imports_scipy_integrate():
    users = sorted(path.name for path in HEALING.glob("*.py")
                   if any(m.startswith("scipy.integrate") for m in _imported_modules(path)))
    assert users == ["scipy_reference.py"]


def test_the_pipeline_reads_the_ensemble_without_the_calibration():
    code = ("import sys\n"
            "import needlesim.simulation\n"
            "from needlesim.healing.ensemble import load_ensemble\n"
            "assert len(next(iter(load_ensemble().values()))) > 0\n"
            "print(sorted(m for m in sys.modules\n"
            "             if m.startswith(('needlesim.validation', 'needlesim.calibration'))))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
