#pragma once
// One dm_env_rpc stream's conversation: CreateWorld, JoinWorld, Step, Reset,
// ResetWorld, LeaveWorld and DestroyWorld on the server's instances, through
// the same operations as REST and WebSocket (docs/grpc.md has the mapping).
// A world is a single env instance and its name is the instance id, so a
// world made here is visible at /v1/envs/{id}/ too, and counts towards the
// same limits and the caller's key quota.
//
// Episodes follow dm_env_rpc: after JoinWorld, Reset, ResetWorld or the end
// of an episode the next Step starts a new one (the env resets, that step's
// actions are ignored) and answers RUNNING; then each Step steps the env and
// answers RUNNING, TERMINATED (`terminated`) or INTERRUPTED (`truncated`).

#include <array>
#include <memory>
#include <optional>
#include <string>

#include "serve/grpc/joined_worlds.hpp"
#include "serve/grpc/spec_layout.hpp"
#include "serve/services.hpp"

namespace gymcc::serve::rpc {

class WorldSession {
 public:
  WorldSession(Services& services, JoinedWorlds& joined, Caller caller);
  ~WorldSession();
  WorldSession(const WorldSession&) = delete;
  WorldSession& operator=(const WorldSession&) = delete;

  // Answers one request; a failure becomes the response's `error`
  // (google.rpc.Status with the code error_status.hpp maps), with the stream
  // left as it was. Returns the status in HTTP's numbers, for the metrics.
  int handle(const pb::EnvironmentRequest& request, pb::EnvironmentResponse& response);

 private:
  struct Joined {
    std::string world;
    std::shared_ptr<Instance> instance;
    std::shared_ptr<Join> join;
    std::unique_ptr<SpecLayout> layout;
    bool episode_running = false;
  };

  void dispatch(const pb::EnvironmentRequest& request, pb::EnvironmentResponse& response);
  void create_world(const pb::CreateWorldRequest& request, pb::CreateWorldResponse& response);
  void join_world(const pb::JoinWorldRequest& request, pb::JoinWorldResponse& response);
  void step(const pb::StepRequest& request, pb::StepResponse& response);
  void reset(const pb::ResetRequest& request, pb::ResetResponse& response);
  void reset_world(const pb::ResetWorldRequest& request);
  void leave_world();
  void destroy_world(const pb::DestroyWorldRequest& request);
  Joined& joined_world();
  std::shared_ptr<Instance> find_world(const std::string& name) const;

  Services& services_;
  JoinedWorlds& joined_worlds_;
  Caller caller_;
  std::optional<Joined> joined_;
  // The metrics' label of each EnvironmentRequest payload case (0: none), looked up once.
  std::array<RouteLabel, pb::EnvironmentRequest::kExtension + 1> labels_{};
};

}  // namespace gymcc::serve::rpc
