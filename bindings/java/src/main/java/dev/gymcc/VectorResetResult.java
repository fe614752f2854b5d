package dev.gymcc;

import java.util.Map;

/** A vector env's reset: batched observations and gymnasium's batched infos. */
public record VectorResetResult(Object observations, Map<String, Object> infos) {}
