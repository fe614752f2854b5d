// Env and VectorEnv: gymnasium's model (reset, step, spaces, close) over either transport.
// Results come back in gymnasium's types as JavaScript has them: Discrete observations as
// numbers, Box ones as NDArrays of the space's dtype (Float32Array data for float32),
// Tuple ones as arrays, Dict ones as objects; rewards as numbers.

import { ClosedError, GymccError } from "./errors.js";
import { NDArray, jsonFloat } from "./ndarray.js";
import type { SeedLike } from "./rng.js";
import { Box, Dict, Discrete, MultiBinary, MultiDiscrete, type Space, type SpaceDescription, type SpaceValue, Tuple, spaceFromDescription } from "./spaces.js";
import type { components, operations } from "./generated/openapi.js";
import type { Fields, Op, Transport } from "./transport.js";

// The answers' shapes, from the server's OpenAPI document (src/generated/openapi.ts).
type Schemas = components["schemas"];
type StateOf<Operation extends keyof operations> = operations[Operation] extends {
  responses: { 200: { content: { "application/json": { state: infer S } } } };
}
  ? S
  : never;

/**
 * An env's complete state (docs/snapshots.md: `{"format": "gymcc.env_state", "version": 1,
 * "env_id", "kwargs", ...}`), as `getState()` returns it. Plain JSON — numpy's 128-bit
 * generator words are decimal strings — so it can be stored (`JSON.stringify`), restored with
 * `setState`, or made into a new instance with `makeFromState` on any server of the same gymcc
 * version. Treat it as opaque: the server refuses a tampered one (InvalidStateError).
 */
export type EnvState = StateOf<"getState">;

/** A vector env's complete state (docs/snapshots.md, "Vector envs": `"gymcc.vector_env_state"`). */
export type VectorEnvState = StateOf<"vectorGetState">;

/** Which part of a vector env a snapshot call is about. */
export interface SubEnvOptions {
  /** One sub-env (0 ≤ index < numEnvs); its state is a single env's (`EnvState`). */
  index?: number;
}

/** An env's info dict: JSON values (over the WebSocket, arrays are NDArrays). */
export type Info = Record<string, unknown>;

/** What `make` takes besides the id. */
export interface MakeOptions {
  /** The env's constructor arguments, e.g. `{ sutton_barto_reward: true }`. */
  kwargs?: Record<string, unknown>;
  /** `"rgb_array"`, `"ansi"`, ... (validated by the server). */
  renderMode?: string | null;
  /** gymnasium.make's `max_episode_steps`: replaces the registered limit; -1 removes it. */
  maxEpisodeSteps?: number | null;
}

export interface ResetOptions {
  /** Any non-negative integer (a bigint beyond 2**53); omitted: the env's stream goes on. */
  seed?: SeedLike | null;
  /** The env's reset options, e.g. `{ low: -0.02, high: 0.02 }`. */
  options?: Record<string, unknown> | null;
}

export interface ResetResult<O = SpaceValue> {
  observation: O;
  info: Info;
}

export interface StepResult<O = SpaceValue> {
  observation: O;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Info;
}

function makeFields(envId: string, options: MakeOptions): Fields {
  const fields: Fields = { env_id: envId };
  if (options.kwargs !== undefined) fields["kwargs"] = options.kwargs;
  if (options.renderMode !== undefined && options.renderMode !== null) fields["render_mode"] = options.renderMode;
  if (options.maxEpisodeSteps !== undefined && options.maxEpisodeSteps !== null) {
    fields["max_episode_steps"] = options.maxEpisodeSteps;
  }
  return fields;
}

function resetFields(instanceId: string, options: ResetOptions): Fields {
  const fields: Fields = { instance_id: instanceId };
  if (options.seed !== undefined && options.seed !== null) fields["seed"] = options.seed;
  if (options.options !== undefined && options.options !== null) fields["options"] = options.options;
  return fields;
}

function subEnvIndex(index: number): number {
  if (!Number.isSafeInteger(index)) throw new TypeError(`a sub-env index must be an integer, got ${index}`);
  return index;
}

