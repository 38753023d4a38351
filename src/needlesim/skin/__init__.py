"""Layered skin of a patient at a site: thicknesses, capillary bed, matrix densities."""

from needlesim.skin.build import build_skin
from needlesim.skin.layers import LAYERS, Skin

__all__ = ["LAYERS", "Skin", "build_skin"]
