// A WebSocket session with a gymcc server (docs/fast-paths.md): one socket, binary MessagePack
// messages, replies in request order — so calls are pipelined: issue many (e.g. one step per
// env, or steps of several envs) and await them together, and the socket carries them without
// a round trip each. Instances made on a session belong to it and close with it.

import { ClosedError, ConnectionError, TimeoutError, serverError } from "./errors.js";
import { type ConnectionOptions, DEFAULT_TIMEOUT_MS, type Fields, type Op, type Transport, apiKeyOf } from "./transport.js";
import { fitsMessagePack, packMessage, toJSONText, unpackMessage } from "./wire.js";

/** The little a session needs of a socket, from `ws` (Node) or the browser's WebSocket. */
interface Socket {
  send(data: Uint8Array | string): void;
  close(code?: number): void;
}

interface Pending {
  resolve: (reply: Fields) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";

/** The server's WebSocket URL for a base URL (`http://host:port[/prefix]` or a `ws(s)://` URL). */
export function webSocketUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  const secure = url.protocol === "https:" || url.protocol === "wss:";
  if (!["http:", "https:", "ws:", "wss:"].includes(url.protocol)) {
    throw new TypeError(`expected an http(s):// or ws(s):// URL, got ${baseUrl}`);
  }
  let path = url.pathname.replace(/\/+$/, "");
  if (!path.endsWith("/v1/ws")) path += "/v1/ws";
  return `${secure ? "wss" : "ws"}://${url.host}${path}`;
}

async function openSocket(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
  onMessage: (data: Uint8Array | string) => void,
  onClose: (why: string) => void,
): Promise<Socket> {
  if (isNode) {
    const { default: WebSocket } = await import("ws");
    const ws = new WebSocket(url, { headers, perMessageDeflate: false, handshakeTimeout: timeoutMs });
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", (e) => reject(new ConnectionError(`cannot open ${url}: ${e.message}`, { cause: e })));
    });
    ws.on("message", (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      onMessage(isBinary ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes.toString("utf8"));
    });
    ws.on("close", (code, reason) => onClose(`the server closed the connection (${code} ${reason.toString()})`));
    ws.on("error", (e) => onClose(`connection error (${e.message})`));
    // No Nagle delay on the requests of a pipelined exchange.
    (ws as unknown as { _socket?: { setNoDelay?: (b: boolean) => void } })._socket?.setNoDelay?.(true);
    return ws;
  }
  const WebSocketClass = (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
  if (WebSocketClass === undefined) throw new ConnectionError("this runtime has no WebSocket");
  const ws = new WebSocketClass(url);
  ws.binaryType = "arraybuffer";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(`cannot open ${url} within ${timeoutMs} ms`)), timeoutMs);
    ws.onopen = () => {
      clearTimeout(timer);
      resolve();
    };
    ws.onerror = () => {
      clearTimeout(timer);
      reject(new ConnectionError(`cannot open ${url}`));
    };
  });
  ws.onmessage = (event: MessageEvent) => {
    onMessage(typeof event.data === "string" ? event.data : new Uint8Array(event.data as ArrayBuffer));
  };
  ws.onclose = (event: CloseEvent) => onClose(`the server closed the connection (${event.code} ${event.reason})`);
  return ws;
}

/** One WebSocket to a server; the transport of the Envs and VectorEnvs made on it. */
export class SessionTransport implements Transport {
  readonly pipelined = true;
  private socket: Socket | undefined;
  private readonly pending: Pending[] = [];
  private lost: string | undefined;

  private constructor(
    readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  static async open(baseUrl: string, options: ConnectionOptions = {}): Promise<SessionTransport> {
    const url = webSocketUrl(baseUrl);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const headers: Record<string, string> = {};
    const key = apiKeyOf(options);
    if (key !== undefined) headers["Authorization"] = `Bearer ${key}`;
    const session = new SessionTransport(url, timeoutMs);
    session.socket = await openSocket(
      url,
      headers,
      timeoutMs,
      (data) => session.receive(data),
      (why) => session.lose(why),
    );
    return session;
  }

  get closed(): boolean {
    return this.socket === undefined;
  }

  call(op: Op, fields: Fields): Promise<Fields> {
    const socket = this.socket;
    if (socket === undefined) {
      return Promise.reject(
        this.lost === undefined ? new ClosedError("the session is closed") : new ConnectionError(`${this.url}: ${this.lost}`),
      );
    }
    const message = { op, ...fields };
    return new Promise<Fields>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A late reply would pair with the next request: this socket cannot be trusted again.
        this.lose(`no reply within ${this.timeoutMs} ms`, new TimeoutError(`${this.url}: no reply within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.push({ resolve, reject, timer });
      try {
        // MessagePack has no integers beyond 64 bits: such a request (a huge seed) goes as JSON text.
        socket.send(fitsMessagePack(message) ? packMessage(message) : toJSONText(message));
      } catch (e) {
        this.lose(`cannot send (${(e as Error).message})`);
      }
    });
  }

  private receive(data: Uint8Array | string): void {
    const waiting = this.pending.shift();
    if (waiting === undefined) {
      this.lose("a reply to no request");
      return;
    }
    clearTimeout(waiting.timer);
    let reply: unknown;
    try {
      reply = typeof data === "string" ? JSON.parse(data) : unpackMessage(data);
    } catch (e) {
      waiting.reject(new ConnectionError(`${this.url}: unreadable reply: ${(e as Error).message}`));
      this.lose("an unreadable reply");
      return;
    }
    if (reply === null || typeof reply !== "object" || Array.isArray(reply)) {
      waiting.reject(new ConnectionError(`${this.url}: a reply that is not a map`));
      this.lose("a reply that is not a map");
      return;
    }
    const fields = reply as Fields;
    if ("error" in fields) waiting.reject(serverError(undefined, fields["error"], JSON.stringify(fields["error"])));
    else waiting.resolve(fields);
  }

  private lose(why: string, error?: Error): void {
    if (this.socket !== undefined) {
      this.lost = why;
      const socket = this.socket;
      this.socket = undefined;
      try {
        socket.close();
      } catch {
        // already closing
      }
    }
    for (const waiting of this.pending.splice(0)) {
      clearTimeout(waiting.timer);
      waiting.reject(error ?? new ConnectionError(`${this.url}: ${why}`));
    }
  }

  /** Closes the socket; the server then closes every instance made on it. */
  close(): void {
    if (this.socket === undefined) return;
    const socket = this.socket;
    this.socket = undefined;
    for (const waiting of this.pending.splice(0)) {
      clearTimeout(waiting.timer);
      waiting.reject(new ClosedError("the session was closed before the reply"));
    }
    socket.close(1000);
  }
}
