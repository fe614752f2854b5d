// The two ways to reach a server, behind one interface: REST with JSON bodies (HttpTransport,
// over fetch: keep-alive by default in Node and browsers) and a WebSocket session with
// MessagePack messages (session.ts). Both speak in the WebSocket protocol's terms — an op and
// the REST body's fields (docs/fast-paths.md) — so that Env and VectorEnv need not know which.

import type { components } from "./generated/openapi.js";
import { GymccError, serverError } from "./errors.js";
import { type Sender, makeSender } from "./senders.js";
import { toJSONText } from "./wire.js";

/** The operations (WebSocket `op`s) an env needs. */
export type Op = "make" | "make_vec" | "reset" | "step" | "spaces" | "close" | "get_state" | "set_state" | "clone";

export type Fields = Record<string, unknown>;

export interface Transport {
  /** Whether calls may be issued before earlier ones are answered (answers come in order). */
  readonly pipelined: boolean;
  call(op: Op, fields: Fields, vector: boolean): Promise<Fields>;
}

/** Options every client call shares. */
export interface ConnectionOptions {
  /**
   * Sent as `Authorization: Bearer <apiKey>`; defaults to the `GYMCC_API_KEY` environment
   * variable (in Node). Browsers cannot set headers on a WebSocket: there the key goes over REST only.
   */
  apiKey?: string;
  /** Milliseconds to wait for each answer (default 30000). */
  timeoutMs?: number;
  /**
   * The fetch to use. Default: in browsers the global fetch; in Node the client's own
   * node:http keep-alive agent (Node 20's fetch took 20-40 ms a request on loopback: see
   * senders.ts).
   */
  fetch?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export function apiKeyOf(options: ConnectionOptions): string | undefined {
  if (options.apiKey !== undefined) return options.apiKey || undefined;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.["GYMCC_API_KEY"] || undefined;
}

type SpaceDescription = components["schemas"]["Space"];

/** REST calls with JSON bodies (docs/api.md, docs/fast-paths.md). */
export class HttpTransport implements Transport {
  readonly pipelined = false;
  readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly sender: Promise<Sender>;

  constructor(baseUrl: string, options: ConnectionOptions = {}) {
    const url = new URL(baseUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(`baseUrl must be an http(s) URL like http://127.0.0.1:5000, got ${baseUrl}`);
    }
    this.baseUrl = url.origin + url.pathname.replace(/\/+$/, "");
    this.headers = { "Content-Type": "application/json", Accept: "application/json" };
    const key = apiKeyOf(options);
    if (key !== undefined) this.headers["Authorization"] = `Bearer ${key}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.sender = makeSender(options.fetch?.bind(globalThis), this.timeoutMs);
    this.sender.catch(() => undefined); // reported by the first request
  }

  /** One request; the decoded JSON answer. Errors: GymccError, ConnectionError, TimeoutError. */
  async request<T = Fields>(method: string, path: string, body?: unknown): Promise<T> {
    const url = this.baseUrl + path;
    const sender = await this.sender;
    const answer = await sender.send(method, url, this.headers, body === undefined ? undefined : toJSONText(body));
    const ok = answer.status >= 200 && answer.status < 300;
    let parsed: unknown = undefined;
    if (answer.text !== "") {
      try {
        parsed = JSON.parse(answer.text);
      } catch {
        if (ok) throw new GymccError(answer.status, "invalid_reply", `${method} ${url}: not JSON: ${answer.text.slice(0, 200)}`);
      }
    }
    if (!ok) throw serverError(answer.status, parsed, answer.text.slice(0, 500) || answer.statusText);
    return parsed as T;
  }

  /** Lets the keep-alive connections go (Node); the transport still works after, with new ones. */
  async close(): Promise<void> {
    (await this.sender).close();
  }

  async call(op: Op, fields: Fields, vector: boolean): Promise<Fields> {
    const base = vector ? "/v1/vector_envs/" : "/v1/envs/";
    const { instance_id: id, index, ...body } = fields;
    const path = `${base}${String(id)}/`;
    // A vector env's sub-env (the WebSocket's "index"): /v1/vector_envs/{id}/envs/{index}/state/.
    const statePath = index === undefined ? path + "state/" : `${path}envs/${String(index)}/state/`;
    switch (op) {
      case "make":
        return this.request("POST", "/v1/envs/", body);
      case "make_vec":
        return this.request("POST", "/v1/vector_envs/", body);
      case "reset":
        return this.request("POST", path + "reset/", body);
      case "step":
        return this.request("POST", path + "step/", body);
      case "close":
        return this.request("DELETE", path);
      case "get_state":
        return this.request("GET", statePath);
      case "set_state":
        return this.request("PUT", statePath, body);
      case "clone":
        return this.request("POST", path + "clone/");
      case "spaces": {
        const names = vector
          ? ["action_space", "observation_space", "single_action_space", "single_observation_space"]
          : ["action_space", "observation_space"];
        const spaces = await Promise.all(names.map((n) => this.request<SpaceDescription>("GET", `${path}${n}/`)));
        return Object.fromEntries(names.map((n, i) => [n, spaces[i]]));
      }
    }
  }
}
