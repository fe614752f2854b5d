// Snapshots (docs/snapshots.md) against a live gymcc serve, over REST and over a session: after
// setState, in a clone and in an env made from the state, the same actions give exactly the
// results the original gave after the snapshot — whole step results, compared deeply.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import {
  Client,
  type Env,
  GymccError,
  InvalidStateError,
  NDArray,
  type ResetResult,
  type Session,
  type Space,
  type VectorEnv,
} from "../src/index.js";
import { type Server, startServer } from "./server.js";

let server: Server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server.stop();
});

/** `n` actions from the space seeded with `seed` (the same list every run). */
function actions(space: Space, n: number, seed: number): unknown[] {
  space.seed(seed);
  return Array.from({ length: n }, () => space.sample());
}

/** Steps `env` through `moves`, resetting (unseeded: the env's stream goes on) where an episode ends. */
async function run(env: Env, moves: unknown[]): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const action of moves) {
    const step = await env.step(action);
    results.push(step);
    if (step.terminated || step.truncated) results.push(await env.reset());
  }
  return results;
}

/** Steps a vector env; with autoreset Disabled, a masked reset of the sub-envs that ended. */
async function runVector(envs: VectorEnv, moves: unknown[]): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const action of moves) {
    const step = await envs.step(action);
    results.push(step);
    const ended = step.terminated.map((t, i) => t || step.truncated[i]!);
    if (envs.autoresetMode === "Disabled" && ended.some((e) => e)) {
      results.push(await envs.reset({ options: { reset_mask: ended } }));
    }
  }
  return results;
}

/** NDArrays as nested lists, wherever they are. */
function lists(value: unknown): unknown {
  if (value instanceof NDArray) return value.toList();
  if (Array.isArray(value)) return value.map(lists);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lists(v)]));
  }
  return value;
}

type Maker = Client | Session;

async function makers(client: Client): Promise<[string, Maker][]> {
  return [
    ["REST", client],
    ["session", await client.session()],
  ];
}

function done(maker: Maker): void {
  if ("url" in maker) maker.close();
}

// Taxi and FrozenLake draw from np_random on every step (rainy, slippery); CartPole's episodes
// end within the 60 steps, so the unseeded resets' draws are part of the comparison.
const ENVS: [string, Record<string, unknown>][] = [
  ["CartPole-v1", {}],
  ["Taxi-v4", { is_rainy: true }],
  ["FrozenLake-v1", { is_slippery: true }],
  ["MountainCarContinuous-v0", {}],
  ["Blackjack-v1", {}],
];

test("getState, then setState, clone and makeFromState continue exactly as the original did", async () => {
  const client = new Client(server.url);
  for (const [transport, maker] of await makers(client)) {
    for (const [envId, kwargs] of ENVS) {
      const what = `${envId} over ${transport}`;
      const env = await maker.make(envId, { kwargs });
      await env.reset({ seed: 7 });
      const { observation, info } = (await run(env, actions(env.actionSpace, 5, 1))).at(-1) as ResetResult;
      const state = await env.getState();
      assert.equal(state["format"], "gymcc.env_state", what);
      assert.equal(state["env_id"], envId, what);
      const twin = await env.clone(); // at the snapshot point
      const moves = actions(env.actionSpace, 60, 2);
      const expected = await run(env, moves);

      // The snapshot is plain JSON: it survives a text round trip, and one taken over one
      // transport restores over the other.
      const stored = JSON.parse(JSON.stringify(state)) as typeof state;
      assert.deepEqual(await env.setState(stored), { observation, info }, `${what}: setState's observation and info`);
      assert.deepEqual(await run(env, moves), expected, `${what}: after setState`);
      assert.deepEqual(await run(twin, moves), expected, `${what}: the clone`);
      assert.notEqual(twin.instanceId, env.instanceId);
      assert.equal(String(twin.actionSpace), String(env.actionSpace));
      assert.equal(String(twin.observationSpace), String(env.observationSpace));
      const made = await maker.makeFromState(stored);
      assert.equal(made.envId, envId);
      assert.deepEqual(await run(made, moves), expected, `${what}: makeFromState`);
      const session = await client.session();
      const other = await (transport === "REST" ? session : client).makeFromState(state);
      // Infos differ in form only: arrays are lists over REST, NDArrays over a session.
      assert.deepEqual(lists(await run(other, moves)), lists(expected), `${what}: makeFromState over the other transport`);
      for (const e of [env, twin, made, other]) await e.close();
      session.close();
    }
    done(maker);
  }
});

