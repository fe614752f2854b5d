// The dm_env_rpc session without a network: tensors and their shapes, the
// specs of each kind of space, action checks, and the requests' answers and
// error codes (the live server is tests/python/test_grpc*.py).

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "router_fixture.hpp"
#include "serve/grpc/error_status.hpp"
#include "serve/grpc/world_session.hpp"

namespace gymcc::serve::testing {
namespace {

namespace pb = dm_env_rpc::v1;
using rpc::JoinedWorlds;
using rpc::WorldSession;

pb::Tensor int64_tensor(std::vector<std::int64_t> values, std::vector<std::int32_t> shape = {}) {
  pb::Tensor t;
  for (const auto v : values) t.mutable_int64s()->add_array(v);
  for (const auto d : shape) t.add_shape(d);
  return t;
}

pb::Tensor float_tensor(std::vector<float> values, std::vector<std::int32_t> shape) {
  pb::Tensor t;
  for (const auto v : values) t.mutable_floats()->add_array(v);
  for (const auto d : shape) t.add_shape(d);
  return t;
}

pb::Tensor string_tensor(const std::string& text) {
  pb::Tensor t;
  t.mutable_strings()->add_array(text);
  return t;
}

struct Session {
  FakeServer server;
  JoinedWorlds joined;
  WorldSession session{server.services(), joined, Caller{}};