function stateField(state: Record<string, unknown>, field: string): unknown {
  if (state === null || typeof state !== "object") throw new TypeError(`a state must be an object, got ${JSON.stringify(state)}`);
  return state[field];
}

/** A decoded observation (JSON nested lists, or MessagePack NDArrays) in the space's types. */
export function toObservation(space: Space, value: unknown): SpaceValue {
  if (space instanceof Discrete) {
    if (typeof value === "bigint") return Number(value);
    if (typeof value !== "number") throw new TypeError(`a Discrete observation must be a number, got ${JSON.stringify(value)}`);
    return value;
  }
  if (space instanceof Box || space instanceof MultiDiscrete || space instanceof MultiBinary) {
    if (value instanceof NDArray) return value;
    return NDArray.fromList(value, space.dtype!, space.shape!);
  }
  if (space instanceof Tuple) {
    if (!Array.isArray(value) || value.length !== space.spaces.length) {
      throw new TypeError(`a Tuple observation must be a list of ${space.spaces.length}`);
    }
    return value.map((v, i) => toObservation(space.spaces[i]!, v));
  }
  if (space instanceof Dict) {
    const fields = value as Record<string, unknown>;
    const out: Record<string, SpaceValue> = {};
    for (const [key, child] of Object.entries(space.spaces)) out[key] = toObservation(child, fields[key]);
    return out;
  }
  throw new TypeError(`no observation type for ${space}`);
}

/** Deletes an instance; one already gone (deleted, expired, its session closed) is fine. */
async function closeInstance(close: () => Promise<Fields>): Promise<void> {
  try {
    await close();
  } catch (e) {
    if (!(e instanceof GymccError && e.status === 404) && !(e instanceof ClosedError)) throw e;
  }
}

/** Runs calls one after another on transports that answer only one at a time (REST). */
class Sequencer {
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly pipelined: boolean) {}

  run<T>(call: () => Promise<T>): Promise<T> {
    if (this.pipelined) return call();
    const next = this.last.then(call, call);
    this.last = next.catch(() => undefined);
    return next;
  }
}

/**
 * One environment instance on a server. Made by `Client.make` (REST) or `Session.make`
 * (WebSocket); the registered TimeLimit and order checks apply on the server.
 */
export class Env<O extends SpaceValue = SpaceValue> {
  private open = true;
  private readonly sequencer: Sequencer;

  private constructor(
    private readonly transport: Transport,
    /** The server's id of this instance. */
    readonly instanceId: string,
    /** The id it was made from, e.g. `"CartPole-v1"`. */
    readonly envId: string,
    readonly actionSpace: Space,
    readonly observationSpace: Space,
  ) {
    this.sequencer = new Sequencer(transport.pipelined);
  }

  /** @internal Makes the instance and fetches its spaces. */
  static async create(transport: Transport, envId: string, options: MakeOptions = {}): Promise<Env> {
    const created = (await transport.call("make", makeFields(envId, options), false)) as Schemas["CreateResponse"];
    return Env.bind(transport, String(created.instance_id), envId);
  }

  /** @internal Makes an instance from a snapshot (`POST /v1/envs/` with `{"state"}`) and fetches its spaces. */
  static async fromState(transport: Transport, state: EnvState): Promise<Env> {
    const created = (await transport.call("make", { state }, false)) as Schemas["CreateResponse"];
    return Env.bind(transport, String(created.instance_id), String(stateField(state, "env_id")));
  }

  /** An Env for an existing instance: fetches its spaces (and deletes it if that fails). */
  private static async bind(transport: Transport, instanceId: string, envId: string): Promise<Env> {
    try {
      const spaces = await transport.call("spaces", { instance_id: instanceId }, false);
      return new Env(
        transport,
        instanceId,
        envId,
        spaceFromDescription(spaces["action_space"] as SpaceDescription),
        spaceFromDescription(spaces["observation_space"] as SpaceDescription),
      );
    } catch (e) {
      await transport.call("close", { instance_id: instanceId }, false).catch(() => undefined);
      throw e;
    }
  }

