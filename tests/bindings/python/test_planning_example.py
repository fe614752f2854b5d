"""Smoke run of examples/planning/mountain_car_rollouts.py (issue 14): it solves MountainCar-v0
by cloning the remote env, within a few seconds."""

from __future__ import annotations

import pathlib
import subprocess
import sys

from server_util import Server

EXAMPLE = pathlib.Path(__file__).resolve().parents[3] / "examples" / "planning" / "mountain_car_rollouts.py"


def test_rollout_planner_solves_mountain_car(server: Server) -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), "--url", server.base, "--episodes", "2"],
        capture_output=True,
        text=True,
        timeout=50,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "success rate 2/2" in done.stdout
