#include "serve/body.hpp"

#include <string>

#include "gymcc/python.hpp"

namespace gymcc::serve {

Value parse_body(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return Value();
  try {
    return json::parse(body);
  } catch (const Error& e) {
    throw ClientError{400, "invalid_json", e.what()};
  }
}

const Value& body_object(const Value& body, bool optional) {
  static const Value kEmpty{Dict{}};
  if (body.is_dict()) return body;
  if (body.is_null() && optional) return kEmpty;
  throw ClientError{422, "invalid_body", "The request body must be a JSON object"};
}

const Value& required_field(const Value& object, std::string_view name) {
  const Value* v = object.find(name);
  if (v == nullptr) {
    throw ClientError{422, "missing_field", "Field required: '" + std::string(name) + "'"};
  }
  return *v;
}

std::optional<std::string> optional_string(const Value& object, std::string_view name) {
  const Value* v = object.find(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string()) {
    throw ClientError{422, "invalid_field",
                      "Field '" + std::string(name) + "' must be a string or null"};
  }
  return v->as_string();
}

std::optional<Seed> seed_field(const Value& object, std::string_view name) {
  const Value* v = object.find(name);
  return v == nullptr ? std::nullopt : seed_value(*v);
}

std::optional<std::int64_t> optional_positive_int(const Value& object, std::string_view name) {
  const Value* v = object.find(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_int() || v->as_int() < 1) {
    throw ClientError{422, "invalid_field",
                      "Field '" + std::string(name) + "' must be a positive integer"};
  }
  return v->as_int();
}

std::optional<std::int64_t> max_episode_steps_field(const Value& object) {
  const Value* v = object.find("max_episode_steps");
  if (v != nullptr && v->is_int() && v->as_int() == -1) return -1;
  if (v != nullptr && !v->is_null() && !(v->is_int() && v->as_int() >= 1)) {
    throw ClientError{
        422, "invalid_field",
        "Field 'max_episode_steps' must be a positive integer, -1 (no limit) or null"};
  }
  return optional_positive_int(object, "max_episode_steps");
}

std::optional<Seed> seed_value(const Value& value) { return python::seed_from_value(value); }

const Value* optional_object(const Value& object, std::string_view name) {
  const Value* v = object.find(name);
  if (v == nullptr || v->is_null()) return nullptr;
  if (!v->is_dict()) {
    throw ClientError{422, "invalid_field",
                      "Field '" + std::string(name) + "' must be an object or null"};
  }
  return v;
}

}  // namespace gymcc::serve
