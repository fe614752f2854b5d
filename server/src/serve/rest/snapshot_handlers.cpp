// /v1/envs/{id}/state/, /v1/envs/{id}/clone/ and their /v1/vector_envs/
// counterparts (docs/snapshots.md).

#include "serve/ops/env_ops.hpp"
#include "serve/ops/snapshot_ops.hpp"
#include "serve/ops/vector_snapshot_ops.hpp"
#include "serve/rest/handlers.hpp"
#include "serve/rest/respond.hpp"

namespace gymcc::serve::rest {

Response get_env_state(RestContext& context, const Request& request, const RouteMatch& match) {
  const auto instance = ops::find_env(context.services.store, match.id, match.caller.owner);
  return answer(request, [&](BodyWriter& out) {
    out.begin_map();
    ops::get_state(*instance, out);
    out.end_map();
  });
}

Response put_env_state(RestContext& context, const Request& request, const RouteMatch& match) {
  const auto instance = ops::find_env(context.services.store, match.id, match.caller.owner);
  return respond(request, false, [&](const Value& fields, BodyWriter& out) {
    ops::set_state(*instance, fields, out);
  });
}

Response clone_env(RestContext& context, const Request& request, const RouteMatch& match) {
  const auto instance = ops::find_env(context.services.store, match.id, match.caller.owner);
  return answer(request, [&](BodyWriter& out) {
    out.begin_map();
    ops::clone(context.services, match.caller, *instance, out);
    out.end_map();
  });
}

Response get_vector_env_state(RestContext& context, const Request& request,
                              const RouteMatch& match) {
  const auto instance = ops::find_vector_env(context.services.store, match.id, match.caller.owner);
  return answer(request, [&](BodyWriter& out) {
    out.begin_map();
    ops::vector_get_state(*instance, out);
    out.end_map();
  });
}

Response put_vector_env_state(RestContext& context, const Request& request,
                              const RouteMatch& match) {
  const auto instance = ops::find_vector_env(context.services.store, match.id, match.caller.owner);
  return respond(request, false, [&](const Value& fields, BodyWriter& out) {
    ops::vector_set_state(*instance, fields, out);
  });
}

Response clone_vector_env(RestContext& context, const Request& request, const RouteMatch& match) {
  const auto instance = ops::find_vector_env(context.services.store, match.id, match.caller.owner);
  return answer(request, [&](BodyWriter& out) {
    out.begin_map();
    ops::vector_clone(context.services, match.caller, *instance, out);
    out.end_map();
  });
}

Response get_sub_env_state(RestContext& context, const Request& request, const RouteMatch& match) {
  const auto instance = ops::find_vector_env(context.services.store, match.id, match.caller.owner);
  const std::int64_t index = ops::sub_env_index(*instance, match.arg);
  return answer(request, [&](BodyWriter& out) {
    out.begin_map();
    ops::vector_get_env_state(*instance, index, out);
    out.end_map();
  });
}

Response put_sub_env_state(RestContext& context, const Request& request, const RouteMatch& match) {
  const auto instance = ops::find_vector_env(context.services.store, match.id, match.caller.owner);
  const std::int64_t index = ops::sub_env_index(*instance, match.arg);
  return respond(request, false, [&](const Value& fields, BodyWriter& out) {
    ops::vector_set_env_state(*instance, index, fields, out);
  });
}

}  // namespace gymcc::serve::rest
