// Client: the entry point. REST calls over fetch (keep-alive), and WebSocket sessions for
// pipelined stepping. A client holds no global state: make as many as you like.

import { Env, type EnvState, type MakeOptions, type MakeVecOptions, VectorEnv, type VectorEnvState } from "./env.js";
import { SessionTransport } from "./session.js";
import { type ConnectionOptions, HttpTransport } from "./transport.js";

/**
 * A gymcc server (or any server of the gymnasium-http-api dialect, for single envs).
 *
 * ```ts
 * const client = new Client("http://127.0.0.1:5000");
 * const env = await client.make("CartPole-v1");
 * const { observation } = await env.reset({ seed: 42 });
 * const { reward, terminated, truncated } = await env.step(env.actionSpace.sample());
 * await env.close();
 * ```
 */
export class Client {
  private readonly http: HttpTransport;

  constructor(
    baseUrl: string,
    private readonly options: ConnectionOptions = {},
  ) {
    this.http = new HttpTransport(baseUrl, options);
  }

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  /** gymnasium.make over REST: `make("CartPole-v1", { kwargs, renderMode, maxEpisodeSteps })`. */
  make(envId: string, options: MakeOptions = {}): Promise<Env> {
    return Env.create(this.http, envId, options);
  }

  /** gymnasium.make_vec(..., vectorization_mode="sync") over REST. */
  makeVec(envId: string, numEnvs: number, options: MakeVecOptions = {}): Promise<VectorEnv> {
    return VectorEnv.create(this.http, envId, numEnvs, options);
  }

  /**
   * A new instance from a snapshot (`POST /v1/envs/` with `{"state"}`): an `env.getState()`,
   * or a vector env's `getState({ index })`, taken on this server or another of the same gymcc
   * version. A state the server refuses is an InvalidStateError.
   */
  makeFromState(state: EnvState): Promise<Env> {
    return Env.fromState(this.http, state);
  }

  /** A new vector env from a vector env's `getState()` (`POST /v1/vector_envs/` with `{"state"}`). */
  makeVecFromState(state: VectorEnvState): Promise<VectorEnv> {
    return VectorEnv.fromState(this.http, state);
  }

  /** Opens a WebSocket session (MessagePack), whose calls are pipelined. */
  async session(): Promise<Session> {
    return new Session(await SessionTransport.open(this.http.baseUrl, this.options));
  }

  /** Lets the client's idle keep-alive connections go (the client stays usable). */
  async close(): Promise<void> {
    await this.http.close();
  }

  /** `GET /v1/envs/`: instance id → env id. */
  listEnvs(): Promise<Record<string, string>> {
    return this.http.request("GET", "/v1/envs/");
  }

  /** `GET /v1/specs/`: every registered env's spec, kwargs and spaces. */
  specs(): Promise<Record<string, unknown>[]> {
    return this.http.request("GET", "/v1/specs/");
  }
}

/**
 * One WebSocket to the server. Envs made here share the socket; their calls are pipelined
 * (send many, the replies come in order), so stepping several envs costs one round trip:
 *
 * ```ts
 * const session = await client.session();
 * const envs = await Promise.all([0, 1, 2].map(() => session.make("CartPole-v1")));
 * await Promise.all(envs.map((env, i) => env.reset({ seed: i })));
 * const results = await Promise.all(envs.map((env) => env.step(1)));
 * session.close(); // the server closes every instance made on the session
 * ```
 */
export class Session {
  constructor(private readonly transport: SessionTransport) {}

  get url(): string {
    return this.transport.url;
  }

  get closed(): boolean {
    return this.transport.closed;
  }

  make(envId: string, options: MakeOptions = {}): Promise<Env> {
    return Env.create(this.transport, envId, options);
  }

  makeVec(envId: string, numEnvs: number, options: MakeVecOptions = {}): Promise<VectorEnv> {
    return VectorEnv.create(this.transport, envId, numEnvs, options);
  }

  /** `make` with `{"state"}`: a new instance from a snapshot (the session's, like `make`'s). */
  makeFromState(state: EnvState): Promise<Env> {
    return Env.fromState(this.transport, state);
  }

  /** `make_vec` with `{"state"}`: a new vector env from a snapshot. */
  makeVecFromState(state: VectorEnvState): Promise<VectorEnv> {
    return VectorEnv.fromState(this.transport, state);
  }

  /** Closes the socket: pending calls fail, and the server closes the session's instances. */
  close(): void {
    this.transport.close();
  }
}