  private call(op: Op, fields: Fields): Promise<Fields> {
    if (!this.open && op !== "close") return Promise.reject(new ClosedError(`${this.envId} (${this.instanceId}) is closed`));
    return this.sequencer.run(() => this.transport.call(op, fields, false));
  }

  private resetResult(reply: Schemas["ResetResponse"]): ResetResult<O> {
    return {
      observation: toObservation(this.observationSpace, reply.observation) as O,
      info: reply.info ?? {},
    };
  }

  /** gymnasium's `reset(seed=..., options=...)`: the first observation and its info. */
  async reset(options: ResetOptions = {}): Promise<ResetResult<O>> {
    return this.resetResult((await this.call("reset", resetFields(this.instanceId, options))) as Schemas["ResetResponse"]);
  }

  /** gymnasium's `step(action)`: observation, reward, terminated, truncated, info. */
  async step(action: unknown): Promise<StepResult<O>> {
    const reply = (await this.call("step", { instance_id: this.instanceId, action })) as Schemas["StepResponse"];
    return {
      observation: toObservation(this.observationSpace, reply.observation) as O,
      reward: jsonFloat(reply.reward),
      terminated: reply.terminated === true,
      truncated: reply.truncated === true,
      info: reply.info ?? {},
    };
  }

  /**
   * The env's complete state (`GET /v1/envs/{id}/state/`, docs/snapshots.md): after
   * `setState(state)`, or in a clone or `makeFromState(state)`, the same actions give exactly
   * the same observations, rewards, flags and infos.
   */
  async getState(): Promise<EnvState> {
    const reply = (await this.call("get_state", { instance_id: this.instanceId })) as { state: EnvState };
    return reply.state;
  }

  /**
   * Restores a state from `getState()` (`PUT /v1/envs/{id}/state/`) into this instance (same
   * env id, kwargs and time limit): the restored observation and info, as `reset` gives them.
   * A state the server refuses is an InvalidStateError, and the env is left as it was.
   */
  async setState(state: EnvState): Promise<ResetResult<O>> {
    return this.resetResult((await this.call("set_state", { instance_id: this.instanceId, state })) as Schemas["ResetResponse"]);
  }

  /**
   * A new instance in this one's state (`POST /v1/envs/{id}/clone/`), on the same server and
   * transport (made on a session, it belongs to the session). It counts against the server's
   * `--max-envs` and the key's quota like a `make`. Its spaces are copies (with their own
   * unseeded samplers).
   */
  async clone(): Promise<Env<O>> {
    const reply = (await this.call("clone", { instance_id: this.instanceId })) as Schemas["CreateResponse"];
    return new Env<O>(
      this.transport,
      String(reply.instance_id),
      this.envId,
      spaceFromDescription(this.actionSpace.describe()),
      spaceFromDescription(this.observationSpace.describe()),
    );
  }

  /** Deletes the instance on the server. Closing twice, or an instance already gone, is fine. */
  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await closeInstance(() => this.call("close", { instance_id: this.instanceId }));
  }

  toString(): string {
    return `Env(${this.envId} ${this.instanceId})`;
  }
}

/** gymnasium's autoreset modes (`gymnasium.vector.AutoresetMode` values). */
export type AutoresetMode = "NextStep" | "SameStep" | "Disabled";

export interface MakeVecOptions extends Omit<MakeOptions, "renderMode"> {
  /** Default `"NextStep"`, gymnasium's default. */
  autoresetMode?: AutoresetMode;
}

export interface VectorResetOptions {
  /** Sub-env i gets seed + i; or one seed (or null) per sub-env. */
  seed?: SeedLike | (SeedLike | null)[] | null;
  /** Passed to every sub-env; `reset_mask` (one boolean per sub-env) resets only those marked. */
  options?: Record<string, unknown> | null;
}

export interface VectorResetResult {
  observations: SpaceValue;
  infos: Info;
}

