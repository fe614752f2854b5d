#!/usr/bin/env python3
"""Writes the OpenAPI 3.1 documents the server embeds and serves at /openapi.json:
openapi-gymnasium.json (the default dialect) and openapi-legacy.json (--api legacy).

Run it after changing the API; tests/python/test_openapi.py fails while the
committed files differ from what this script writes.
"""

from __future__ import annotations

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VERSION = "0.1.0"


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict, description: str = "") -> dict:
    out = {"content": {"application/json": {"schema": schema}}}
    if description:
        out["description"] = description
    return out


def error(description: str, schema: str = "Error") -> dict:
    return json_body(ref(schema), description)


INSTANCE_ID = {
    "name": "instance_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "An id returned by POST /v1/envs/.",
}

NUMBER_OR_NONFINITE = {
    "oneOf": [{"type": "number"}, {"type": "string", "enum": ["Infinity", "-Infinity", "NaN"]}]
}

COMMON_SCHEMAS = {
    "Observation": {
        "description": "Box: nested lists of numbers (±inf and NaN as the strings 'Infinity', "
        "'-Infinity', 'NaN'); Discrete: an integer; Tuple: a list; Dict: an object.",
    },
    "Info": {"type": "object", "description": "The env's info dict (ints stay ints)."},
}

OPS_COMMON = {
    "/healthz": {
        "get": {
            "summary": "Liveness",
            "operationId": "healthz",
            "responses": {"200": json_body({"type": "object", "properties": {"status": {"const": "ok"}}}, "Alive")},
        }
    },
    "/readyz": {
        "get": {
            "summary": "Readiness: 503 while draining or at --max-envs",
            "operationId": "readyz",
            "responses": {
                "200": json_body({"type": "object", "properties": {"status": {"type": "string"}}}, "Ready"),
                "503": json_body({"type": "object", "properties": {"status": {"type": "string"}}}, "Draining or full"),
            },
        }
    },
    "/metrics": {
        "get": {
            "summary": "Prometheus metrics: instances, requests by route and status, step latency",
            "operationId": "metrics",
            "responses": {"200": {"description": "Prometheus text", "content": {"text/plain": {"schema": {"type": "string"}}}}},
        }
    },
    "/v1/specs/": {
        "get": {
            "summary": "Every registered environment: spec, kwargs with defaults, spaces",
            "operationId": "specs",
            "responses": {"200": json_body({"type": "array", "items": {"type": "object"}}, "The registry")},
        }
    },
}


MAX_EPISODE_STEPS = {
    "oneOf": [{"type": "integer", "minimum": 1}, {"const": -1}, {"type": "null"}],
    "description": "gymnasium.make's max_episode_steps: replaces the registered TimeLimit; -1 removes it",
}

VECTOR_ID = {**INSTANCE_ID, "description": "An id returned by POST /v1/vector_envs/."}

