package dev.gymcc;

import java.util.Map;

/** What gymnasium's step returns. */
public record StepResult(Object observation, double reward, boolean terminated, boolean truncated, Map<String, Object> info) {}
