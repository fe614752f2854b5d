#pragma once
// The gymnasium dialect's routing errors, shared by its route files.

#include <string>
#include <string_view>

#include "http_message.hpp"

namespace gymcc::serve {

inline Response not_found() { return error_response(404, "not_found", "Not Found"); }

inline Response instance_not_found() {
  return error_response(404, "instance_not_found", "Instance not found");
}

inline Response method_not_allowed(std::string_view allow) {
  Response r = error_response(405, "method_not_allowed", "Method Not Allowed");
  r.headers.emplace_back("Allow", std::string(allow));
  return r;
}

}  // namespace gymcc::serve
