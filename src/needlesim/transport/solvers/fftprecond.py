"""Preconditioner for the 3D periodic patch: the same operator with laterally averaged
coefficients is diagonalised by a 2D FFT over the periodic x-y grid, leaving one tridiagonal
system in depth per lateral wavenumber. Added to exact column (depth-line) solves it catches
both the long-range lateral coupling of large time steps and the channels' contrast."""

from __future__ import annotations

import numpy as np


class LateralFFT:
    def __init__(self, diag_extra: np.ndarray, vertical: np.ndarray, lateral_x: np.ndarray,
                 lateral_y: np.ndarray, boundary: np.ndarray, nx: int, ny: int):
        """Per-depth averages: ``diag_extra`` (nz) capacity/dt + losses, ``vertical`` (nz-1)
        conductances, ``lateral_x``/``lateral_y`` (nz), ``boundary`` (nz) top/bottom terms."""
        self.nx, self.ny, self.nz = nx, ny, diag_extra.size
        kx = 2 * (1 - np.cos(2 * np.pi * np.arange(nx) / nx))
        ky = 2 * (1 - np.cos(2 * np.pi * np.arange(ny // 2 + 1) / ny))
        lam = kx[:, None, None] * lateral_x[None, None, :] + ky[None, :, None] * lateral_y[None, None, :]
        main = diag_extra + boundary
        main = main + np.concatenate([[0.0], vertical]) + np.concatenate([vertical, [0.0]])
        main = main[None, None, :] + lam  # (nx, ny/2+1, nz)
        off = vertical  # (nz - 1), same for all wavenumbers
        self.den = np.empty_like(main)
        self.cp = np.zeros_like(main)
        self.off = off
        self.den[..., 0] = main[..., 0]
        for k in range(1, self.nz):
            self.cp[..., k - 1] = -off[k - 1] / self.den[..., k - 1]
            self.den[..., k] = main[..., k] + off[k - 1] * self.cp[..., k - 1]

    def solve(self, r: np.ndarray) -> np.ndarray:
        nx, ny, nz = self.nx, self.ny, self.nz
        f = np.fft.rfft2(r.reshape(nx, ny, nz), axes=(0, 1))
        y = np.empty_like(f)
        y[..., 0] = f[..., 0] / self.den[..., 0]
        for k in range(1, nz):
            y[..., k] = (f[..., k] + self.off[k - 1] * y[..., k - 1]) / self.den[..., k]
        for k in range(nz - 2, -1, -1):
            y[..., k] -= self.cp[..., k] * y[..., k + 1]
        return np.fft.irfft2(y, s=(nx, ny), axes=(0, 1)).ravel()
