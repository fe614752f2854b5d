#pragma once
// Reading request bodies: JSON parsing and typed field access, raising the
// right status (a ClientError) for each kind of client mistake.

#include <optional>
#include <string>
#include <string_view>

#include "gymcc/errors.hpp"
#include "gymcc/json.hpp"
#include "gymcc/rng.hpp"
#include "serve/error_reply.hpp"

namespace gymcc::serve {

// Parses a body; an empty body is null. Malformed JSON → 400 invalid_json.
Value parse_body(std::string_view body);

// The body as an object: null/empty gives an empty dict when `optional`;
// anything else not an object → 422.
const Value& body_object(const Value& body, bool optional);

// A required field (missing → 422 "Field required").
const Value& required_field(const Value& object, std::string_view name);

// An optional string field: absent/null → nullopt; wrong type → 422.
std::optional<std::string> optional_string(const Value& object, std::string_view name);

// gymnasium's seed rules: null → nullopt; a non-negative int (any size) →
// Seed; anything else → 400 with gymnasium's message.
std::optional<Seed> seed_field(const Value& object, std::string_view name);
// The same rules for a value (a list entry).
std::optional<Seed> seed_value(const Value& value);

// gymnasium.make's max_episode_steps: absent/null keeps the registered
// TimeLimit, a positive int replaces it, -1 removes it; else 422.
std::optional<std::int64_t> max_episode_steps_field(const Value& object);

// An optional positive integer field: absent/null → nullopt; anything else
// (0, negatives, floats, booleans, strings) → 422 invalid_field.
std::optional<std::int64_t> optional_positive_int(const Value& object, std::string_view name);

// An optional object field (null → nullptr); wrong type → 422.
const Value* optional_object(const Value& object, std::string_view name);

}  // namespace gymcc::serve
