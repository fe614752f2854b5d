// How a REST request goes out. In browsers (or with options.fetch): fetch. In Node: node:http
// with a keep-alive agent of the client's own, which writes a request in one segment with
// TCP_NODELAY. Node 20's fetch (undici) took 20-40 ms per step on loopback here, the mark of
// a body written after its headers with Nagle's algorithm on, waiting for a delayed ACK
// (node:http with the headers and body written apart and noDelay off does the same).

import { ConnectionError, TimeoutError } from "./errors.js";

export interface Answer {
  status: number;
  statusText: string;
  text: string;
}

export interface Sender {
  send(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<Answer>;
  close(): void;
}

const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";

function timeout(method: string, url: string, ms: number): TimeoutError {
  return new TimeoutError(`${method} ${url}: no answer within ${ms} ms`);
}

export function fetchSender(f: typeof fetch, timeoutMs: number): Sender {
  return {
    async send(method, url, headers, body) {
      try {
        const response = await f(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
        return { status: response.status, statusText: response.statusText, text: await response.text() };
      } catch (e) {
        const name = (e as { name?: string }).name;
        if (name === "TimeoutError" || name === "AbortError") throw timeout(method, url, timeoutMs);
        throw new ConnectionError(`${method} ${url}: ${(e as Error).message}`, { cause: e });
      }
    },
    close() {},
  };
}

async function nodeSender(timeoutMs: number): Promise<Sender> {
  const http = await import("node:http");
  const https = await import("node:https");
  const agents = {
    "http:": new http.Agent({ keepAlive: true, noDelay: true }),
    "https:": new https.Agent({ keepAlive: true, noDelay: true }),
  };
  return {
    send(method, url, headers, body) {
      const target = new URL(url);
      const client = target.protocol === "https:" ? https : http;
      const payload = body === undefined ? undefined : Buffer.from(body, "utf8");
      return new Promise<Answer>((resolve, reject) => {
        const request = client.request(
          target,
          {
            method,
            agent: agents[target.protocol as "http:" | "https:"],
            headers: payload === undefined ? headers : { ...headers, "Content-Length": String(payload.length) },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () =>
              resolve({
                status: response.statusCode ?? 0,
                statusText: response.statusMessage ?? "",
                text: Buffer.concat(chunks).toString("utf8"),
              }),
            );
            response.on("error", (e) => reject(new ConnectionError(`${method} ${url}: ${e.message}`, { cause: e })));
          },
        );
        request.setTimeout(timeoutMs, () => request.destroy(timeout(method, url, timeoutMs)));
        request.on("error", (e) =>
          reject(e instanceof TimeoutError ? e : new ConnectionError(`${method} ${url}: ${e.message}`, { cause: e })),
        );
        request.end(payload); // headers and body in one write
      });
    },
    close() {
      agents["http:"].destroy();
      agents["https:"].destroy();
    },
  };
}

/** The sender for a client: its own fetch if given, else node:http in Node, else the global fetch. */
export async function makeSender(f: typeof fetch | undefined, timeoutMs: number): Promise<Sender> {
  if (f !== undefined) return fetchSender(f, timeoutMs);
  if (isNode) return nodeSender(timeoutMs);
  if (typeof globalThis.fetch !== "function") throw new TypeError("no fetch: pass options.fetch");
  return fetchSender(globalThis.fetch.bind(globalThis), timeoutMs);
}
