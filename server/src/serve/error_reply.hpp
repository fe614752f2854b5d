#pragma once
// Every failure a request can meet, mapped in one place to what every
// transport answers: a status (HTTP's numbers), a stable snake_case code and
// a detail text. REST writes it as its dialect's error body, WebSocket as an
// error reply; gRPC maps the same triple to a google.rpc.Status.

#include <string>
#include <string_view>

#include "gymcc/errors.hpp"

namespace gymcc::serve {

// A client mistake found by the server itself (a missing field, an unknown
// instance), with its status and code.
struct ClientError {
  int status;
  std::string code;
  std::string detail;
};

struct ErrorReply {
  int status = 500;
  std::string code;
  std::string detail;
};

// The status for a library error: every one is the client's mistake.
constexpr int status_for(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kResetNeeded:
    case ErrorCode::kNotRenderable:
    case ErrorCode::kInvalidAction:
    case ErrorCode::kInvalidSeed:
    case ErrorCode::kInvalidOptions:
    case ErrorCode::kInvalidKwarg:
    case ErrorCode::kMalformedId:
    case ErrorCode::kUnknownEnv:
    case ErrorCode::kUnknownVersion:
    case ErrorCode::kDeprecatedEnv:
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kInvalidState:
      return 400;
  }
  return 400;
}

// What the request that is failing gets, for the exception being handled:
// call it only inside a catch block. `wrong_type_detail` is the detail when a
// decoded field had the wrong type; anything unexpected is logged with
// `where` and answered 500 internal_error.
ErrorReply current_error_reply(std::string_view wrong_type_detail, std::string_view where);

}  // namespace gymcc::serve