export interface VectorStepResult {
  observations: SpaceValue;
  rewards: Float64Array;
  terminated: boolean[];
  truncated: boolean[];
  infos: Info;
}

function flags(value: unknown): boolean[] {
  if (value instanceof NDArray) return Array.from(value.data as ArrayLike<number>, (v) => v !== 0);
  if (Array.isArray(value)) return value.map((v) => v === true);
  throw new TypeError(`expected a list of flags, got ${JSON.stringify(value)}`);
}

function rewards(value: unknown): Float64Array {
  if (value instanceof NDArray) return Float64Array.from(value.data as ArrayLike<number>);
  if (Array.isArray(value)) return Float64Array.from(value, jsonFloat);
  throw new TypeError(`expected a list of rewards, got ${JSON.stringify(value)}`);
}

/**
 * `numEnvs` copies of one env stepped by one call, with the semantics of
 * `gymnasium.make_vec(id, numEnvs, vectorization_mode="sync")` (docs/fast-paths.md).
 */
export class VectorEnv {
  private open = true;
  private readonly sequencer: Sequencer;

  private constructor(
    private readonly transport: Transport,
    readonly instanceId: string,
    readonly envId: string,
    readonly numEnvs: number,
    readonly autoresetMode: AutoresetMode,
    /** The batched action space (gymnasium's `batch_space`): MultiDiscrete for a Discrete env. */
    readonly actionSpace: Space,
    /** The batched observation space, e.g. a Box of shape [numEnvs, 4]. */
    readonly observationSpace: Space,
    readonly singleActionSpace: Space,
    readonly singleObservationSpace: Space,
  ) {
    this.sequencer = new Sequencer(transport.pipelined);
  }

  /** @internal */
  static async create(transport: Transport, envId: string, numEnvs: number, options: MakeVecOptions = {}): Promise<VectorEnv> {
    const fields = makeFields(envId, options);
    fields["num_envs"] = numEnvs;
    const mode = options.autoresetMode ?? "NextStep";
    fields["autoreset_mode"] = mode;
    const created = (await transport.call("make_vec", fields, true)) as Schemas["CreateResponse"];
    return VectorEnv.bind(transport, String(created.instance_id), envId, numEnvs, mode);
  }

  /** @internal Makes a vector env from a snapshot (`POST /v1/vector_envs/` with `{"state"}`). */
  static async fromState(transport: Transport, state: VectorEnvState): Promise<VectorEnv> {
    const created = (await transport.call("make_vec", { state }, true)) as Schemas["CreateResponse"];
    return VectorEnv.bind(
      transport,
      String(created.instance_id),
      String(stateField(state, "env_id")),
      Number(stateField(state, "num_envs")),
      stateField(state, "autoreset_mode") as AutoresetMode,
    );
  }

  /** A VectorEnv for an existing instance: fetches its spaces (and deletes it if that fails). */
  private static async bind(
    transport: Transport,
    instanceId: string,
    envId: string,
    numEnvs: number,
    mode: AutoresetMode,
  ): Promise<VectorEnv> {
    try {
      const spaces = await transport.call("spaces", { instance_id: instanceId }, true);
      const space = (name: string) => spaceFromDescription(spaces[name] as SpaceDescription);
      return new VectorEnv(
        transport,
        instanceId,
        envId,
        numEnvs,
        mode,
        space("action_space"),
        space("observation_space"),
        space("single_action_space"),
        space("single_observation_space"),
      );
    } catch (e) {
      await transport.call("close", { instance_id: instanceId }, true).catch(() => undefined);
      throw e;
    }
  }

  private call(op: Op, fields: Fields): Promise<Fields> {
    if (!this.open && op !== "close") return Promise.reject(new ClosedError(`${this.envId} (${this.instanceId}) is closed`));
    return this.sequencer.run(() => this.transport.call(op, fields, true));
  }

  private resetResult(reply: Schemas["VectorResetResponse"]): VectorResetResult {
    return {
      observations: toObservation(this.observationSpace, reply.observations),
      infos: this.infos(reply.infos),
    };
  }

