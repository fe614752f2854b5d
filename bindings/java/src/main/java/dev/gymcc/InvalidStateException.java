package dev.gymcc;

/**
 * The server refused a snapshot (400 {@code invalid_state}): malformed, tampered with, or of
 * another env id, kwargs, time limit, render mode or format version (docs/snapshots.md);
 * {@link #detail()} names the field. A refused {@code setState} leaves the instance as it was.
 * Also what {@code getState} of a vector env gives whose sub-envs cannot be rebuilt from one
 * set of kwargs (FrozenLake with generated maps): snapshot its sub-envs one by one.
 */
public class InvalidStateException extends GymccException {
  private static final long serialVersionUID = 1L;

  public InvalidStateException(int status, String code, String detail) {
    super(status, code, detail);
  }
}