  pb::EnvironmentResponse send(const pb::EnvironmentRequest& request) {
    pb::EnvironmentResponse response;
    session.handle(request, response);
    return response;
  }
  std::string create(const std::string& env_id, std::int64_t seed = -1) {
    pb::EnvironmentRequest request;
    auto& settings = *request.mutable_create_world()->mutable_settings();
    settings["env_id"] = string_tensor(env_id);
    if (seed >= 0) settings["seed"] = int64_tensor({seed});
    const auto response = send(request);
    INFO(response.DebugString());
    REQUIRE(response.has_create_world());
    return response.create_world().world_name();
  }
  pb::ActionObservationSpecs join(const std::string& world) {
    pb::EnvironmentRequest request;
    request.mutable_join_world()->set_world_name(world);
    const auto response = send(request);
    INFO(response.DebugString());
    REQUIRE(response.has_join_world());
    return response.join_world().specs();
  }
  pb::EnvironmentResponse step(std::map<std::uint64_t, pb::Tensor> actions,
                               std::vector<std::uint64_t> uids = {}) {
    pb::EnvironmentRequest request;
    for (auto& [uid, tensor] : actions) (*request.mutable_step()->mutable_actions())[uid] = tensor;
    for (const auto uid : uids) request.mutable_step()->add_requested_observations(uid);
    if (!request.has_step()) request.mutable_step();
    return send(request);
  }
};

void require_error(const pb::EnvironmentResponse& response, grpc::StatusCode code,
                   std::string_view text) {
  INFO(response.DebugString());
  REQUIRE(response.has_error());
  CHECK(response.error().code() == static_cast<int>(code));
  CHECK_THAT(response.error().message(), Catch::Contains(std::string(text)));
}

TEST_CASE("grpc tensors: shapes resolve a -1 dimension and broadcast one element", "[grpc]") {
  std::string problem;
  CHECK(rpc::resolved_shape(float_tensor({1, 2, 3, 4, 5, 6}, {-1, 3}), problem) == Shape{2, 3});
  CHECK(rpc::resolved_shape(float_tensor({7}, {2, 3}), problem) == Shape{2, 3});
  CHECK(rpc::resolved_shape(float_tensor({7}, {}), problem) == Shape{});
  CHECK_FALSE(rpc::resolved_shape(float_tensor({1, 2, 3, 4}, {-1, 3}), problem));
  CHECK_THAT(problem, Catch::Contains("cannot fill"));
  CHECK_FALSE(rpc::resolved_shape(float_tensor({1, 2}, {-1, -1}), problem));
  CHECK_FALSE(rpc::resolved_shape(float_tensor({1, 2}, {3}), problem));
  CHECK_FALSE(rpc::resolved_shape(float_tensor({1, 2}, {-2}), problem));
}

TEST_CASE("grpc tensors: settings become values, arrays nested lists", "[grpc]") {
  CHECK(rpc::setting_value(string_tensor("8x8"), "x") == Value("8x8"));
  CHECK(rpc::setting_value(int64_tensor({3}), "x") == Value(std::int64_t{3}));
  const Value nested = rpc::setting_value(int64_tensor({1, 2, 3, 4}, {2, 2}), "x");
  CHECK(json::to_string(nested) == "[[1,2],[3,4]]");
  pb::Tensor big;
  big.mutable_uint64s()->add_array(std::numeric_limits<std::uint64_t>::max());
  CHECK(rpc::setting_value(big, "seed").as_bigint().decimal == "18446744073709551615");
  CHECK_THROWS_AS(rpc::setting_value(pb::Tensor{}, "x"), ClientError);
  pb::Tensor proto;
  proto.mutable_protos()->add_array();
  CHECK_THROWS_AS(rpc::setting_value(proto, "x"), ClientError);
}

TEST_CASE("grpc specs: each kind of space", "[grpc]") {
  const auto& registry = envs::default_registry();
  const auto specs_of = [&](const char* id) {
    const auto env = registry.make(id, {});
    return rpc::SpecLayout(*env).specs();
  };
  const auto taxi = specs_of("Taxi-v4");
  CHECK(taxi.actions().at(1).dtype() == pb::INT64);
  CHECK(taxi.actions().at(1).max().int64s().array(0) == 5);
  CHECK(taxi.observations().at(1).name() == "observation");
  const auto blackjack = specs_of("Blackjack-v1");
  CHECK(blackjack.observations().at(1).name() == "observation.0");
  CHECK(blackjack.observations().at(3).name() == "observation.2");
  CHECK(blackjack.observations().at(4).name() == "reward");
  CHECK(blackjack.observations().at(8).name() == "info");
  CHECK(blackjack.observations().at(8).dtype() == pb::STRING);
  const auto pendulum = specs_of("Pendulum-v1");
  CHECK(pendulum.actions().at(1).min().floats().array_size() == 1);  // uniform: one element
  CHECK(pendulum.observations().at(1).max().floats().array_size() == 3);
  const auto mountain_car = specs_of("MountainCarContinuous-v0");
  CHECK(mountain_car.observations().at(1).dtype() == pb::FLOAT);
  // Reward has no bounds at all; discount lies in [0, 1].
  CHECK_FALSE(pendulum.observations().at(2).has_min());
  CHECK(pendulum.observations().at(3).max().doubles().array(0) == 1.0);
}

TEST_CASE("grpc session: an episode's states and observations", "[grpc]") {
  Session s;
  const std::string world = s.create("CartPole-v1", 42);
  s.join(world);
  auto first = s.step({{99, int64_tensor({7})}}, {1, 2, 4, 5});  // actions ignored
  REQUIRE(first.has_step());
  CHECK(first.step().state() == pb::RUNNING);
  CHECK(first.step().observations().at(1).floats().array_size() == 4);
  CHECK(first.step().observations().at(2).doubles().array(0) == 0.0);
  int steps = 0;
  pb::EnvironmentResponse last;
  do {
    last = s.step({{1, int64_tensor({1})}}, {2, 3});
    REQUIRE(last.has_step());
    ++steps;
  } while (last.step().state() == pb::RUNNING);
  CHECK(last.step().state() == pb::TERMINATED);  // always pushing right topples the pole
  CHECK(last.step().observations().at(3).doubles().array(0) == 0.0);  // discount
  CHECK(steps < 100);
  CHECK(s.step({{1, int64_tensor({1})}}).step().state() == pb::RUNNING);  // a new episode
}

TEST_CASE("grpc session: a time limit interrupts", "[grpc]") {
  Session s;
  pb::EnvironmentRequest request;
  auto& settings = *request.mutable_create_world()->mutable_settings();
  settings["env_id"] = string_tensor("Pendulum-v1");
  settings["max_episode_steps"] = int64_tensor({3});
  const std::string world = s.send(request).create_world().world_name();
  s.join(world);
  s.step({});
  const auto action = float_tensor({0.5f}, {1});
  CHECK(s.step({{1, action}}).step().state() == pb::RUNNING);
  CHECK(s.step({{1, action}}).step().state() == pb::RUNNING);
  const auto third = s.step({{1, action}}, {5});
  CHECK(third.step().state() == pb::INTERRUPTED);
  REQUIRE(third.step().observations().at(5).bools().array_size() == 1);
  CHECK(third.step().observations().at(5).bools().array(0));  // truncated
}

TEST_CASE("grpc session: action checks answer INVALID_ARGUMENT and change nothing", "[grpc]") {
  Session s;
  s.join(s.create("Pendulum-v1", 1));
  s.step({});
  using grpc::StatusCode;
  require_error(s.step({}), StatusCode::INVALID_ARGUMENT, "no action 'action'");
  require_error(s.step({{2, float_tensor({0}, {1})}}), StatusCode::INVALID_ARGUMENT, "uid 2");
  pb::Tensor doubles;
  doubles.mutable_doubles()->add_array(0.0);
  require_error(s.step({{1, doubles}}), StatusCode::INVALID_ARGUMENT, "FLOAT tensor, not DOUBLE");
  require_error(s.step({{1, float_tensor({0}, {1, 1})}}), StatusCode::INVALID_ARGUMENT,
                "shape [1,1]");
  require_error(s.step({{1, float_tensor({2.5f}, {1})}}), StatusCode::INVALID_ARGUMENT,
                "outside the spec's bounds [-2.0, 2.0]");
  require_error(s.step({{1, float_tensor({std::nanf("")}, {1})}}), StatusCode::INVALID_ARGUMENT,
                "NaN");
  require_error(s.step({{1, float_tensor({0}, {1})}}, {0}), StatusCode::INVALID_ARGUMENT,
                "no observation with uid 0");
  CHECK(s.server.get("/v1/envs/").body.find("Pendulum") != std::string::npos);
  CHECK(s.step({{1, float_tensor({0}, {-1})}}).step().state() == pb::RUNNING);
}

TEST_CASE("grpc session: world lifecycle errors", "[grpc]") {
  Session s;
  using grpc::StatusCode;
  require_error(s.step({}), StatusCode::FAILED_PRECONDITION, "joined no world");
  pb::EnvironmentRequest reset;
  reset.mutable_reset();
  require_error(s.send(reset), StatusCode::FAILED_PRECONDITION, "joined no world");
  pb::EnvironmentRequest join;
  join.mutable_join_world()->set_world_name("nope");
  require_error(s.send(join), StatusCode::NOT_FOUND, "no world named 'nope'");
  const std::string world = s.create("CartPole-v1");
  s.join(world);
  join.mutable_join_world()->set_world_name(world);
  require_error(s.send(join), StatusCode::FAILED_PRECONDITION, "leave it");
  WorldSession other(s.server.services(), s.joined, Caller{});
  pb::EnvironmentResponse response;
  other.handle(join, response);
  require_error(response, StatusCode::FAILED_PRECONDITION, "joined by another stream");
  pb::EnvironmentRequest destroy;
  destroy.mutable_destroy_world()->set_world_name(world);
  require_error(s.send(destroy), StatusCode::FAILED_PRECONDITION, "Leave the world");
  pb::EnvironmentRequest leave;
  leave.mutable_leave_world();
  CHECK(s.send(leave).has_leave_world());
  CHECK(s.send(leave).has_leave_world());  // leaving twice is fine
  CHECK(s.send(destroy).has_destroy_world());
  require_error(s.send(destroy), StatusCode::NOT_FOUND, "no world named");
  pb::EnvironmentRequest empty;
  require_error(s.send(empty), StatusCode::INVALID_ARGUMENT, "no payload");
  pb::EnvironmentRequest create;
  (*create.mutable_create_world()->mutable_settings())["env_id"] = int64_tensor({1});
  require_error(s.send(create), StatusCode::INVALID_ARGUMENT, "'env_id' must be a string");
}

TEST_CASE("grpc session: a joined world deleted over REST is NOT_FOUND", "[grpc]") {
  Session s;
  const std::string world = s.create("CartPole-v1");
  s.join(world);
  CHECK(s.server.del("/v1/envs/" + world + "/").status == 200);
  require_error(s.step({}), grpc::StatusCode::NOT_FOUND, "no longer exists");
}

TEST_CASE("grpc errors: codes follow the shared status and code", "[grpc]") {
  using grpc::StatusCode;
  CHECK(rpc::grpc_code({404, "instance_not_found", ""}) == StatusCode::NOT_FOUND);
  CHECK(rpc::grpc_code({400, "reset_needed", ""}) == StatusCode::FAILED_PRECONDITION);
  CHECK(rpc::grpc_code({503, "at_capacity", ""}) == StatusCode::RESOURCE_EXHAUSTED);
  CHECK(rpc::grpc_code({503, "draining", ""}) == StatusCode::UNAVAILABLE);
  CHECK(rpc::grpc_code({429, "quota_exceeded", ""}) == StatusCode::RESOURCE_EXHAUSTED);
  CHECK(rpc::grpc_code({422, "invalid_field", ""}) == StatusCode::INVALID_ARGUMENT);
  CHECK(rpc::grpc_code({500, "internal_error", ""}) == StatusCode::INTERNAL);
}

}  // namespace
}  // namespace gymcc::serve::testing
