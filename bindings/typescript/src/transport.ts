// The two ways to reach a server, behind one interface: REST with JSON bodies (HttpTransport,
// over fetch: keep-alive by default in Node and browsers) and a WebSocket session with
// MessagePack messages (session.ts). Both speak in the WebSocket protocol's terms — an op and
// the REST body's fields (docs/fast-paths.md) — so that Env and VectorEnv need not know which.

import type { components } from "./generated/openapi.js";
import { ConnectionError, GymccError, TimeoutError, serverError } from "./errors.js";
import { toJSONText } from "./wire.js";

/** The operations (WebSocket `op`s) an env needs. */
export type Op = "make" | "make_vec" | "reset" | "step" | "spaces" | "close";

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
  /** The fetch to use (default: the global one). */
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
  private readonly fetch: typeof fetch;

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
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== "function") throw new TypeError("no fetch: pass options.fetch (Node >= 18 has one)");
    this.fetch = f.bind(globalThis);
  }

  /** One request; the decoded JSON answer. Errors: GymccError, ConnectionError, TimeoutError. */
  async request<T = Fields>(method: string, path: string, body?: unknown): Promise<T> {
    const url = this.baseUrl + path;
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(url, {
        method,
        headers: this.headers,
        body: body === undefined ? undefined : toJSONText(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === "TimeoutError" || name === "AbortError") {
        throw new TimeoutError(`${method} ${url}: no answer within ${this.timeoutMs} ms`);
      }
      throw new ConnectionError(`${method} ${url}: ${(e as Error).message}`, { cause: e });
    }
    let parsed: unknown = undefined;
    if (text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        if (response.ok) throw new GymccError(response.status, "invalid_reply", `${method} ${url}: not JSON: ${text.slice(0, 200)}`);
      }
    }
    if (!response.ok) throw serverError(response.status, parsed, text.slice(0, 500) || response.statusText);
    return parsed as T;
  }

  async call(op: Op, fields: Fields, vector: boolean): Promise<Fields> {
    const base = vector ? "/v1/vector_envs/" : "/v1/envs/";
    const { instance_id: id, ...body } = fields;
    const path = `${base}${String(id)}/`;
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
