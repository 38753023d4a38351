"""The web service: a REST API and a dashboard over the simulator.

It reads Results only (summary, figures, NetCDF, report files written by the workers) and
computes no physics. ``needlesim serve`` starts it; :func:`create_app` builds the app.
"""

from needlesim.web.app import create_app
from needlesim.web.config import Settings

__all__ = ["Settings", "create_app"]
