#pragma once
// JSON in and out of Value. Parsing uses Boost.JSON's SAX parser so that
// integers beyond 64 bits (huge seeds) survive as BigInt. Writing is ours:
// numbers print exactly as Python's repr/json.dumps prints them, which no
// library here does.

#include <cstdint>
#include <string>
#include <string_view>

#include "gymcc/value.hpp"

namespace gymcc::json {

// How to write values JSON has no literal for.
enum class NonFinite {
  kPythonLiteral,  // Infinity, -Infinity, NaN — what Python's json.dumps writes
  kString          // "Infinity", "-Infinity", "NaN" — the HTTP peer's encoding
};

struct WriteOptions {
  NonFinite non_finite = NonFinite::kPythonLiteral;
};

// Throws gymcc::Error(kInvalidArgument) with position on malformed input.
Value parse(std::string_view text);

void write(const Value& value, std::string& out, const WriteOptions& options = {});
std::string to_string(const Value& value, const WriteOptions& options = {});

// Appends a double as Python's repr does: shortest round-trip digits,
// "1.0", "1e-05", "1e+16", "inf" handled per options.
void write_double(double value, std::string& out, const WriteOptions& options = {});

// Appends an integer's decimal digits.
void write_int(std::int64_t value, std::string& out);

// Appends a JSON string literal with escapes.
void write_string(std::string_view text, std::string& out);

}  // namespace gymcc::json