test(
  "a float kwarg of integral value (Pendulum's g=10.0) survives the trip through JavaScript numbers",
  async () => {
    const client = new Client(server.url);
    const env = await client.make("Pendulum-v1");
    await env.reset({ seed: 1 });
    const state = await env.getState();
    try {
      const moves = actions(env.actionSpace, 5, 1);
      const twin = await client.makeFromState(state);
      assert.deepEqual(await run(twin, moves), await run(env, moves));
      await twin.close();
    } finally {
      await env.close();
    }
  },
);

test("a state of a fresh, never reset env restores too (and needs a reset to step)", async () => {
  const client = new Client(server.url);
  for (const [, maker] of await makers(client)) {
    const env = await maker.make("CartPole-v1");
    const made = await maker.makeFromState(await env.getState());
    await assert.rejects(made.step(0), { status: 400, code: "reset_needed" });
    await env.reset({ seed: 3 });
    await made.reset({ seed: 3 });
    const moves = actions(env.actionSpace, 10, 4);
    assert.deepEqual(await run(made, moves), await run(env, moves));
    await env.close();
    await made.close();
    done(maker);
  }
});

test("a foreign or tampered state is an InvalidStateError, and the env is left as it was", async () => {
  const client = new Client(server.url);
  for (const [transport, maker] of await makers(client)) {
    const cartPole = await maker.make("CartPole-v1");
    await cartPole.reset({ seed: 1 });
    const lake = await maker.make("FrozenLake-v1");
    await lake.reset({ seed: 1 });
    const before = await lake.getState();
    await assert.rejects(lake.setState(await cartPole.getState()), (e: unknown) => {
      assert.ok(e instanceof InvalidStateError && e instanceof GymccError, `${transport}: ${e}`);
      assert.equal(e.name, "InvalidStateError");
      assert.equal(e.status, 400);
      assert.equal(e.code, "invalid_state");
      assert.match(e.detail, /env_id/);
      return true;
    });
    const env = before["env"] as Record<string, unknown>;
    await assert.rejects(lake.setState({ ...before, env: { ...env, s: 99 } }), (e: unknown) => {
      assert.ok(e instanceof InvalidStateError);
      assert.match(e.detail, /state\.env\.s/);
      return true;
    });
    await assert.rejects(maker.makeFromState({ format: "gymcc.env_state", version: 999 }), InvalidStateError);
    assert.deepEqual(await lake.getState(), before, `${transport}: unchanged`);
    await cartPole.close();
    await lake.close();
    done(maker);
  }
});

test("snapshot calls on an instance that is gone: 404 instance_not_found", async () => {
  const client = new Client(server.url);
  for (const [transport, maker] of await makers(client)) {
    const env = await maker.make("CartPole-v1");
    await env.reset({ seed: 1 });
    const state = await env.getState();
    await fetch(`${server.url}/v1/envs/${env.instanceId}/`, { method: "DELETE" });
    const gone = { name: "GymccError", status: 404, code: "instance_not_found" };
    await assert.rejects(env.getState(), gone, transport);
    await assert.rejects(env.setState(state), gone, transport);
    await assert.rejects(env.clone(), gone, transport);
    await env.close();
    await assert.rejects(env.getState(), { name: "ClosedError" });
    done(maker);
  }
});

