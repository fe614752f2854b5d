#include <cstring>
#include <exception>
#include <new>

#include "gymcc/errors.hpp"
#include "gymcc/json.hpp"
#include "handles.hpp"

namespace gymcc::c_api {

namespace {

int status_of(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kMalformedId:
      return GYMCC_ERR_MALFORMED_ID;
    case ErrorCode::kUnknownEnv:
      return GYMCC_ERR_UNKNOWN_ENV;
    case ErrorCode::kUnknownVersion:
      return GYMCC_ERR_UNKNOWN_VERSION;
    case ErrorCode::kDeprecatedEnv:
      return GYMCC_ERR_DEPRECATED_ENV;
    case ErrorCode::kInvalidKwarg:
      return GYMCC_ERR_INVALID_KWARG;
    case ErrorCode::kInvalidSeed:
      return GYMCC_ERR_INVALID_SEED;
    case ErrorCode::kInvalidOptions:
      return GYMCC_ERR_INVALID_OPTIONS;
    case ErrorCode::kInvalidAction:
      return GYMCC_ERR_INVALID_ACTION;
    case ErrorCode::kResetNeeded:
      return GYMCC_ERR_RESET_NEEDED;
    case ErrorCode::kNotRenderable:
      return GYMCC_ERR_NOT_RENDERABLE;
    case ErrorCode::kInvalidArgument:
      return GYMCC_ERR_INVALID_ARGUMENT;
    case ErrorCode::kInvalidState:
      return GYMCC_ERR_INVALID_STATE;
  }
  return GYMCC_ERR_INTERNAL;
}

std::string negative_seed_message(const std::string& digits) {
  return "Seed must be greater or equal to zero, actual value: " + digits;
}

Seed nonnegative_seed(std::int64_t seed) {
  if (seed < 0) throw Error(ErrorCode::kInvalidSeed, negative_seed_message(std::to_string(seed)));
  return Seed(static_cast<std::uint64_t>(seed));
}

}  // namespace

void fail(int status, std::string message) { throw Failure{status, std::move(message)}; }

void ErrorSlot::set(const char* message) noexcept {
  const std::size_t n = std::min(std::strlen(message), sizeof text_ - 1);
  std::memcpy(text_, message, n);
  text_[n] = '\0';
}

int report_current_exception(ErrorSlot& slot) noexcept {
  try {
    throw;
  } catch (const Failure& f) {
    slot.set(f.message.c_str());
    return f.status;
  } catch (const Error& e) {
    slot.set(e.what());
    return status_of(e.code());
  } catch (const std::bad_alloc&) {
    slot.set("out of memory");
    return GYMCC_ERR_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    slot.set(e.what());
    return GYMCC_ERR_INTERNAL;
  } catch (...) {
    slot.set("unknown exception");
    return GYMCC_ERR_INTERNAL;
  }
}

Value parse_json_arg(const char* text, const char* what) {
  if (text == nullptr) return Value();
  try {
    return json::parse(text);
  } catch (const Error& e) {
    fail(GYMCC_ERR_INVALID_JSON, std::string(what) + ": " + e.what());
  }
}

const Value* reset_options(const Value& options) {
  if (options.is_null()) return nullptr;
  if (!options.is_dict()) {
    throw Error(ErrorCode::kInvalidOptions, "options must be a JSON object or null");
  }
  return &options;
}

std::optional<Seed> seed_from_int(std::int64_t seed) {
  if (seed == GYMCC_NO_SEED) return std::nullopt;
  return nonnegative_seed(seed);
}

// The HTTP API's seed rules (server/src/serve/body.cpp), with its messages.
std::optional<Seed> seed_from_value(const Value& seed) {
  if (seed.is_null()) return std::nullopt;
  if (seed.is_int()) return nonnegative_seed(seed.as_int());
  if (seed.kind() == Value::Kind::kBigInt) {
    const std::string& digits = seed.as_bigint().decimal;
    if (auto s = Seed::from_decimal(digits)) return s;
    throw Error(ErrorCode::kInvalidSeed, negative_seed_message(digits));
  }
  throw Error(ErrorCode::kInvalidSeed, "Seed must be a python integer, actual type: <class '" +
                                           std::string(python_type_name(seed)) + "'>");
}

std::optional<Seed> seed_from_json(const char* seed_json) {
  return seed_from_value(parse_json_arg(seed_json, "seed_json"));
}

void seed_space(Space& space, const std::optional<Seed>& seed) {
  if (!seed) throw Error(ErrorCode::kInvalidSeed, "seeding a space needs a seed");
  space.seed(*seed);
}

MakeOptions make_options(const char* kwargs_json, const char* render_mode,
                         std::int64_t max_episode_steps) {
  MakeOptions options;
  options.kwargs = parse_json_arg(kwargs_json, "kwargs_json");
  if (render_mode != nullptr) options.render_mode = std::string(render_mode);
  if (max_episode_steps == -1 || max_episode_steps > 0) {
    options.max_episode_steps = max_episode_steps;
  } else if (max_episode_steps != GYMCC_REGISTERED_LIMIT) {
    throw Error(ErrorCode::kInvalidArgument,
                "max_episode_steps must be positive, -1 (no limit) or GYMCC_REGISTERED_LIMIT, "
                "got " +
                    std::to_string(max_episode_steps));
  }
  return options;
}

std::string env_id_arg(const char* env_id) {
  if (env_id == nullptr) throw Error(ErrorCode::kInvalidArgument, "env_id is NULL");
  return env_id;
}

void check_input(const gymcc_space& space, const void* buffer, std::size_t size, const char* what) {
  if (buffer == nullptr) throw Error(ErrorCode::kInvalidArgument, std::string(what) + " is NULL");
  if (size != space.nbytes) {
    throw Error(ErrorCode::kInvalidArgument, std::string(what) + " holds " + std::to_string(size) +
                                                 " bytes, a " + space.name + " value takes " +
                                                 std::to_string(space.nbytes));
  }
}

void check_output(const gymcc_space& space, const void* buffer, std::size_t size,
                  const char* what) {
  if (buffer != nullptr && size < space.nbytes) {
    fail(GYMCC_ERR_BUFFER_TOO_SMALL, std::string(what) + " holds " + std::to_string(size) +
                                         " bytes, a " + space.name + " value takes " +
                                         std::to_string(space.nbytes));
  }
}

int write_text(const std::string& text, char* buffer, std::size_t size, std::size_t* length,
               const char* what) {
  if (buffer == nullptr && size > 0) {
    throw Error(ErrorCode::kInvalidArgument, std::string(what) + ": the buffer is NULL");
  }
  if (length != nullptr) *length = text.size();
  if (size > 0) {
    const std::size_t n = std::min(text.size(), size - 1);
    std::memcpy(buffer, text.data(), n);
    buffer[n] = '\0';
  }
  if (text.size() >= size) {
    fail(GYMCC_ERR_BUFFER_TOO_SMALL, std::string(what) + " needs " +
                                         std::to_string(text.size() + 1) +
                                         " bytes, the buffer holds " + std::to_string(size));
  }
  return GYMCC_OK;
}

}  // namespace gymcc::c_api
