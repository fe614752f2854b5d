#include "serve/error_reply.hpp"

#include <exception>
#include <variant>

#include "serve/logger.hpp"

namespace gymcc::serve {

ErrorReply current_error_reply(std::string_view wrong_type_detail, std::string_view where) {
  try {
    throw;
  } catch (const ClientError& e) {
    return {e.status, e.code, e.detail};
  } catch (const Error& e) {
    return {status_for(e.code()), error_code_name(e.code()), e.what()};
  } catch (const std::bad_variant_access&) {
    return {400, "invalid_body", std::string(wrong_type_detail)};
  } catch (const std::exception& e) {
    log_error("unhandled error on {}: {}", where, e.what());
  } catch (...) {
    log_error("unhandled non-standard exception on {}", where);
  }
  return {500, "internal_error", "Internal server error (see the server log)"};
}

}  // namespace gymcc::serve