VECTOR_SCHEMAS = {
    "VectorCreateRequest": {
        "type": "object",
        "description": "Either env_id (and options), or state: a snapshot from GET /v1/vector_envs/{id}/state/ "
        "(docs/snapshots.md), possibly taken on another server",
        "properties": {
            "state": {"type": "object"},
            "env_id": {"type": "string", "examples": ["CartPole-v1"]},
            "num_envs": {
                "type": ["integer", "null"],
                "minimum": 1,
                "maximum": 65536,
                "default": 1,
                "description": "Sub-envs; they count towards --max-envs",
            },
            "autoreset_mode": {
                "type": ["string", "null"],
                "enum": ["NextStep", "SameStep", "Disabled", None],
                "default": "NextStep",
            },
            "kwargs": {"type": ["object", "null"], "description": "Every sub-env's constructor kwargs"},
            "max_episode_steps": MAX_EPISODE_STEPS,
        },
    },
    "VectorResetRequest": {
        "type": "object",
        "properties": {
            "seed": {
                "description": "Sub-env i gets seed + i; or one seed (or null) per sub-env",
                "oneOf": [
                    {"type": "integer", "minimum": 0},
                    {"type": "array", "items": {"type": ["integer", "null"], "minimum": 0}},
                    {"type": "null"},
                ],
            },
            "options": {
                "type": ["object", "null"],
                "description": "Passed to the sub-envs; reset_mask (num_envs bools) resets only those marked",
            },
        },
    },
    "VectorResetResponse": {
        "type": "object",
        "required": ["observations", "infos"],
        "properties": {"observations": {"description": "The batched observations"}, "infos": ref("Info")},
    },
    "VectorStepRequest": {
        "type": "object",
        "required": ["actions"],
        "properties": {"actions": {"description": "num_envs actions: an element of the batched action space"}},
    },
    "VectorStepResponse": {
        "type": "object",
        "required": ["observations", "rewards", "terminated", "truncated", "infos"],
        "properties": {
            "observations": {"description": "The batched observations"},
            "rewards": {"type": "array", "items": NUMBER_OR_NONFINITE},
            "terminated": {"type": "array", "items": {"type": "boolean"}},
            "truncated": {"type": "array", "items": {"type": "boolean"}},
            "infos": {"type": "object", "description": "gymnasium's dict of arrays with _key masks"},
        },
    },
    "VectorInstanceInfo": {
        "type": "object",
        "properties": {
            "instance_id": {"type": "string"},
            "env_id": {"type": "string"},
            "num_envs": {"type": "integer"},
            "autoreset_mode": {"type": "string"},
            "kwargs": {"type": "object"},
            "steps": {"type": "integer"},
            "env_steps": {"type": "integer"},
            "resets": {"type": "integer"},
            "created": {"type": "string", "format": "date-time"},
            "idle_seconds": {"type": "number"},
        },
    },
}


def vector_paths(e400: dict, e404: dict, e422: dict) -> dict:
    msgpack_note = " Content-Type/Accept application/msgpack for MessagePack (docs/fast-paths.md)."
    deleted = json_body(
        {"type": "object", "properties": {"message": {"const": "Environment closed and deleted."}}}, "Deleted"
    )
    space_ops = {
        f"/v1/vector_envs/{{instance_id}}/{name}/": {
            "parameters": [VECTOR_ID],
            "get": {
                "summary": summary,
                "operationId": operation,
                "responses": {"200": json_body(ref("Space"), "The space"), "404": e404},
            },
        }
        for name, summary, operation in [
            ("action_space", "The batched action space (batch_space)", "vectorActionSpace"),
            ("observation_space", "The batched observation space (batch_space)", "vectorObservationSpace"),
            ("single_action_space", "One sub-env's action space", "vectorSingleActionSpace"),
            ("single_observation_space", "One sub-env's observation space", "vectorSingleObservationSpace"),
        ]
    }
    return {
        "/v1/vector_envs/": {
            "post": {
                "summary": "Create a vector env: gymnasium.make_vec(env_id, num_envs, vectorization_mode='sync')",
                "operationId": "vectorCreate",
                "requestBody": {"required": True, **json_body(ref("VectorCreateRequest"))},
                "responses": {
                    "200": json_body(ref("CreateResponse"), "Created"),
                    "400": e400,
                    "413": error("Body too large"),
                    "422": e422,
                    "503": error("Its sub-envs would exceed --max-envs"),
                },
            },
            "get": {
                "summary": "List the live vector envs",
                "operationId": "vectorList",
                "responses": {
                    "200": json_body(
                        {
                            "type": "object",
                            "additionalProperties": {
                                "type": "object",
                                "properties": {
                                    "env_id": {"type": "string"},
                                    "num_envs": {"type": "integer"},
                                    "autoreset_mode": {"type": "string"},
                                },
                            },
                        },
                        "instance_id → env id, num_envs, autoreset_mode",
                    )
                },
            },
        },
        "/v1/vector_envs/{instance_id}/": {
            "parameters": [VECTOR_ID],
            "get": {
                "summary": "Describe a vector env",
                "operationId": "vectorDescribe",
                "responses": {"200": json_body(ref("VectorInstanceInfo"), "The vector env"), "404": e404},
            },
            "delete": {
                "summary": "Close and delete a vector env",
                "operationId": "vectorDelete",
                "responses": {"200": deleted, "404": e404},
            },
        },
        "/v1/vector_envs/{instance_id}/reset/": {
            "parameters": [VECTOR_ID],
            "post": {
                "summary": "Reset the sub-envs (body optional)." + msgpack_note,
                "operationId": "vectorReset",
                "requestBody": {
                    "required": False,
                    **json_body({"oneOf": [ref("VectorResetRequest"), {"type": "null"}]}),
                },
                "responses": {
                    "200": json_body(ref("VectorResetResponse"), "The batched first observations"),
                    "400": e400,
                    "404": e404,
                    "413": error("Body too large"),
                    "422": e422,
                },
            },
        },
        "/v1/vector_envs/{instance_id}/step/": {
            "parameters": [VECTOR_ID],
            "post": {
                "summary": "Step every sub-env, autoresetting as the vector env's mode says." + msgpack_note,
                "operationId": "vectorStep",
                "requestBody": {"required": True, **json_body(ref("VectorStepRequest"))},
                "responses": {
                    "200": json_body(ref("VectorStepResponse"), "The batched transition"),
                    "400": e400,
                    "404": e404,
                    "413": error("Body too large"),
                    "422": e422,
                },
            },
        },
        **space_ops,
        **vector_snapshot_paths(e400, e404, e422),
    }


