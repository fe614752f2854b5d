#include <string>

#include "cli.hpp"
#include "gymcc/json.hpp"
#include "gymcc/python.hpp"

namespace gymcc::cli {

Seed parse_seed_text(const std::string& text) {
  if (auto seed = Seed::from_decimal(text)) return *seed;
  if (!text.empty() && text[0] == '-' && Seed::from_decimal(text.substr(1))) {
    python::throw_negative_seed(text);
  }
  throw Error(ErrorCode::kInvalidSeed, "Seed must be a non-negative integer, got '" + text + "'");
}

Seed seed_from_value(const Value& value) {
  if (auto seed = python::seed_from_value(value)) return *seed;
  python::throw_seed_type(python_type_name(value));
}

Value parse_json_object_arg(const std::string& text, const char* what) {
  if (text.empty()) return Value();
  Value value;
  try {
    value = json::parse(text);
  } catch (const Error& e) {
    throw Error(ErrorCode::kInvalidArgument, std::string(what) + ": " + e.what());
  }
  if (!value.is_dict() && !value.is_null()) {
    throw Error(ErrorCode::kInvalidArgument, std::string(what) + " must be a JSON object");
  }
  return value;
}

}  // namespace gymcc::cli
