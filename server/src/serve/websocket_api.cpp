// WebSocket messages (docs/fast-paths.md): one request per message, the
// REST bodies plus "op" and an echoed "id", answered in the message's own
// encoding. Errors are replies, never a dropped socket.

#include <algorithm>
#include <exception>

#include "api.hpp"
#include "body.hpp"
#include "logger.hpp"

namespace gymcc::serve {
namespace {

const std::string& instance_id_field(const Value& fields) {
  const Value& id = required_field(fields, "instance_id");
  if (!id.is_string()) {
    throw ClientError{422, "invalid_field", "Field 'instance_id' must be a string"};
  }
  return id.as_string();
}

Route vector_route(Route route) {
  switch (route) {
    case Route::kReset:
      return Route::kVectorReset;
    case Route::kStep:
      return Route::kVectorStep;
    case Route::kActionSpace:
      return Route::kVectorSpace;
    case Route::kDelete:
      return Route::kVectorDelete;
    default:
      return route;
  }
}

void write_error(BodyWriter& out, const Value* id, int status, std::string_view code,
                 std::string_view detail) {
  out.begin_map();
  out.key("id");
  id ? out.value(*id) : out.null();
  out.key("error");
  out.begin_map();
  out.key("status");
  out.integer(status);
  out.key("code");
  out.string(code);
  out.key("detail");
  out.string(detail);
  out.end_map();
  out.end_map();
}

}  // namespace

void Api::dispatch_message(const Value& fields, BodyWriter& out, std::vector<std::string>& owned,
                           Route& route) {
  const Value& op_field = required_field(fields, "op");
  if (!op_field.is_string()) throw ClientError{422, "invalid_field", "Field 'op' must be a string"};
  const std::string& op = op_field.as_string();
  if (op == "make") {
    route = Route::kCreate;
    owned.push_back(op_create(fields, out));
    return;
  }
  if (op == "make_vec") {
    route = Route::kVectorCreate;
    owned.push_back(op_vector_create(fields, out));
    return;
  }
  Route op_route = Route::kUnmatched;
  if (op == "reset") {
    op_route = Route::kReset;
  } else if (op == "step") {
    op_route = Route::kStep;
  } else if (op == "spaces") {
    op_route = Route::kActionSpace;
  } else if (op == "close") {
    op_route = Route::kDelete;
  } else {
    throw ClientError{
        400, "unknown_op",
        "Unknown op '" + op + "': expected make, make_vec, reset, step, spaces or close"};
  }
  route = op_route;
  const std::string& id = instance_id_field(fields);
  const auto instance = store_.find_any(id);
  if (!instance) throw ClientError{404, "instance_not_found", "Instance not found"};
  const bool vector = instance->is_vector();
  if (vector) route = vector_route(op_route);
  switch (op_route) {
    case Route::kReset:
      return vector ? op_vector_reset(*instance, fields, out) : op_reset(*instance, fields, out);
    case Route::kStep:
      return vector ? op_vector_step(*instance, fields, out) : op_step(*instance, fields, out);
    case Route::kActionSpace:
      return op_spaces(*instance, out);
    default:
      std::erase(owned, id);
      return op_close(id, out);
  }
}

void Api::close_owned(const std::vector<std::string>& owned) {
  for (const std::string& id : owned) store_.remove(id);
}

void Api::handle_message(std::string_view message, bool binary, std::string& reply,
                         std::vector<std::string>& owned) {
  const Encoding encoding = binary ? Encoding::kMsgpack : Encoding::kJson;
  Route route = Route::kUnmatched;
  Value request;
  const Value* id = nullptr;
  int status = 200;
  std::string code;
  std::string detail;
  try {
    if (message.empty()) {
      throw ClientError{400, binary ? "invalid_msgpack" : "invalid_json",
                        "An empty message is not a request"};
    }
    request = decode_body(encoding, message);
    if (!request.is_dict()) {
      throw ClientError{
          422, "invalid_body",
          binary ? "A message must be a MessagePack map" : "A message must be a JSON object"};
    }
    id = request.find("id");
    reply.clear();
    BodyWriter out(encoding, reply);
    out.begin_map();
    out.key("id");
    id ? out.value(*id) : out.null();
    dispatch_message(request, out, owned, route);
    out.end_map();
  } catch (const ClientError& e) {
    status = e.status;
    code = e.code;
    detail = e.detail;
  } catch (const Error& e) {
    status = status_for(e.code());
    code = error_code_name(e.code());
    detail = e.what();
  } catch (const std::bad_variant_access&) {
    status = 400;
    code = "invalid_body";
    detail = "A field of the message has the wrong type";
  } catch (const std::exception& e) {
    log_error("unhandled error on a WebSocket message: {}", e.what());
    status = 500;
    code = "internal_error";
    detail = "Internal server error (see the server log)";
  }
  if (status != 200) {
    reply.clear();
    BodyWriter out(encoding, reply);
    write_error(out, id, status, code, detail);
  }
  metrics_.count_request(route, status);
}

}  // namespace gymcc::serve
