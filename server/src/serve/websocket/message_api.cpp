#include "serve/websocket/message_api.hpp"

#include <algorithm>

#include "serve/auth/rate_limit.hpp"
#include "serve/body.hpp"
#include "serve/error_reply.hpp"
#include "serve/ops/env_ops.hpp"
#include "serve/ops/snapshot_ops.hpp"
#include "serve/ops/vector_ops.hpp"
#include "serve/ops/vector_snapshot_ops.hpp"

namespace gymcc::serve {
namespace {

const std::string& instance_id_field(const Value& fields) {
  const Value& id = required_field(fields, "instance_id");
  if (!id.is_string()) {
    throw ClientError{422, "invalid_field", "Field 'instance_id' must be a string"};
  }
  return id.as_string();
}

void write_error(BodyWriter& out, const Value* id, const ErrorReply& error) {
  out.begin_map();
  out.key("id");
  id ? out.value(*id) : out.null();
  out.key("error");
  out.begin_map();
  out.key("status");
  out.integer(error.status);
  out.key("code");
  out.string(error.code);
  out.key("detail");
  out.string(error.detail);
  out.end_map();
  out.end_map();
}

}  // namespace

WebSocketApi::WebSocketApi(Services& services)
    : services_(services),
      make_{services.metrics.route_label("create"), services.metrics.route_label("vector_create")},
      reset_{services.metrics.route_label("reset"), services.metrics.route_label("vector_reset")},
      step_{services.metrics.route_label("step"), services.metrics.route_label("vector_step")},
      spaces_{services.metrics.route_label("action_space"),
              services.metrics.route_label("vector_space")},
      close_{services.metrics.route_label("delete"), services.metrics.route_label("vector_delete")},
      state_{services.metrics.route_label("state"), services.metrics.route_label("vector_state")},
      clone_{services.metrics.route_label("clone"), services.metrics.route_label("vector_clone")},
      unmatched_(services.metrics.route_label("unmatched")) {}

void WebSocketApi::dispatch(const Value& fields, BodyWriter& out, Session& session,
                            RouteLabel& label) {
  const Caller& caller = session.caller;
  const Value& op_field = required_field(fields, "op");
  if (!op_field.is_string()) throw ClientError{422, "invalid_field", "Field 'op' must be a string"};
  const std::string& op = op_field.as_string();
  if (op == "make") {
    label = make_.single;
    session.owned.push_back(ops::create(services_, caller, fields, out));
    return;
  }
  if (op == "make_vec") {
    label = make_.vector;
    session.owned.push_back(ops::vector_create(services_, caller, fields, out));
    return;
  }
  const auto kind = op == "reset"       ? InstanceOp::kReset
                    : op == "step"      ? InstanceOp::kStep
                    : op == "spaces"    ? InstanceOp::kSpaces
                    : op == "close"     ? InstanceOp::kClose
                    : op == "get_state" ? InstanceOp::kGetState
                    : op == "set_state" ? InstanceOp::kSetState
                    : op == "clone"     ? InstanceOp::kClone
                                        : InstanceOp::kUnknown;
  if (kind == InstanceOp::kUnknown) {
    throw ClientError{400, "unknown_op",
                      "Unknown op '" + op +
                          "': expected make, make_vec, reset, step, spaces, close, get_state, "
                          "set_state or clone"};
  }
  const OpLabels& labels = kind == InstanceOp::kReset    ? reset_
                           : kind == InstanceOp::kStep   ? step_
                           : kind == InstanceOp::kSpaces ? spaces_
                           : kind == InstanceOp::kClose  ? close_
                           : kind == InstanceOp::kClone  ? clone_
                                                         : state_;
  label = labels.single;
  const std::string& id = instance_id_field(fields);
  const auto instance = ops::find_instance(services_.store, id, caller.owner);
  const bool vector = instance->is_vector();
  if (vector) label = labels.vector;
  if (kind == InstanceOp::kGetState || kind == InstanceOp::kSetState ||
      kind == InstanceOp::kClone) {
    return dispatch_snapshot(kind, *instance, fields, out, session);
  }
  switch (kind) {
    case InstanceOp::kReset:
      return vector ? ops::vector_reset(*instance, fields, out)
                    : ops::reset(*instance, fields, out);
    case InstanceOp::kStep:
      return vector ? ops::vector_step(services_, *instance, fields, out)
                    : ops::step(services_, *instance, fields, out);
    case InstanceOp::kSpaces:
      return ops::spaces(*instance, out);
    default:
      std::erase(session.owned, id);
      return ops::close(services_.store, id, caller.owner, out);
  }
}

void WebSocketApi::dispatch_snapshot(InstanceOp kind, Instance& instance, const Value& fields,
                                     BodyWriter& out, Session& session) {
  const Value* index = fields.find("index");
  if (index != nullptr && !instance.is_vector()) {
    throw ClientError{422, "invalid_field", "Field 'index' is for vector envs only"};
  }
  if (kind == InstanceOp::kClone) {
    if (index != nullptr) {
      throw ClientError{422, "invalid_field",
                        "Field 'index' is not for clone (clone a sub-env by make with its state)"};
    }
    session.owned.push_back(instance.is_vector()
                                ? ops::vector_clone(services_, session.caller, instance, out)
                                : ops::clone(services_, session.caller, instance, out));
    return;
  }
  const bool get = kind == InstanceOp::kGetState;
  if (index != nullptr) {
    const std::int64_t i = ops::sub_env_index(instance, *index);
    return get ? ops::vector_get_env_state(instance, i, out)
               : ops::vector_set_env_state(instance, i, fields, out);
  }
  if (instance.is_vector()) {
    return get ? ops::vector_get_state(instance, out)
               : ops::vector_set_state(instance, fields, out);
  }
  return get ? ops::get_state(instance, out) : ops::set_state(instance, fields, out);
}

void WebSocketApi::close_owned(const Session& session) {
  for (const std::string& id : session.owned) services_.store.remove(id, session.caller.owner);
}

void WebSocketApi::handle_message(std::string_view message, bool binary, std::string& reply,
                                  Session& session) {
  const Encoding encoding = binary ? Encoding::kMsgpack : Encoding::kJson;
  RouteLabel label = unmatched_;
  Value request;
  const Value* id = nullptr;
  int status = 200;
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
    double retry_after = 0.0;
    if (TokenBucket* rate = session.caller.rate_limit;
        rate != nullptr && !rate->take(TokenBucket::Clock::now(), retry_after)) {
      throw ClientError{429, "rate_limited", rate_limited_detail(rate->rate())};
    }
    dispatch(request, out, session, label);
    out.end_map();
  } catch (...) {
    const ErrorReply error =
        current_error_reply("A field of the message has the wrong type", "a WebSocket message");
    status = error.status;
    reply.clear();
    BodyWriter out(encoding, reply);
    write_error(out, id, error);
  }
  services_.metrics.count_request(label, status);
}

}  // namespace gymcc::serve
