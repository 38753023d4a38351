"""Devices (roller, pen, stamp) and the punctures a session of passes leaves."""

from needlesim.devices.field import PunctureField
from needlesim.devices.geometry import Device, Needle, build_device
from needlesim.devices.motion import simulate_passes

__all__ = ["Device", "Needle", "PunctureField", "build_device", "simulate_passes"]
