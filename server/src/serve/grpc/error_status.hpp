#pragma once
// The gRPC status code of a failure, from the status and code every
// transport shares (error_reply.hpp): the same mistake answers 404 over REST
// and NOT_FOUND over gRPC, with the same message.

#include <grpcpp/support/status_code_enum.h>

#include "serve/error_reply.hpp"

namespace gymcc::serve::rpc {

inline grpc::StatusCode grpc_code(const ErrorReply& error) noexcept {
  if (error.code == "reset_needed") return grpc::StatusCode::FAILED_PRECONDITION;
  if (error.code == "at_capacity") return grpc::StatusCode::RESOURCE_EXHAUSTED;
  switch (error.status) {
    case 400:
    case 413:
    case 415:
    case 422:
      return grpc::StatusCode::INVALID_ARGUMENT;
    case 401:
      return grpc::StatusCode::UNAUTHENTICATED;
    case 403:
      return grpc::StatusCode::PERMISSION_DENIED;
    case 404:
      return grpc::StatusCode::NOT_FOUND;
    case 409:
      return grpc::StatusCode::FAILED_PRECONDITION;
    case 429:
      return grpc::StatusCode::RESOURCE_EXHAUSTED;
    case 501:
      return grpc::StatusCode::UNIMPLEMENTED;
    case 503:
      return grpc::StatusCode::UNAVAILABLE;
    case 500:
      return grpc::StatusCode::INTERNAL;
    default:
      return grpc::StatusCode::UNKNOWN;
  }
}

}  // namespace gymcc::serve::rpc
