"""Channel closure over time, barrier resealing and a water-loss proxy."""

from needlesim.channels.closure import ChannelState, close_channels

__all__ = ["ChannelState", "close_channels"]
