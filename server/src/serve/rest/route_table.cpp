#include "serve/rest/route_table.hpp"

#include <array>
#include <vector>

#include "serve/rest/handlers.hpp"

namespace gymcc::serve::rest {
namespace {

constexpr Dialects kGym = kGymnasiumDialect;
constexpr Dialects kLegacy = kLegacyDialect;
constexpr Dialects kBoth = kBothDialects;
constexpr Access kOpen = Access::kOpen;
constexpr Access kMetricsAccess = Access::kMetrics;

// clang-format off
constexpr RouteSpec kRoutes[] = {
  // methods     path                                                label                 handler                          dialects, access
  {kGetOrHead,  "/healthz",                                          "healthz",            health,                          kBoth, kOpen},
  {kGetOrHead,  "/readyz",                                           "readyz",             ready,                           kBoth, kOpen},
  {kGetOrHead,  "/metrics",                                          "metrics",            metrics,                         kBoth, kMetricsAccess},
  {kGetOrHead,  "/v1/specs/",                                        "specs",              specs,                           kBoth},
  {kAnyMethod,  "/v1/ws",                                            "websocket",          websocket,                       kGym},

  {kGet,        "/v1/envs/",                                         "list",               list_envs,                       kGym},
  {kPost,       "/v1/envs/",                                         "create",             create_env,                      kGym},
  {kGet,        "/v1/envs/{instance_id}/",                           "instance",           describe_env,                    kGym},
  {kDelete,     "/v1/envs/{instance_id}/",                           "delete",             delete_env,                      kGym},
  {kPost,       "/v1/envs/{instance_id}/reset/",                     "reset",              reset_env,                       kGym},
  {kPost,       "/v1/envs/{instance_id}/step/",                      "step",               step_env,                        kGym},
  {kGet,        "/v1/envs/{instance_id}/action_space/",              "action_space",       env_action_space,                kGym},
  {kGet,        "/v1/envs/{instance_id}/observation_space/",         "observation_space",  env_observation_space,           kGym},
  {kGet,        "/v1/envs/{instance_id}/state/",                     "state",              get_env_state,                   kGym},
  {kPut,        "/v1/envs/{instance_id}/state/",                     "state",              put_env_state,                   kGym},
  {kPost,       "/v1/envs/{instance_id}/clone/",                     "clone",              clone_env,                       kGym},
  {kGet,        "/v1/envs/{instance_id}/monitor/render/",            "render",             render_env,                      kGym},
  {kGet,        "/v1/envs/{instance_id}/monitor/stream/",            "stream",             stream_env,                      kGym},

  {kGet,        "/v1/vector_envs/",                                  "vector_list",        list_vector_envs,                kGym},
  {kPost,       "/v1/vector_envs/",                                  "vector_create",      create_vector_env,               kGym},
  {kGet,        "/v1/vector_envs/{instance_id}/",                    "vector_instance",    describe_vector_env,             kGym},
  {kDelete,     "/v1/vector_envs/{instance_id}/",                    "vector_delete",      delete_vector_env,               kGym},
  {kPost,       "/v1/vector_envs/{instance_id}/reset/",              "vector_reset",       reset_vector_env,                kGym},
  {kPost,       "/v1/vector_envs/{instance_id}/step/",               "vector_step",        step_vector_env,                 kGym},
  {kGet,        "/v1/vector_envs/{instance_id}/action_space/",       "vector_space",       vector_action_space,             kGym},
  {kGet,        "/v1/vector_envs/{instance_id}/observation_space/",  "vector_space",       vector_observation_space,        kGym},
  {kGet,        "/v1/vector_envs/{instance_id}/single_action_space/", "vector_space",      vector_single_action_space,      kGym},
  {kGet,        "/v1/vector_envs/{instance_id}/single_observation_space/", "vector_space", vector_single_observation_space, kGym},
  {kGet,        "/v1/vector_envs/{instance_id}/state/",              "vector_state",       get_vector_env_state,            kGym},
  {kPut,        "/v1/vector_envs/{instance_id}/state/",              "vector_state",       put_vector_env_state,            kGym},
  {kPost,       "/v1/vector_envs/{instance_id}/clone/",              "vector_clone",       clone_vector_env,                kGym},
  {kGet,        "/v1/vector_envs/{instance_id}/envs/{index}/state/", "vector_state",       get_sub_env_state,               kGym},
  {kPut,        "/v1/vector_envs/{instance_id}/envs/{index}/state/", "vector_state",       put_sub_env_state,               kGym},

  {kGet,        "/v1/envs/",                                         "list",               legacy::list_envs,               kLegacy},
  {kPost,       "/v1/envs/",                                         "create",             legacy::create_env,              kLegacy},
  {kPost,       "/v1/envs/{instance_id}/reset/",                     "reset",              legacy::reset_env,               kLegacy},
  {kPost,       "/v1/envs/{instance_id}/step/",                      "step",               legacy::step_env,                kLegacy},
  {kPost,       "/v1/envs/{instance_id}/close/",                     "close",              legacy::close_env,               kLegacy},
  {kGet,        "/v1/envs/{instance_id}/action_space/",              "action_space",       legacy::action_space,            kLegacy},
  {kGet,        "/v1/envs/{instance_id}/observation_space/",         "observation_space",  legacy::observation_space,       kLegacy},
  {kGet,        "/v1/envs/{instance_id}/action_space/sample",        "sample",             legacy::sample_action,           kLegacy},
  {kGet,        "/v1/envs/{instance_id}/action_space/contains/{x}",  "contains",           legacy::action_contains,         kLegacy},
  {kPost,       "/v1/envs/{instance_id}/observation_space/contains", "contains",           legacy::observation_contains,    kLegacy},
  {kPost,       "/v1/envs/{instance_id}/monitor/start/",             "monitor",            legacy::monitor_start,           kLegacy},
  {kPost,       "/v1/envs/{instance_id}/monitor/close/",             "monitor",            legacy::monitor_close,           kLegacy},
  {kPost,       "/v1/upload/",                                       "upload",             legacy::upload,                  kLegacy},
  {kPost,       "/v1/shutdown/",                                     "shutdown",           legacy::shutdown,                kLegacy},
};
// clang-format on

// The labels the router adds to the table's.
constexpr std::array<std::string_view, 3> kRouterLabels = {"preflight", "page", "unmatched"};
// The labels of the gRPC service's requests (grpc/world_session.cpp): the same
// counters, one label per dm_env_rpc request kind.
constexpr std::array<std::string_view, 7> kGrpcLabels = {
    "grpc_create_world", "grpc_join_world",  "grpc_step",         "grpc_reset",
    "grpc_reset_world",  "grpc_leave_world", "grpc_destroy_world"};

}  // namespace

std::span<const RouteSpec> route_table() { return kRoutes; }

std::span<const std::string_view> route_labels() {
  static const std::vector<std::string_view> labels = [] {
    std::vector<std::string_view> out;
    auto add = [&out](std::string_view label) {
      for (std::string_view known : out) {
        if (known == label) return;
      }
      out.push_back(label);
    };
    for (const RouteSpec& route : kRoutes) add(route.label);
    for (std::string_view label : kRouterLabels) add(label);
    for (std::string_view label : kGrpcLabels) add(label);
    return out;
  }();
  return labels;
}

std::string allow_text(Methods methods) {
  static constexpr std::array<std::pair<Method, std::string_view>, 6> kOrder = {{
      {Method::kGet, "GET"},
      {Method::kPost, "POST"},
      {Method::kPut, "PUT"},
      {Method::kDelete, "DELETE"},
      {Method::kPatch, "PATCH"},
      {Method::kOptions, "OPTIONS"},
  }};
  std::string out;
  for (const auto& [method, name] : kOrder) {
    if ((methods & method_bit(method)) == 0) continue;
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace gymcc::serve::rest
