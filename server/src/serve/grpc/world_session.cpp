#include "serve/grpc/world_session.hpp"

#include <array>
#include <string_view>

#include "serve/auth/rate_limit.hpp"
#include "serve/body.hpp"
#include "serve/error_reply.hpp"
#include "serve/grpc/error_status.hpp"
#include "serve/logger.hpp"
#include "serve/ops/env_ops.hpp"

namespace gymcc::serve::rpc {
namespace {

using Settings = google::protobuf::Map<std::string, pb::Tensor>;

constexpr std::string_view kKwargPrefix = "kwargs.";
constexpr std::array<std::string_view, 4> kCreateSettings = {"env_id", "seed", "max_episode_steps",
                                                             "render_mode"};

[[noreturn]] void unknown_setting(std::string_view request, const std::string& name,
                                  std::string_view known) {
  throw ClientError{400, "invalid_setting",
                    std::string(request) + " has no setting '" + name + "' (it takes " +
                        std::string(known) + ")"};
}

// CreateWorld's settings as the fields of a REST creation body.
Value creation_fields(const Settings& settings) {
  Dict fields;
  Dict kwargs;
  for (const auto& [name, tensor] : settings) {
    if (name.starts_with(kKwargPrefix) && name.size() > kKwargPrefix.size()) {
      kwargs.emplace_back(name.substr(kKwargPrefix.size()), setting_value(tensor, name));
      continue;
    }
    bool known = false;
    for (std::string_view setting : kCreateSettings) known = known || setting == name;
    if (!known) {
      unknown_setting("CreateWorld", name,
                      "env_id, seed, max_episode_steps, render_mode and kwargs.<name>");
    }
    fields.emplace_back(name, setting_value(tensor, name));
  }
  if (!kwargs.empty()) fields.emplace_back("kwargs", Value(std::move(kwargs)));
  return Value(std::move(fields));
}

// The seed setting of Reset and ResetWorld, if given.
std::optional<Seed> reset_seed(const Settings& settings, std::string_view request) {
  Dict fields;
  for (const auto& [name, tensor] : settings) {
    if (name != "seed") unknown_setting(request, name, "only seed");
    fields.emplace_back(name, setting_value(tensor, name));
  }
  return seed_field(Value(std::move(fields)), "seed");
}

[[noreturn]] void world_not_found(const std::string& name) {
  throw ClientError{404, "world_not_found", "There is no world named '" + name + "'"};
}

// The metrics' label of each request kind (EnvironmentRequest's payload cases).
RouteLabel label_of(const Metrics& metrics, pb::EnvironmentRequest::PayloadCase payload) {
  switch (payload) {
    case pb::EnvironmentRequest::kCreateWorld:
      return metrics.route_label("grpc_create_world");
    case pb::EnvironmentRequest::kJoinWorld:
      return metrics.route_label("grpc_join_world");
    case pb::EnvironmentRequest::kStep:
      return metrics.route_label("grpc_step");
    case pb::EnvironmentRequest::kReset:
      return metrics.route_label("grpc_reset");
    case pb::EnvironmentRequest::kResetWorld:
      return metrics.route_label("grpc_reset_world");
    case pb::EnvironmentRequest::kLeaveWorld:
      return metrics.route_label("grpc_leave_world");
    case pb::EnvironmentRequest::kDestroyWorld:
      return metrics.route_label("grpc_destroy_world");
    case pb::EnvironmentRequest::kExtension:
    case pb::EnvironmentRequest::PAYLOAD_NOT_SET:
      break;
  }
  return metrics.route_label("unmatched");
}

}  // namespace

WorldSession::WorldSession(Services& services, JoinedWorlds& joined, Caller caller)
    : services_(services), joined_worlds_(joined), caller_(caller) {
  for (std::size_t payload = 0; payload < labels_.size(); ++payload) {
    labels_[payload] =
        label_of(services.metrics, static_cast<pb::EnvironmentRequest::PayloadCase>(payload));
  }
}

WorldSession::~WorldSession() {
  if (joined_) joined_worlds_.leave(joined_->world);
}

int WorldSession::handle(const pb::EnvironmentRequest& request, pb::EnvironmentResponse& response) {
  int status = 200;
  try {
    double retry_after = 0.0;
    if (TokenBucket* rate = caller_.rate_limit;
        rate != nullptr && !rate->take(TokenBucket::Clock::now(), retry_after)) {
      throw ClientError{429, "rate_limited", rate_limited_detail(rate->rate())};
    }
    dispatch(request, response);
  } catch (...) {
    const ErrorReply error =
        current_error_reply("A setting or action has the wrong type", "a gRPC request");
    status = error.status;
    response.Clear();
    google::rpc::Status& out = *response.mutable_error();
    out.set_code(static_cast<int>(grpc_code(error)));
    out.set_message(error.detail);
  }
  const auto payload = static_cast<std::size_t>(request.payload_case());
  services_.metrics.count_request(payload < labels_.size() ? labels_[payload] : labels_[0], status);
  return status;
}

void WorldSession::dispatch(const pb::EnvironmentRequest& request,
                            pb::EnvironmentResponse& response) {
  switch (request.payload_case()) {
    case pb::EnvironmentRequest::kCreateWorld:
      return create_world(request.create_world(), *response.mutable_create_world());
    case pb::EnvironmentRequest::kJoinWorld:
      return join_world(request.join_world(), *response.mutable_join_world());
    case pb::EnvironmentRequest::kStep:
      return step(request.step(), *response.mutable_step());
    case pb::EnvironmentRequest::kReset:
      return reset(request.reset(), *response.mutable_reset());
    case pb::EnvironmentRequest::kResetWorld:
      reset_world(request.reset_world());
      response.mutable_reset_world();
      return;
    case pb::EnvironmentRequest::kLeaveWorld:
      leave_world();
      response.mutable_leave_world();
      return;
    case pb::EnvironmentRequest::kDestroyWorld:
      destroy_world(request.destroy_world());
      response.mutable_destroy_world();
      return;
    case pb::EnvironmentRequest::kExtension:
      throw ClientError{501, "unsupported_extension",
                        "This server supports no dm_env_rpc extensions (got " +
                            request.extension().type_url() + ")"};
    case pb::EnvironmentRequest::PAYLOAD_NOT_SET:
      break;
  }
  throw ClientError{400, "invalid_request", "The request has no payload"};
}

void WorldSession::create_world(const pb::CreateWorldRequest& request,
                                pb::CreateWorldResponse& response) {
  const Value fields = creation_fields(request.settings());
  const Value* env_id = fields.find("env_id");
  if (env_id == nullptr) {
    throw ClientError{400, "missing_setting",
                      "CreateWorld needs the setting 'env_id' (a string tensor, e.g. "
                      "'CartPole-v1')"};
  }
  if (!env_id->is_string()) {
    throw ClientError{400, "invalid_setting", "Setting 'env_id' must be a string tensor"};
  }
  MakeOptions options;
  options.render_mode = optional_string(fields, "render_mode");
  if (const Value* kwargs = fields.find("kwargs")) options.kwargs = *kwargs;
  options.max_episode_steps = max_episode_steps_field(fields);
  const std::optional<Seed> seed = seed_field(fields, "seed");
  const auto instance =
      ops::make_env(services_, caller_, env_id->as_string(), options, IdStyle::kUuid4, seed);
  log_debug("gRPC CreateWorld {} ({})", instance->id(), env_id->as_string());
  response.set_world_name(instance->id());
}

std::shared_ptr<Instance> WorldSession::find_world(const std::string& name) const {
  auto instance = services_.store.find(name, caller_.owner);
  if (!instance) world_not_found(name);
  return instance;
}

void WorldSession::join_world(const pb::JoinWorldRequest& request,
                              pb::JoinWorldResponse& response) {
  if (joined_) {
    throw ClientError{409, "already_joined",
                      "This stream has joined the world '" + joined_->world +
                          "'; leave it (LeaveWorld) before joining another"};
  }
  for (const auto& [name, tensor] : request.settings()) {
    unknown_setting("JoinWorld", name, "none");
  }
  auto instance = find_world(request.world_name());
  auto join = joined_worlds_.join(request.world_name());
  if (!join) {
    throw ClientError{409, "world_busy",
                      "The world '" + request.world_name() + "' is joined by another stream"};
  }
  Joined joined{request.world_name(), std::move(instance), std::move(join), nullptr, false};
  joined.layout = std::make_unique<SpecLayout>(joined.instance->env_unlocked());
  *response.mutable_specs() = joined.layout->specs();
  joined_ = std::move(joined);
}

WorldSession::Joined& WorldSession::joined_world() {
  if (!joined_) {
    throw ClientError{409, "not_joined", "This stream has joined no world (send JoinWorld first)"};
  }
  if (!services_.store.find(joined_->world, caller_.owner)) {
    throw ClientError{404, "world_not_found",
                      "The world '" + joined_->world + "' no longer exists (it was deleted)"};
  }
  return *joined_;
}

void WorldSession::step(const pb::StepRequest& request, pb::StepResponse& response) {
  Joined& joined = joined_world();
  const SpecLayout& layout = *joined.layout;
  layout.check_requested(request.requested_observations());
  if (joined.join->restart.exchange(false, std::memory_order_acq_rel)) {
    joined.episode_running = false;
  }
  Instance& instance = *joined.instance;
  instance.touch();
  if (!joined.episode_running) {
    // A new episode: the env resets and this step's actions are ignored.
    Instance::Lock lock(instance);
    const Env::Reset result = ops::reset_locked(lock, std::nullopt, nullptr);
    layout.write_observations(request.requested_observations(),
                              Outcome{result.observation, 0.0, false, false, result.info},
                              *response.mutable_observations());
    response.set_state(pb::RUNNING);
    joined.episode_running = true;
    return;
  }
  const Value action = layout.action(request.actions());
  Instance::Lock lock(instance);
  const Env::Step result = ops::step_locked(services_, lock, action);
  layout.write_observations(
      request.requested_observations(),
      Outcome{result.observation, result.reward, result.terminated, result.truncated, result.info},
      *response.mutable_observations());
  response.set_state(result.terminated  ? pb::TERMINATED
                     : result.truncated ? pb::INTERRUPTED
                                        : pb::RUNNING);
  joined.episode_running = !result.terminated && !result.truncated;
}

void WorldSession::reset(const pb::ResetRequest& request, pb::ResetResponse& response) {
  Joined& joined = joined_world();
  const std::optional<Seed> seed = reset_seed(request.settings(), "Reset");
  if (seed) {
    Instance::Lock lock(*joined.instance);
    lock.stats().pending_seed = seed;
  }
  joined.episode_running = false;
  *response.mutable_specs() = joined.layout->specs();
}

void WorldSession::reset_world(const pb::ResetWorldRequest& request) {
  const auto instance = find_world(request.world_name());
  const std::optional<Seed> seed = reset_seed(request.settings(), "ResetWorld");
  if (seed) {
    Instance::Lock lock(*instance);
    lock.stats().pending_seed = seed;
  }
  if (joined_ && joined_->world == request.world_name()) {
    joined_->episode_running = false;
  } else {
    joined_worlds_.restart(request.world_name());
  }
}

void WorldSession::leave_world() {
  if (!joined_) return;
  joined_worlds_.leave(joined_->world);
  joined_.reset();
}

void WorldSession::destroy_world(const pb::DestroyWorldRequest& request) {
  const std::string& name = request.world_name();
  find_world(name);
  if (joined_worlds_.joined(name)) {
    throw ClientError{409, "world_joined",
                      joined_ && joined_->world == name
                          ? "Leave the world '" + name + "' (LeaveWorld) before destroying it"
                          : "The world '" + name + "' is joined by another stream"};
  }
  if (!services_.store.remove(name, caller_.owner)) world_not_found(name);
  log_debug("gRPC DestroyWorld {}", name);
}

}  // namespace gymcc::serve::rpc
