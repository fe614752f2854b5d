// Errors: what the server answered (GymccError: status, code, detail; InvalidStateError for a
// refused snapshot) and what kept it from answering (ConnectionError, TimeoutError).

/** An error the server answered: HTTP `status`, the API's `code` and its `detail` message. */
export class GymccError extends Error {
  override readonly name: string = "GymccError";
  /** The HTTP status (400, 404, 422, 503, ...), the same over REST and the WebSocket. */
  readonly status: number;
  /** The API's error code: `invalid_action`, `reset_needed`, `unknown_env`, ... (docs/api.md). */
  readonly code: string;
  /** The server's message, e.g. gymnasium's ``Environment `Foo` doesn't exist.``. */
  readonly detail: string;

  constructor(status: number, code: string, detail: string) {
    super(`${detail} (HTTP ${status}, ${code})`);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

/**
 * 400 `invalid_state`: a snapshot the server refused — malformed, tampered with, or of another
 * env id, kwargs, time limit, format version (or, for a vector env, `num_envs` or autoreset
 * mode); `detail` names the field. The env it was meant for is left as it was. Also what
 * `getState` answers for a vector env that cannot be snapshotted whole (sub-envs that
 * generated different maps).
 */
export class InvalidStateError extends GymccError {
  override readonly name: string = "InvalidStateError";
}

/** The server could not be reached, or the connection broke before an answer. */
export class ConnectionError extends Error {
  override readonly name: string = "ConnectionError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** No answer within the client's timeout. */
export class TimeoutError extends Error {
  override readonly name: string = "TimeoutError";
}

/** The env (or session) was closed: no more calls. */
export class ClosedError extends Error {
  override readonly name: string = "ClosedError";
}

/** The error for an error body `{"detail", "code"}` (REST) or `{"status", "code", "detail"}` (WebSocket). */
export function serverError(status: number | undefined, body: unknown, fallback: string): GymccError {
  let code = "unknown";
  let detail = fallback;
  if (body !== null && typeof body === "object") {
    const fields = body as Record<string, unknown>;
    if (typeof fields["code"] === "string") code = fields["code"];
    if (typeof fields["detail"] === "string") detail = fields["detail"];
    else if (typeof fields["message"] === "string") detail = fields["message"];
    if (status === undefined && typeof fields["status"] === "number") status = fields["status"];
  }
  if (code === "invalid_state") return new InvalidStateError(status ?? 400, code, detail);
  return new GymccError(status ?? 0, code, detail);
}
