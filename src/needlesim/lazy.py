"""Lazy package attributes (PEP 562), so the command line starts without heavy imports."""

from __future__ import annotations

from importlib import import_module


def lazy_attributes(package: str, where: dict[str, str]):
    """``__getattr__`` and ``__dir__`` for a package whose names live in submodules."""

    def __getattr__(name: str):
        if name in where:
            value = getattr(import_module(where[name]), name)
            vars(import_module(package))[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        return sorted(set(vars(import_module(package))) | set(where))

    return __getattr__, __dir__