  /** Resets the sub-envs: batched observations and infos. */
  async reset(options: VectorResetOptions = {}): Promise<VectorResetResult> {
    return this.resetResult(
      (await this.call("reset", resetFields(this.instanceId, options as ResetOptions))) as Schemas["VectorResetResponse"],
    );
  }

  /**
   * Steps every sub-env with `actions`: an element of `actionSpace` — an NDArray, a typed array
   * or a (nested) list, e.g. `[0, 1, 1]` or `[[0.5], [-1]]`.
   */
  async step(actions: unknown): Promise<VectorStepResult> {
    const reply = (await this.call("step", { instance_id: this.instanceId, actions })) as Schemas["VectorStepResponse"];
    return {
      observations: toObservation(this.observationSpace, reply.observations),
      rewards: rewards(reply.rewards),
      terminated: flags(reply.terminated),
      truncated: flags(reply.truncated),
      infos: this.infos(reply.infos),
    };
  }

  private infos(value: unknown): Info {
    const infos = (value ?? {}) as Info;
    const finals = infos["final_obs"];
    if (Array.isArray(finals)) {
      // SameStep: the ending observations, in the single space's types (null where none ended).
      return {
        ...infos,
        final_obs: finals.map((obs) => (obs === null ? null : toObservation(this.singleObservationSpace, obs))),
      };
    }
    return infos;
  }

  /**
   * The whole vector env's state (`GET /v1/vector_envs/{id}/state/`: every sub-env, the last
   * step's flags, the batched sampler), or with `{ index }` one sub-env's as a single env's
   * (`GET .../envs/{index}/state/`: `Client.makeFromState` makes a standalone env of it). An
   * index that names no sub-env is a 404 `sub_env_not_found`; a vector env whose sub-envs were
   * built differently (FrozenLake generating a map each) cannot be snapshotted whole
   * (InvalidStateError): snapshot its sub-envs one by one.
   */
  async getState(options: SubEnvOptions = {}): Promise<VectorEnvState | EnvState> {
    const fields: Fields = { instance_id: this.instanceId };
    if (options.index !== undefined) fields["index"] = subEnvIndex(options.index);
    const reply = (await this.call("get_state", fields)) as { state: VectorEnvState };
    return reply.state;
  }

  /**
   * Restores a state from `getState()` (same env id, kwargs, time limit, `numEnvs` and autoreset
   * mode; all or nothing), or with `{ index }` a single env's state into that sub-env, clearing
   * its flags as a masked reset does: every sub-env's current observations and infos. A state
   * the server refuses is an InvalidStateError, and the env is left as it was.
   */
  async setState(state: VectorEnvState | EnvState, options: SubEnvOptions = {}): Promise<VectorResetResult> {
    const fields: Fields = { instance_id: this.instanceId, state };
    if (options.index !== undefined) fields["index"] = subEnvIndex(options.index);
    return this.resetResult((await this.call("set_state", fields)) as Schemas["VectorResetResponse"]);
  }

  /**
   * A new vector env in this one's state (`POST /v1/vector_envs/{id}/clone/`), on the same
   * server and transport; its sub-envs count against `--max-envs` and the key's quota.
   */
  async clone(): Promise<VectorEnv> {
    const reply = (await this.call("clone", { instance_id: this.instanceId })) as Schemas["CreateResponse"];
    const copy = (space: Space) => spaceFromDescription(space.describe());
    return new VectorEnv(
      this.transport,
      String(reply.instance_id),
      this.envId,
      this.numEnvs,
      this.autoresetMode,
      copy(this.actionSpace),
      copy(this.observationSpace),
      copy(this.singleActionSpace),
      copy(this.singleObservationSpace),
    );
  }

  /** Deletes the vector env on the server; closing twice is fine. */
  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await closeInstance(() => this.call("close", { instance_id: this.instanceId }));
  }

  toString(): string {
    return `VectorEnv(${this.envId} x${this.numEnvs} ${this.autoresetMode} ${this.instanceId})`;
  }
}
