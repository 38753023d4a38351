"""Devices (roller, pen, stamp) and the punctures a session of passes leaves."""

from needlesim.devices.catalogue import KIND_DEFAULTS, known_devices
from needlesim.devices.field import PunctureField
from needlesim.devices.geometry import Device, Needle, build_device
from needlesim.devices.motion import simulate_passes

__all__ = [
    "KIND_DEFAULTS", "Device", "Needle", "PunctureField", "build_device", "known_devices",
    "simulate_passes",
]
