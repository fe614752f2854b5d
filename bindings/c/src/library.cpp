// The library-level functions of gymcc_c.h: version, names, registry.

#include "gymcc/envs/all.hpp"
#include "gymcc/json.hpp"
#include "handles.hpp"

// The header's version must be the project's (CMakeLists.txt passes it).
static_assert(GYMCC_VERSION_MAJOR == GYMCC_PROJECT_VERSION_MAJOR &&
                  GYMCC_VERSION_MINOR == GYMCC_PROJECT_VERSION_MINOR &&
                  GYMCC_VERSION_PATCH == GYMCC_PROJECT_VERSION_PATCH,
              "gymcc_c.h's GYMCC_VERSION_* differ from the project version in CMakeLists.txt");

extern "C" {

const char* gymcc_status_name(int status) noexcept {
  switch (status) {
    case GYMCC_OK:
      return "ok";
    case GYMCC_ERR_MALFORMED_ID:
      return "malformed_id";
    case GYMCC_ERR_UNKNOWN_ENV:
      return "unknown_env";
    case GYMCC_ERR_UNKNOWN_VERSION:
      return "unknown_version";
    case GYMCC_ERR_DEPRECATED_ENV:
      return "deprecated_env";
    case GYMCC_ERR_INVALID_KWARG:
      return "invalid_kwarg";
    case GYMCC_ERR_INVALID_SEED:
      return "invalid_seed";
    case GYMCC_ERR_INVALID_OPTIONS:
      return "invalid_options";
    case GYMCC_ERR_INVALID_ACTION:
      return "invalid_action";
    case GYMCC_ERR_RESET_NEEDED:
      return "reset_needed";
    case GYMCC_ERR_NOT_RENDERABLE:
      return "not_renderable";
    case GYMCC_ERR_INVALID_ARGUMENT:
      return "invalid_argument";
    case GYMCC_ERR_INVALID_JSON:
      return "invalid_json";
    case GYMCC_ERR_BUFFER_TOO_SMALL:
      return "buffer_too_small";
    case GYMCC_ERR_OUT_OF_MEMORY:
      return "out_of_memory";
    case GYMCC_ERR_INTERNAL:
      return "internal";
    case GYMCC_ERR_INVALID_STATE:
      return "invalid_state";
    default:
      return "unknown";
  }
}

int gymcc_version(void) noexcept { return GYMCC_VERSION; }

const char* gymcc_version_string(void) noexcept { return GYMCC_PROJECT_VERSION; }

int gymcc_registry_json(char* buffer, size_t size, size_t* length) noexcept {
  gymcc::c_api::ErrorSlot ignored;
  return gymcc::c_api::guarded(ignored, [&] {
    gymcc::List specs;
    for (const gymcc::EnvSpec* spec : gymcc::envs::default_registry().specs()) {
      specs.push_back(spec->describe());
    }
    return gymcc::c_api::write_text(gymcc::json::to_string(gymcc::Value(std::move(specs))), buffer,
                                    size, length, "the registry");
  });
}

size_t gymcc_dtype_size(int dtype) noexcept {
  const auto d = gymcc::c_api::dtype_of_code(dtype);
  return d ? gymcc::dtype_itemsize(*d) : 0;
}

const char* gymcc_dtype_name(int dtype) noexcept {
  const auto d = gymcc::c_api::dtype_of_code(dtype);
  return d ? gymcc::dtype_name(*d).data() : "";  // the names are literals
}

}  // extern "C"
