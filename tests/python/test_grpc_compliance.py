"""dm_env_rpc's own compliance suite against `gymcc serve --grpc-port`.

The classes of `dm_env_rpc.v1.compliance` (Step, Reset, ResetWorld,
CreateDestroyWorld, JoinLeaveWorld) run unchanged for CartPole-v1 (a Discrete
action), Pendulum-v1 (a float32 Box action) and Blackjack-v1 (a Tuple
observation), each on a world made for the test and destroyed after it.
"""

from __future__ import annotations

import numpy as np
import pytest
from dm_env_rpc.v1 import dm_env_rpc_pb2 as pb
from dm_env_rpc.v1 import tensor_spec_utils, tensor_utils
from dm_env_rpc.v1.compliance import create_destroy_world, join_leave_world, reset, reset_world, step

from grpc_util import GrpcServer, create_world, join_world

ENV_IDS = ["CartPole-v1", "Pendulum-v1", "Blackjack-v1"]


@pytest.fixture(scope="module")
def grpc_server(gymcc_bin):
    server = GrpcServer(gymcc_bin)
    yield server
    assert server.stop() == 0


@pytest.fixture(autouse=True)
def _server_for_the_class(request, grpc_server):
    request.cls.server = grpc_server


class _World:
    """A connection and a world of `env_id` for each test; `joined` joins it first."""

    env_id = ""
    joined = False
    __test__ = False  # only the per-env classes below are collected

    def setUp(self):
        super().setUp()
        self._connection = self.server.connect()
        self._world = create_world(self._connection, self.env_id)
        self._specs = join_world(self._connection, self._world) if self.joined else None

    def tearDown(self):
        try:
            super().tearDown()
        finally:
            self._connection.send(pb.LeaveWorldRequest())
            self._connection.send(pb.DestroyWorldRequest(world_name=self._world))
            self._connection.close()

    @property
    def connection(self):
        return self._connection

    @property
    def world_name(self):
        return self._world


class _Step(_World, step.Step):
    joined = True

    @property
    def specs(self):
        return self._specs

    @property
    def required_actions(self):
        """Every action, at its spec's minimum: gymcc steps only with a whole action (docs/grpc.md)."""
        out = {}
        for uid, spec in self._specs.actions.items():
            value = tensor_spec_utils.bounds(spec).min
            out[uid] = tensor_utils.pack_tensor(np.full(spec.shape, value), dtype=spec.dtype)
        return out


class _Reset(_World, reset.Reset):
    def join_world(self):
        return join_world(self._connection, self._world)


class _ResetWorld(_World, reset_world.ResetWorld):
    pass


class _JoinLeaveWorld(_World, join_leave_world.JoinLeaveWorld):
    @property
    def invalid_join_settings(self):
        return {"no_such_setting": tensor_utils.pack_tensor(1)}


class _CreateDestroyWorld(create_destroy_world.CreateDestroyWorld):
    env_id = ""
    __test__ = False

    def setUp(self):
        super().setUp()
        self._connection = self.server.connect()

    def tearDown(self):
        try:
            super().tearDown()
        finally:
            self._connection.close()

    @property
    def connection(self):
        return self._connection

    @property
    def required_world_settings(self):
        return {"env_id": tensor_utils.pack_tensor(self.env_id)}

    @property
    def invalid_world_settings(self):
        return {
            "seed": tensor_utils.pack_tensor(-1),
            "max_episode_steps": tensor_utils.pack_tensor("ten"),
            "render_mode": tensor_utils.pack_tensor("hologram"),
            "kwargs.no_such_kwarg": tensor_utils.pack_tensor(1.0),
            "no_such_setting": tensor_utils.pack_tensor(1),
        }

    @property
    def has_multiple_world_support(self):
        return True


# One pytest-collected class per (compliance class, env id).
for _env_id in ENV_IDS:
    _slug = _env_id.replace("-", "_")
    for _base in (_Step, _Reset, _ResetWorld, _JoinLeaveWorld, _CreateDestroyWorld):
        _name = f"Test{_base.__name__.lstrip('_')}_{_slug}"
        globals()[_name] = type(_name, (_base,), {"env_id": _env_id, "__test__": True})
