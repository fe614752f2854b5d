package dev.gymcc;

/**
 * An error the server answered: the HTTP status, the API's {@code code} and its {@code detail}
 * (docs/api.md), the same over REST and a WebSocket session. Two codes have their own subclass:
 * {@link InvalidStateException} ({@code invalid_state}) and {@link InstanceNotFoundException}
 * ({@code instance_not_found}, {@code sub_env_not_found}).
 *
 * <pre>{@code
 * try { env.step(0); } catch (GymccException e) { if (e.code().equals("reset_needed")) ... }
 * }</pre>
 */
public class GymccException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final String detail;

  public GymccException(int status, String code, String detail) {
    super("gymcc: " + detail + " (HTTP " + status + ", " + code + ")");
    this.status = status;
    this.code = code;
    this.detail = detail;
  }

  /** The HTTP status: 400, 404, 422, 503, ... */
  public int status() {
    return status;
  }

  /** The API's code: invalid_action, reset_needed, unknown_env, ... */
  public String code() {
    return code;
  }

  /** The server's message, e.g. gymnasium's "Environment `Foo` doesn't exist." */
  public String detail() {
    return detail;
  }

  /** The error for an error body {"detail", "code"} (REST) or {"status", "code", "detail"}. */
  static GymccException fromBody(int status, Object body, String fallback) {
    String code = "unknown";
    String detail = fallback;
    if (body instanceof java.util.Map<?, ?> fields) {
      if (fields.get("code") instanceof String c) code = c;
      if (fields.get("detail") instanceof String d) detail = d;
      else if (fields.get("message") instanceof String m) detail = m;
      if (status == 0 && fields.get("status") instanceof Number s) status = s.intValue();
    }
    return switch (code) {
      case "invalid_state" -> new InvalidStateException(status, code, detail);
      case "instance_not_found", "sub_env_not_found" -> new InstanceNotFoundException(status, code, detail);
      default -> new GymccException(status, code, detail);
    };
  }
}
