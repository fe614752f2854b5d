#pragma once
// The REST handlers the route table points at: each decodes what its route
// needs from the request, calls the operation layer (serve/ops/) and encodes
// the answer. One file per resource.

#include "serve/rest/route_table.hpp"

namespace gymcc::serve::rest {

#define GYMCC_REST_HANDLER(name) \
  Response name(RestContext& context, const Request& request, const RouteMatch& match)

// service_handlers.cpp: both dialects.
GYMCC_REST_HANDLER(health);
GYMCC_REST_HANDLER(ready);
GYMCC_REST_HANDLER(metrics);
GYMCC_REST_HANDLER(specs);
GYMCC_REST_HANDLER(websocket);  // GET /v1/ws: the upgrade, or 426

// env_handlers.cpp: /v1/envs/ in the gymnasium dialect.
GYMCC_REST_HANDLER(list_envs);
GYMCC_REST_HANDLER(create_env);
GYMCC_REST_HANDLER(describe_env);
GYMCC_REST_HANDLER(delete_env);
GYMCC_REST_HANDLER(reset_env);
GYMCC_REST_HANDLER(step_env);
GYMCC_REST_HANDLER(env_action_space);
GYMCC_REST_HANDLER(env_observation_space);

// snapshot_handlers.cpp: /v1/envs/{id}/state/ and clone/.
GYMCC_REST_HANDLER(get_env_state);
GYMCC_REST_HANDLER(put_env_state);
GYMCC_REST_HANDLER(clone_env);
GYMCC_REST_HANDLER(get_vector_env_state);
GYMCC_REST_HANDLER(put_vector_env_state);
GYMCC_REST_HANDLER(clone_vector_env);
GYMCC_REST_HANDLER(get_sub_env_state);
GYMCC_REST_HANDLER(put_sub_env_state);

// render_handlers.cpp
GYMCC_REST_HANDLER(render_env);
GYMCC_REST_HANDLER(stream_env);

// vector_handlers.cpp: /v1/vector_envs/.
GYMCC_REST_HANDLER(list_vector_envs);
GYMCC_REST_HANDLER(create_vector_env);
GYMCC_REST_HANDLER(describe_vector_env);
GYMCC_REST_HANDLER(delete_vector_env);
GYMCC_REST_HANDLER(reset_vector_env);
GYMCC_REST_HANDLER(step_vector_env);
GYMCC_REST_HANDLER(vector_action_space);
GYMCC_REST_HANDLER(vector_observation_space);
GYMCC_REST_HANDLER(vector_single_action_space);
GYMCC_REST_HANDLER(vector_single_observation_space);

// legacy_handlers.cpp: openai/gym-http-api.
namespace legacy {
GYMCC_REST_HANDLER(list_envs);
GYMCC_REST_HANDLER(create_env);
GYMCC_REST_HANDLER(reset_env);
GYMCC_REST_HANDLER(step_env);
GYMCC_REST_HANDLER(action_space);
GYMCC_REST_HANDLER(observation_space);
GYMCC_REST_HANDLER(sample_action);
GYMCC_REST_HANDLER(action_contains);
GYMCC_REST_HANDLER(observation_contains);
GYMCC_REST_HANDLER(close_env);
GYMCC_REST_HANDLER(monitor_start);
GYMCC_REST_HANDLER(monitor_close);
GYMCC_REST_HANDLER(upload);
GYMCC_REST_HANDLER(shutdown);
}  // namespace legacy

#undef GYMCC_REST_HANDLER

}  // namespace gymcc::serve::rest
