package dev.gymcc;

/** A call on a closed env, vector env or session. */
public class ClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ClosedException(String what) {
    super("gymcc: " + what + " is closed");
  }
}