/** Row `i` of a batched Box observation. */
function row(observations: unknown, i: number): number[] {
  const array = observations as NDArray;
  const width = array.shape[1]!;
  return array.toNumbers().slice(i * width, (i + 1) * width);
}

test("vector envs: getState, setState, clone and makeVecFromState continue exactly alike", async () => {
  const client = new Client(server.url);
  for (const [transport, maker] of await makers(client)) {
    for (const autoresetMode of ["NextStep", "SameStep", "Disabled"] as const) {
      const what = `${autoresetMode} over ${transport}`;
      const envs = await maker.makeVec("CartPole-v1", 3, { autoresetMode, maxEpisodeSteps: 12 });
      await envs.reset({ seed: 5 });
      await runVector(envs, actions(envs.actionSpace, 4, 1));
      const state = await envs.getState();
      assert.equal(state["format"], "gymcc.vector_env_state", what);
      const twin = await envs.clone();
      assert.equal(twin.numEnvs, 3);
      assert.equal(twin.autoresetMode, autoresetMode);
      // Past the time limit of 12, and past terminations: the autoresets (or masked resets) count.
      const moves = actions(envs.actionSpace, 30, 2);
      const expected = await runVector(envs, moves);

      const stored = JSON.parse(JSON.stringify(state)) as typeof state;
      const restored = await envs.setState(stored);
      assert.deepEqual((restored.observations as NDArray).shape, [3, 4]);
      assert.deepEqual(await runVector(envs, moves), expected, `${what}: after setState`);
      assert.deepEqual(await runVector(twin, moves), expected, `${what}: the clone`);
      const made = await maker.makeVecFromState(stored);
      assert.equal(made.envId, "CartPole-v1");
      assert.equal(made.numEnvs, 3);
      assert.equal(made.autoresetMode, autoresetMode);
      assert.equal(String(made.actionSpace), String(envs.actionSpace));
      assert.deepEqual(await runVector(made, moves), expected, `${what}: makeVecFromState`);
      for (const e of [envs, twin, made]) await e.close();
    }
    done(maker);
  }
});

test("vector envs: one sub-env's state is a single env's, and restores into a sub-env", async () => {
  const client = new Client(server.url);
  for (const [transport, maker] of await makers(client)) {
    const envs = await maker.makeVec("CartPole-v1", 3);
    await envs.reset({ seed: 11 });
    await envs.step([0, 1, 0]);
    const sub = await envs.getState({ index: 1 });
    assert.equal(sub["format"], "gymcc.env_state", transport);
    const single = await maker.makeFromState(sub);
    const restored = await envs.setState(sub, { index: 2 });
    assert.deepEqual(row(restored.observations, 2), row(restored.observations, 1));
    for (const [a, b] of [[1, 0], [0, 1], [1, 1], [0, 0]] as const) {
      const step = await envs.step([a, b, b]);
      const alone = await single.step(b);
      assert.deepEqual(row(step.observations, 2), row(step.observations, 1), transport);
      assert.deepEqual(row(step.observations, 1), (alone.observation as NDArray).toNumbers(), transport);
      assert.equal(step.rewards[1], alone.reward);
      assert.equal(step.terminated[1], alone.terminated);
    }
    await assert.rejects(envs.getState({ index: 3 }), { name: "GymccError", status: 404, code: "sub_env_not_found" });
    await assert.rejects(envs.setState(sub, { index: 7 }), { status: 404, code: "sub_env_not_found" });
    await assert.rejects(envs.setState(sub), InvalidStateError, "a single env's state is not a vector env's");
    const other = await maker.makeVec("CartPole-v1", 2);
    await assert.rejects(other.setState(await envs.getState()), InvalidStateError, "num_envs differs");
    await fetch(`${server.url}/v1/vector_envs/${other.instanceId}/`, { method: "DELETE" });
    await assert.rejects(other.getState(), { status: 404, code: "instance_not_found" });
    await assert.rejects(other.clone(), { status: 404, code: "instance_not_found" });
    for (const e of [envs, single, other]) await e.close();
    done(maker);
  }
});
