"""Linear algebra of the backward-Euler steps: the finite-volume conductances, the step
solvers behind one interface (``step.StepSolver``: banded Cholesky for unit cells and
slabs, compiled PCG for 3D patches, sparse LU or PCG as the fallback and the check) and
the compiled kernels of the batched unit-cell loop."""
