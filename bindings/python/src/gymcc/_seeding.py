"""Gymnasium's ``np_random`` for envs whose random draws happen elsewhere (in C++ or on a server)."""

from __future__ import annotations

import numpy as np
from gymnasium.utils import seeding


class LazyNpRandom:
    """Mixin giving ``_np_random`` seeded exactly as gymnasium seeds it on ``reset(seed=...)``.

    The generator is only built when someone asks for it, so seeded resets cost nothing extra.
    Put the mixin first among the bases so that its property overrides gymnasium's attribute.
    """

    _np_random_value: np.random.Generator | None = None
    _np_random_pending: int | None = None

    def _defer_np_random(self, seed: int) -> None:
        """Record a seeded reset; the generator is built from ``seed`` on first use."""
        self._np_random_value = None
        self._np_random_pending = seed

    @property
    def _np_random(self) -> np.random.Generator | None:
        """Gymnasium's ``_np_random``, built on first use after a seeded reset."""
        if self._np_random_value is None and self._np_random_pending is not None:
            self._np_random_value, _ = seeding.np_random(self._np_random_pending)
            self._np_random_pending = None
        return self._np_random_value

    @_np_random.setter
    def _np_random(self, value: np.random.Generator | None) -> None:
        self._np_random_value = value
        self._np_random_pending = None
