// The JSON parser (libenv/src/json.cpp): any bytes either parse or throw
// gymcc::Error, and what parses writes back to text that parses to the same
// value and writes the same text again.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "gymcc/errors.hpp"
#include "gymcc/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gymcc;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Value value;
  try {
    value = json::parse(text);
  } catch (const Error&) {
    return 0;  // malformed input is an Error; anything else escapes and is a finding
  }
  // Both writers must take any parsed value.
  const std::string written = json::to_string(value);
  const std::string as_strings = json::to_string(value, {json::NonFinite::kString});
  // Non-finite floats (1e999) write as literals our parser does not read back.
  if (fuzz::has_non_finite(value)) return 0;
  if (written != as_strings) fuzz::fail("the non-finite setting changed finite output", written);
  Value again;
  try {
    again = json::parse(written);
  } catch (const Error& e) {
    fuzz::fail("written JSON does not parse", written + "\n" + e.what());
  }
  if (!fuzz::same(value, again)) fuzz::fail("parse(write(v)) != v", written);
  if (json::to_string(again) != written) fuzz::fail("write is not stable", written);
  return 0;
}
