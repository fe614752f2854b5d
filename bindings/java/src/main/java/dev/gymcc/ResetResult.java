package dev.gymcc;

import java.util.Map;

/** What gymnasium's reset returns: the first observation and its info. */
public record ResetResult(Object observation, Map<String, Object> info) {}