def vector_snapshot_paths(e400: dict, e404: dict, e422: dict) -> dict:
    state_body = {"type": "object", "required": ["state"], "properties": {"state": {"type": "object"}}}
    restored = json_body(ref("VectorResetResponse"), "The restored observations and infos")
    sub_env = {
        "name": "index",
        "in": "path",
        "required": True,
        "description": "A sub-env's index, 0 to num_envs - 1.",
        "schema": {"type": "integer", "minimum": 0},
    }
    e404_sub = error("Vector env or sub-env not found")
    return {
        "/v1/vector_envs/{instance_id}/state/": {
            "parameters": [VECTOR_ID],
            "get": {
                "summary": "The vector env's complete state (docs/snapshots.md, \"Vector envs\")",
                "operationId": "vectorGetState",
                "responses": {"200": json_body(state_body, "The snapshot"), "400": e400, "404": e404},
            },
            "put": {
                "summary": "Restore a snapshot: the body is exactly what GET state/ returned",
                "operationId": "vectorSetState",
                "requestBody": {"required": True, **json_body(state_body)},
                "responses": {
                    "200": restored,
                    "400": e400,
                    "404": e404,
                    "413": error("Body too large"),
                    "422": e422,
                },
            },
        },
        "/v1/vector_envs/{instance_id}/clone/": {
            "parameters": [VECTOR_ID],
            "post": {
                "summary": "A new vector env in the same state",
                "operationId": "vectorClone",
                "responses": {
                    "200": json_body(ref("CreateResponse"), "The clone's id"),
                    "400": e400,
                    "404": e404,
                    "429": error("The API key's quota is full"),
                    "503": error("Its sub-envs would exceed --max-envs"),
                },
            },
        },
        "/v1/vector_envs/{instance_id}/envs/{index}/state/": {
            "parameters": [VECTOR_ID, sub_env],
            "get": {
                "summary": "One sub-env's state, as a single env's (POST /v1/envs/ makes a standalone env of it)",
                "operationId": "vectorGetSubEnvState",
                "responses": {"200": json_body(state_body, "The sub-env's snapshot"), "404": e404_sub},
            },
            "put": {
                "summary": "Restore a single env's snapshot into one sub-env (its flags cleared)",
                "operationId": "vectorSetSubEnvState",
                "requestBody": {"required": True, **json_body(state_body)},
                "responses": {
                    "200": restored,
                    "400": e400,
                    "404": e404_sub,
                    "413": error("Body too large"),
                    "422": e422,
                },
            },
        },
    }


