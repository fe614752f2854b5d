// /v1/envs/{id}/state/ and /v1/envs/{id}/clone/ (docs/snapshots.md).

#include "serve/ops/env_ops.hpp"
#include "serve/ops/snapshot_ops.hpp"
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

}  // namespace gymcc::serve::rest
