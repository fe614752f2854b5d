#include <string>

#include "cli.hpp"
#include "gymcc/json.hpp"

namespace gymcc::cli {

Seed parse_seed_text(const std::string& text) {
  if (auto seed = Seed::from_decimal(text)) return *seed;
  if (!text.empty() && text[0] == '-' && Seed::from_decimal(text.substr(1))) {
    throw Error(ErrorCode::kInvalidSeed,
                "Seed must be greater or equal to zero, actual value: " + text);
  }
  throw Error(ErrorCode::kInvalidSeed, "Seed must be a non-negative integer, got '" + text + "'");
}

Seed seed_from_value(const Value& value) {
  if (value.is_int()) {
    if (value.as_int() < 0) {
      throw Error(ErrorCode::kInvalidSeed, "Seed must be greater or equal to zero, actual value: " +
                                               std::to_string(value.as_int()));
    }
    return Seed(static_cast<std::uint64_t>(value.as_int()));
  }
  if (value.kind() == Value::Kind::kBigInt) return parse_seed_text(value.as_bigint().decimal);
  throw Error(ErrorCode::kInvalidSeed, "Seed must be a python integer, actual type: <class '" +
                                           std::string(python_type_name(value)) + "'>");
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