def gymnasium_document() -> dict:
    e400 = error("Bad request: unknown/malformed/deprecated env id, invalid kwarg, seed, options or action, step before reset")
    e404 = error("Instance not found")
    e422 = error("A required field is missing or has the wrong JSON type")
    paths = {
        "/v1/envs/": {
            "post": {
                "summary": "Create an instance of an environment",
                "operationId": "create",
                "requestBody": {"required": True, **json_body(ref("CreateRequest"))},
                "responses": {
                    "200": json_body(ref("CreateResponse"), "Created"),
                    "400": e400,
                    "413": error("Body too large"),
                    "422": e422,
                    "503": error("At --max-envs"),
                },
            },
            "get": {
                "summary": "List the live instances",
                "operationId": "list",
                "responses": {
                    "200": json_body(
                        {"type": "object", "additionalProperties": {"type": "string"}}, "instance_id → env id"
                    )
                },
            },
        },
        "/v1/envs/{instance_id}/": {
            "parameters": [INSTANCE_ID],
            "get": {
                "summary": "Describe an instance",
                "operationId": "describe",
                "responses": {"200": json_body(ref("InstanceInfo"), "The instance"), "404": e404},
            },
            "delete": {
                "summary": "Close and delete an instance",
                "operationId": "delete",
                "responses": {
                    "200": json_body(
                        {"type": "object", "properties": {"message": {"const": "Environment closed and deleted."}}},
                        "Deleted",
                    ),
                    "404": e404,
                },
            },
        },
        "/v1/envs/{instance_id}/reset/": {
            "parameters": [INSTANCE_ID],
            "post": {
                "summary": "Reset the environment (body optional: empty, {} or null mean defaults)",
                "operationId": "reset",
                "requestBody": {"required": False, **json_body({"oneOf": [ref("ResetRequest"), {"type": "null"}]})},
                "responses": {
                    "200": json_body(ref("ResetResponse"), "The first observation"),
                    "400": e400,
                    "404": e404,
                    "413": error("Body too large"),
                    "422": e422,
                },
            },
        },
        "/v1/envs/{instance_id}/step/": {
            "parameters": [INSTANCE_ID],
            "post": {
                "summary": "Step the environment with an action",
                "operationId": "step",
                "requestBody": {"required": True, **json_body(ref("StepRequest"))},
                "responses": {
                    "200": json_body(ref("StepResponse"), "The transition"),
                    "400": e400,
                    "404": e404,
                    "413": error("Body too large"),
                    "422": e422,
                },
            },
        },
        "/v1/envs/{instance_id}/state/": {
            "parameters": [INSTANCE_ID],
            "get": {
                "summary": "The env's complete state (docs/snapshots.md), to restore or move it",
                "operationId": "getState",
                "responses": {
                    "200": json_body({"type": "object", "required": ["state"], "properties": {"state": {"type": "object"}}}, "The snapshot"),
                    "404": e404,
                },
            },
            "put": {
                "summary": "Restore a snapshot: the body is exactly what GET state/ returned",
                "operationId": "setState",
                "requestBody": {"required": True, **json_body({"type": "object", "required": ["state"], "properties": {"state": {"type": "object"}}})},
                "responses": {
                    "200": json_body(ref("ResetResponse"), "The restored observation and info"),
                    "400": e400,
                    "404": e404,
                    "413": error("Body too large"),
                    "422": e422,
                },
            },
        },
        "/v1/envs/{instance_id}/clone/": {
            "parameters": [INSTANCE_ID],
            "post": {
                "summary": "A new instance in the same state (for planning)",
                "operationId": "clone",
                "responses": {
                    "200": json_body({"type": "object", "properties": {"instance_id": {"type": "string"}}}, "The clone's id"),
                    "404": e404,
                    "429": error("The API key's quota is full"),
                    "503": error("The server is at capacity (--max-envs)"),
                },
            },
        },
        "/v1/envs/{instance_id}/monitor/render/": {
            "parameters": [
                INSTANCE_ID,
                {
                    "name": "format",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "enum": ["json", "png"]},
                    "description": "png: the raw image/png body instead of JSON",
                },
            ],
            "get": {
                "summary": "The current frame (instances created with render_mode rgb_array or ansi)",
                "operationId": "render",
                "responses": {
                    "200": {
                        "description": "The frame: JSON (base64 PNG, or the ansi text), or a PNG with ?format=png",
                        "content": {"application/json": {"schema": ref("Rendering")}, "image/png": {"schema": {"type": "string", "format": "binary"}}},
                    },
                    "400": error("Created without a render mode, render before reset, or a bad query"),
                    "404": e404,
                },
            },
        },
        "/v1/envs/{instance_id}/monitor/stream/": {
            "parameters": [
                INSTANCE_ID,
                {
                    "name": "fps",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "integer", "minimum": 1, "maximum": 120},
                    "description": "Frame-rate cap (default: the env's render_fps)",
                },
            ],
            "get": {
                "summary": "MJPEG stream of an rgb_array instance: a part per state change, until deleted",
                "operationId": "stream",
                "responses": {
                    "200": {
                        "description": "multipart/x-mixed-replace; boundary=frame, image/jpeg parts",
                        "content": {"multipart/x-mixed-replace": {"schema": {"type": "string", "format": "binary"}}},
                    },
                    "400": error("Not an rgb_array instance, or a bad fps"),
                    "404": e404,
                },
            },
        },
        "/v1/envs/{instance_id}/action_space/": {
            "parameters": [INSTANCE_ID],
            "get": {
                "summary": "The action space",
                "operationId": "actionSpace",
                "responses": {"200": json_body(ref("Space"), "The space"), "404": e404},
            },
        },
        "/v1/envs/{instance_id}/observation_space/": {
            "parameters": [INSTANCE_ID],
            "get": {
                "summary": "The observation space",
                "operationId": "observationSpace",
                "responses": {"200": json_body(ref("Space"), "The space"), "404": e404},
            },
        },
        **vector_paths(e400, e404, e422),
        "/v1/ws": {
            "get": {
                "summary": "WebSocket sessions (send the Upgrade: websocket handshake)",
                "description": "One socket carries many requests — make, make_vec, reset, step, spaces, "
                "close — for single and vector envs, pipelined; text messages are JSON, binary ones "
                "MessagePack (docs/fast-paths.md). Without the handshake: 426.",
                "operationId": "websocket",
                "responses": {
                    "101": {"description": "Switching Protocols: the WebSocket session starts"},
                    "426": error("Not a WebSocket handshake"),
                },
            }
        },
        **OPS_COMMON,
    }
    schemas = {
        **COMMON_SCHEMAS,
        **VECTOR_SCHEMAS,
        "Error": {
            "type": "object",
            "required": ["detail", "code"],
            "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
        },
        "CreateRequest": {
            "type": "object",
            "description": "Either env_id (and options), or state: a snapshot from GET /v1/envs/{id}/state/ "
            "(docs/snapshots.md), possibly taken on another server",
            "properties": {
                "state": {"type": "object"},
                "env_id": {"type": "string", "examples": ["CartPole-v1"]},
                "render_mode": {"type": ["string", "null"], "examples": ["rgb_array", "ansi"]},
                "kwargs": {"type": ["object", "null"], "description": "Env constructor kwargs"},
                "seed": {
                    "type": ["integer", "null"],
                    "minimum": 0,
                    "description": "Seeds the action space and the first reset that gives no seed",
                },
                "max_episode_steps": MAX_EPISODE_STEPS,
            },
        },
        "CreateResponse": {
            "type": "object",
            "required": ["instance_id"],
            "properties": {"instance_id": {"type": "string", "format": "uuid"}},
        },
        "ResetRequest": {
            "type": "object",
            "properties": {
                "seed": {"type": ["integer", "null"], "minimum": 0},
                "options": {"type": ["object", "null"]},
            },
        },
        "ResetResponse": {
            "type": "object",
            "required": ["observation", "info"],
            "properties": {"observation": ref("Observation"), "info": ref("Info")},
        },
        "StepRequest": {
            "type": "object",
            "required": ["action"],
            "properties": {"action": {"description": "An element of the action space"}},
        },
        "StepResponse": {
            "type": "object",
            "required": ["observation", "reward", "terminated", "truncated", "info"],
            "properties": {
                "observation": ref("Observation"),
                "reward": {"type": "number"},
                "terminated": {"type": "boolean"},
                "truncated": {"type": "boolean"},
                "info": ref("Info"),
            },
        },
        "Space": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "enum": ["Discrete", "Box", "MultiDiscrete", "MultiBinary", "Tuple", "Dict"]},
                "n": {"type": "integer"},
                "shape": {"type": ["array", "null"], "items": {"type": "integer"}},
                "low": {"description": "Box lower bounds, nested to the shape", "type": "array"},
                "high": {"description": "Box upper bounds, nested to the shape", "type": "array"},
                "dtype": {"type": "string"},
                "start": {"description": "Discrete start, or MultiDiscrete starts"},
                "nvec": {"type": "array", "items": {"type": "integer"}},
                "spaces": {"description": "Tuple: a list of spaces; Dict: an object of spaces"},
            },
        },
        "Rendering": {
            "type": "object",
            "required": ["render_mode", "content_type", "encoding", "data"],
            "properties": {
                "render_mode": {"type": "string"},
                "content_type": {"type": "string", "enum": ["image/png", "text/plain"]},
                "encoding": {"type": "string", "enum": ["base64", "utf-8"]},
                "data": {"type": "string"},
            },
        },
        "InstanceInfo": {
            "type": "object",
            "properties": {
                "instance_id": {"type": "string"},
                "env_id": {"type": "string"},
                "kwargs": {"type": "object"},
                "render_mode": {"type": ["string", "null"]},
                "steps": {"type": "integer"},
                "episodes": {"type": "integer"},
                "elapsed_steps": {"type": "integer"},
                "episode_return": {"type": "number"},
                "last_episode_return": {"type": ["number", "null"]},
                "recent_returns": {"type": "array", "items": {"type": "number"}},
                "created": {"type": "string", "format": "date-time"},
                "idle_seconds": {"type": "number"},
            },
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "gymcc — Gymnasium environments over HTTP",
            "version": VERSION,
            "description": "The gymnasium-http-api dialect (default). Paths work with and without the "
            "trailing slash. Bodies are JSON whatever the Content-Type, except that "
            "Content-Type: application/msgpack sends MessagePack, and Accept: application/msgpack "
            "asks for it (arrays as the ndarray extension type 1, docs/fast-paths.md). Errors are "
            "{\"detail\", \"code\"} with 4xx for every client mistake. Vector envs live under "
            "/v1/vector_envs/; WebSocket sessions at /v1/ws.",
        },
        "paths": paths,
        "components": {"schemas": schemas},
    }


