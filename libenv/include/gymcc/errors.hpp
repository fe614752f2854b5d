#pragma once
// Typed errors so that front ends (CLI, server, bindings) map each failure to
// an exit code or HTTP status in one place. Messages follow gymnasium's text
// where gymnasium has one, so clients see the same words as with the peer.

#include <stdexcept>
#include <string>

namespace gymcc {

enum class ErrorCode {
  kMalformedId,      // id does not match [namespace/]name[-vN]
  kUnknownEnv,       // namespace or name not registered
  kUnknownVersion,   // version newer than any registered
  kDeprecatedEnv,    // version older than the latest registered
  kInvalidKwarg,     // unknown kwarg or wrong type
  kInvalidSeed,      // negative or non-integer seed
  kInvalidOptions,   // reset options rejected by the env
  kInvalidAction,    // action not in the action space
  kResetNeeded,      // step before reset
  kNotRenderable,    // render without a render mode
  kInvalidArgument,  // anything else the caller got wrong
  kInvalidState      // a snapshot that is malformed, foreign or out of range
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

// Stable snake_case name of a code, for JSON error bodies and logs.
constexpr const char* error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kMalformedId:
      return "malformed_id";
    case ErrorCode::kUnknownEnv:
      return "unknown_env";
    case ErrorCode::kUnknownVersion:
      return "unknown_version";
    case ErrorCode::kDeprecatedEnv:
      return "deprecated_env";
    case ErrorCode::kInvalidKwarg:
      return "invalid_kwarg";
    case ErrorCode::kInvalidSeed:
      return "invalid_seed";
    case ErrorCode::kInvalidOptions:
      return "invalid_options";
    case ErrorCode::kInvalidAction:
      return "invalid_action";
    case ErrorCode::kResetNeeded:
      return "reset_needed";
    case ErrorCode::kNotRenderable:
      return "not_renderable";
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kInvalidState:
      return "invalid_state";
  }
  return "error";
}

}  // namespace gymcc
