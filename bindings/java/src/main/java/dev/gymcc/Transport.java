package dev.gymcc;

import java.util.Map;

/**
 * The two ways to reach a server behind one interface: REST with JSON bodies and a WebSocket
 * session. Both speak in the WebSocket protocol's terms — an op and the REST body's fields
 * (docs/fast-paths.md) — so that Env and VectorEnv need not know which.
 */
interface Transport {
  /**
   * One operation (make, make_vec, reset, step, spaces, close, get_state, set_state or clone) and
   * its decoded answer.
   */
  Map<String, Object> call(String op, Map<String, Object> fields, boolean vector);

  /** Sends an operation and returns its answer when it comes (pipelined on a session). */
  default java.util.concurrent.CompletableFuture<Map<String, Object>> callAsync(
      String op, Map<String, Object> fields, boolean vector) {
    return java.util.concurrent.CompletableFuture.completedFuture(call(op, fields, vector));
  }
}
