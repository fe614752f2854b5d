package dev.gymcc;

/**
 * The server could not be reached, the connection broke before an answer, or no answer came
 * within the client's timeout ({@link #isTimeout()}).
 */
public class ConnectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean timeout;

  public ConnectionException(String message, Throwable cause, boolean timeout) {
    super("gymcc: " + message, cause);
    this.timeout = timeout;
  }

  /** True when the call gave up because no answer came within the timeout. */
  public boolean isTimeout() {
    return timeout;
  }
}
