package dev.gymcc;

/**
 * The server has no such instance (404 {@code instance_not_found}: closed, never made, or
 * another API key's), or a vector env has no sub-env of that index (404
 * {@code sub_env_not_found}); {@link #code()} tells which.
 */
public class InstanceNotFoundException extends GymccException {
  private static final long serialVersionUID = 1L;

  public InstanceNotFoundException(int status, String code, String detail) {
    super(status, code, detail);
  }
}
