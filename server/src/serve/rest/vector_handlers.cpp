// /v1/vector_envs/ (docs/fast-paths.md): vector envs over REST.

#include "serve/ops/env_ops.hpp"
#include "serve/ops/vector_ops.hpp"
#include "serve/rest/handlers.hpp"
#include "serve/rest/respond.hpp"

namespace gymcc::serve::rest {
namespace {

Response space_of(RestContext& context, const Request& request, const RouteMatch& match,
                  ops::VectorSpace which) {
  const auto instance = ops::find_vector_env(context.services.store, match.id, match.caller.owner);
  return answer(request, [&](BodyWriter& out) { ops::vector_space(*instance, which, out); });
}

}  // namespace

Response list_vector_envs(RestContext& context, const Request& request, const RouteMatch& match) {
  return answer(request, [&](BodyWriter& out) {
    ops::vector_list(context.services.store, match.caller.owner, out);
  });
}

Response create_vector_env(RestContext& context, const Request& request, const RouteMatch& match) {
  return respond(request, false, [&](const Value& fields, BodyWriter& out) {
    ops::vector_create(context.services, match.caller, fields, out);
  });
}

Response describe_vector_env(RestContext& context, const Request& request,
                             const RouteMatch& match) {
  const auto instance = ops::find_vector_env(context.services.store, match.id, match.caller.owner);
  return answer(request, [&](BodyWriter& out) { ops::vector_describe(*instance, out); });
}

Response delete_vector_env(RestContext& context, const Request& request, const RouteMatch& match) {
  ops::find_vector_env(context.services.store, match.id, match.caller.owner);
  return respond(request, true, [&](const Value&, BodyWriter& out) {
    ops::close(context.services.store, match.id, match.caller.owner, out);
  });
}

Response reset_vector_env(RestContext& context, const Request& request, const RouteMatch& match) {
  const auto instance = ops::find_vector_env(context.services.store, match.id, match.caller.owner);
  return respond(request, true, [&](const Value& fields, BodyWriter& out) {
    ops::vector_reset(*instance, fields, out);
  });
}

Response step_vector_env(RestContext& context, const Request& request, const RouteMatch& match) {
  const auto instance = ops::find_vector_env(context.services.store, match.id, match.caller.owner);
  return respond(request, false, [&](const Value& fields, BodyWriter& out) {
    ops::vector_step(context.services, *instance, fields, out);
  });
}

Response vector_action_space(RestContext& context, const Request& request,
                             const RouteMatch& match) {
  return space_of(context, request, match, ops::VectorSpace::kAction);
}

Response vector_observation_space(RestContext& context, const Request& request,
                                  const RouteMatch& match) {
  return space_of(context, request, match, ops::VectorSpace::kObservation);
}

Response vector_single_action_space(RestContext& context, const Request& request,
                                    const RouteMatch& match) {
  return space_of(context, request, match, ops::VectorSpace::kSingleAction);
}

Response vector_single_observation_space(RestContext& context, const Request& request,
                                         const RouteMatch& match) {
  return space_of(context, request, match, ops::VectorSpace::kSingleObservation);
}

}  // namespace gymcc::serve::rest
