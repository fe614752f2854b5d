// /v1/envs/ in the gymnasium dialect: cloudkj/gymnasium-http-api's routes
// and bodies, with 4xx (not 500) for every client mistake.

#include "serve/ops/env_ops.hpp"
#include "serve/rest/handlers.hpp"
#include "serve/rest/respond.hpp"

namespace gymcc::serve::rest {

Response list_envs(RestContext& context, const Request& request, const RouteMatch& match) {
  return answer(request, [&](BodyWriter& out) {
    ops::list(context.services.store, match.caller.owner, out);
  });
}

Response create_env(RestContext& context, const Request& request, const RouteMatch& match) {
  return respond(request, false, [&](const Value& fields, BodyWriter& out) {
    ops::create(context.services, match.caller, fields, out);
  });
}

Response describe_env(RestContext& context, const Request& request, const RouteMatch& match) {
  const auto instance = ops::find_env(context.services.store, match.id, match.caller.owner);
  return answer(request, [&](BodyWriter& out) { ops::describe(*instance, out); });
}

Response delete_env(RestContext& context, const Request& request, const RouteMatch& match) {
  ops::find_env(context.services.store, match.id, match.caller.owner);
  return answer(request, [&](BodyWriter& out) {
    out.begin_map();
    ops::close(context.services.store, match.id, match.caller.owner, out);
    out.end_map();
  });
}

// The instance is looked up before the body is read: an unknown id is a 404
// whatever the body.
Response reset_env(RestContext& context, const Request& request, const RouteMatch& match) {
  const auto instance = ops::find_env(context.services.store, match.id, match.caller.owner);
  return respond(request, true,
                 [&](const Value& fields, BodyWriter& out) { ops::reset(*instance, fields, out); });
}

Response step_env(RestContext& context, const Request& request, const RouteMatch& match) {
  const auto instance = ops::find_env(context.services.store, match.id, match.caller.owner);
  return respond(request, false, [&](const Value& fields, BodyWriter& out) {
    ops::step(context.services, *instance, fields, out);
  });
}

Response env_action_space(RestContext& context, const Request& request, const RouteMatch& match) {
  const auto instance = ops::find_env(context.services.store, match.id, match.caller.owner);
  return answer(request, [&](BodyWriter& out) { ops::space(*instance, true, out); });
}

Response env_observation_space(RestContext& context, const Request& request,
                               const RouteMatch& match) {
  const auto instance = ops::find_env(context.services.store, match.id, match.caller.owner);
  return answer(request, [&](BodyWriter& out) { ops::space(*instance, false, out); });
}

}  // namespace gymcc::serve::rest
