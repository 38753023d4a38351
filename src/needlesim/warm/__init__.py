"""A warm process for the command line: ``needlesim warm start`` keeps one process with the
libraries loaded, the compiled kernels in memory and the figure machinery ready; while it
runs, ``needlesim run`` and ``needlesim report`` hand it their command line and it forks
a child that runs the command as a fresh process would, writing straight to the caller's
terminal and files. Nothing changes while no warm process runs.

The warm process serves only its own user, only the same interpreter and needlesim files
(a command after an upgrade or an edit runs cold, and the stale process stops), and only
callers whose environment agrees on the variables read while libraries load.
"""
