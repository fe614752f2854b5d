package dev.gymcc;

import java.util.Map;

/** A vector env's step, batched. */
public record VectorStepResult(
    Object observations, double[] rewards, boolean[] terminated, boolean[] truncated, Map<String, Object> infos) {}
