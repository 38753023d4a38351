"""Insertion mechanics: which needles pierce and the channels they leave."""

from needlesim.insertion.channel_set import Channels, make_channels

__all__ = ["Channels", "make_channels"]