def legacy_document() -> dict:
    e400 = error("Every error is 400 with a message", "LegacyError")
    paths = {
        "/v1/envs/": {
            "post": {
                "summary": "Create an instance (8-hex-char id)",
                "operationId": "create",
                "requestBody": {
                    "required": True,
                    **json_body(
                        {
                            "type": "object",
                            "required": ["env_id"],
                            "properties": {"env_id": {"type": "string"}, "seed": {"type": ["integer", "null"]}},
                        }
                    ),
                },
                "responses": {
                    "200": json_body({"type": "object", "properties": {"instance_id": {"type": "string"}}}, "Created"),
                    "400": e400,
                },
            },
            "get": {
                "summary": "List instances",
                "operationId": "list",
                "responses": {
                    "200": json_body(
                        {"type": "object", "properties": {"all_envs": {"type": "object", "additionalProperties": {"type": "string"}}}},
                        "All instances",
                    )
                },
            },
        },
        "/v1/envs/{instance_id}/reset/": {
            "parameters": [INSTANCE_ID],
            "post": {
                "summary": "Reset",
                "operationId": "reset",
                "responses": {
                    "200": json_body({"type": "object", "properties": {"observation": ref("Observation")}}, "Observation"),
                    "400": e400,
                },
            },
        },
        "/v1/envs/{instance_id}/step/": {
            "parameters": [INSTANCE_ID],
            "post": {
                "summary": "Step",
                "operationId": "step",
                "requestBody": {
                    "required": True,
                    **json_body(
                        {"type": "object", "required": ["action"], "properties": {"action": {}, "render": {"type": "boolean"}}}
                    ),
                },
                "responses": {
                    "200": json_body(
                        {
                            "type": "object",
                            "properties": {
                                "observation": ref("Observation"),
                                "reward": {"type": "number"},
                                "done": {"type": "boolean"},
                                "info": ref("Info"),
                            },
                        },
                        "Transition (done = terminated or truncated)",
                    ),
                    "400": e400,
                },
            },
        },
        "/v1/envs/{instance_id}/action_space/": {
            "parameters": [INSTANCE_ID],
            "get": {
                "summary": "Action space info (Box bounds flattened, ±inf as ±1e100)",
                "operationId": "actionSpace",
                "responses": {"200": json_body({"type": "object", "properties": {"info": {"type": "object"}}}, "Info"), "400": e400},
            },
        },
        "/v1/envs/{instance_id}/observation_space/": {
            "parameters": [INSTANCE_ID],
            "get": {
                "summary": "Observation space info",
                "operationId": "observationSpace",
                "responses": {"200": json_body({"type": "object", "properties": {"info": {"type": "object"}}}, "Info"), "400": e400},
            },
        },
        "/v1/envs/{instance_id}/action_space/sample": {
            "parameters": [INSTANCE_ID],
            "get": {
                "summary": "A sample of the action space",
                "operationId": "sample",
                "responses": {"200": json_body({"type": "object", "properties": {"action": {}}}, "Action"), "400": e400},
            },
        },
        "/v1/envs/{instance_id}/action_space/contains/{x}": {
            "parameters": [INSTANCE_ID, {"name": "x", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {
                "summary": "Whether int(x) is in the action space",
                "operationId": "actionContains",
                "responses": {"200": json_body({"type": "object", "properties": {"member": {"type": "boolean"}}}, "Member"), "400": e400},
            },
        },
        "/v1/envs/{instance_id}/observation_space/contains": {
            "parameters": [INSTANCE_ID],
            "post": {
                "summary": "Whether each given property equals the observation space's",
                "operationId": "observationContains",
                "requestBody": {"required": True, **json_body({"type": "object"})},
                "responses": {"200": json_body({"type": "object", "properties": {"member": {"type": "boolean"}}}, "Member"), "400": e400},
            },
        },
        "/v1/envs/{instance_id}/close/": {
            "parameters": [INSTANCE_ID],
            "post": {"summary": "Close and delete", "operationId": "close", "responses": {"204": {"description": "Closed"}, "400": e400}},
        },
        "/v1/envs/{instance_id}/monitor/start/": {
            "parameters": [INSTANCE_ID],
            "post": {
                "summary": "Start recording episode statistics to a directory",
                "operationId": "monitorStart",
                "requestBody": {
                    "required": True,
                    **json_body(
                        {
                            "type": "object",
                            "required": ["directory"],
                            "properties": {
                                "directory": {"type": "string"},
                                "force": {"type": "boolean"},
                                "resume": {"type": "boolean"},
                                "video_callable": {},
                            },
                        }
                    ),
                },
                "responses": {"204": {"description": "Started"}, "400": e400},
            },
        },
        "/v1/envs/{instance_id}/monitor/close/": {
            "parameters": [INSTANCE_ID],
            "post": {
                "summary": "Write openaigym.episode_batch.<id>.stats.json and stop recording",
                "operationId": "monitorClose",
                "responses": {"204": {"description": "Written"}, "400": e400},
            },
        },
        "/v1/upload/": {
            "post": {
                "summary": "Always 400: the OpenAI Gym upload service no longer exists",
                "operationId": "upload",
                "responses": {"400": e400},
            }
        },
        "/v1/shutdown/": {
            "post": {
                "summary": "Stop the server (only with --allow-shutdown)",
                "operationId": "shutdown",
                "responses": {"200": {"description": "Stopping", "content": {"text/plain": {"schema": {"type": "string"}}}}, "400": e400},
            }
        },
        **OPS_COMMON,
    }
    schemas = {
        **COMMON_SCHEMAS,
        "LegacyError": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "gymcc — legacy gym-http-api dialect",
            "version": VERSION,
            "description": "openai/gym-http-api's routes (gymcc serve --api legacy).",
        },
        "paths": paths,
        "components": {"schemas": schemas},
    }


DOCUMENTS = {"openapi-gymnasium.json": gymnasium_document, "openapi-legacy.json": legacy_document}


def render(build) -> str:
    return json.dumps(build(), indent=1, ensure_ascii=False) + "\n"


def main() -> int:
    for name, build in DOCUMENTS.items():
        with open(os.path.join(HERE, name), "w") as f:
            f.write(render(build))
    return 0


if __name__ == "__main__":
    sys.exit(main())
