// /v1/vector_envs/ through the pure router: every route and error code.

#include <catch2/catch.hpp>

#include "router_fixture.hpp"
#include "serve/msgpack.hpp"

namespace gymcc::serve::testing {
namespace {

TEST_CASE("router: vector envs are created, listed, described and deleted", "[router]") {
  FakeServer server;
  const std::string id = server.create(
      R"({"env_id":"CartPole-v1","num_envs":3,"autoreset_mode":"SameStep"})", "/v1/vector_envs/");
  CHECK(server.get("/v1/vector_envs/").body ==
        "{\"" + id + R"(":{"env_id":"CartPole-v1","num_envs":3,"autoreset_mode":"SameStep"}})");
  CHECK(server.get("/v1/envs/").body == "{}");  // single envs only
  const Value described = body_of(server.get("/v1/vector_envs/" + id + "/"));
  CHECK(described.find("num_envs")->as_int() == 3);
  CHECK(described.find("resets")->as_int() == 0);
  require_error(server.get("/v1/envs/" + id + "/"), 404, "instance_not_found");
  require_error(server.post("/v1/vector_envs/" + id + "/"), 405, "method_not_allowed");
  require_error(server.call({Method::kPut, "/v1/vector_envs/"}), 405, "method_not_allowed");

  CHECK(server.get("/v1/vector_envs/" + id + "/action_space/").body ==
        R"({"name":"MultiDiscrete","shape":[3],"nvec":[2,2,2],"start":[0,0,0],"dtype":"int64"})");
  CHECK(body_of(server.get("/v1/vector_envs/" + id + "/single_action_space/"))
            .find("name")
            ->as_string() == "Discrete");
  CHECK(body_of(server.get("/v1/vector_envs/" + id + "/observation_space/"))
            .find("shape")
            ->as_list()
            .size() == 2);
  CHECK(body_of(server.get("/v1/vector_envs/" + id + "/single_observation_space/"))
            .find("shape")
            ->as_list()
            .size() == 1);
  require_error(server.post("/v1/vector_envs/" + id + "/action_space/"), 405, "method_not_allowed");

  require_error(server.call({Method::kDelete, "/v1/vector_envs/" + id + "/", "{"}), 400,
                "invalid_json");
  CHECK(server.del("/v1/vector_envs/" + id + "/").body ==
        R"({"message":"Environment closed and deleted."})");
  require_error(server.del("/v1/vector_envs/" + id + "/"), 404, "instance_not_found");
}

TEST_CASE("router: vector reset and step follow the library's vector env", "[router]") {
  FakeServer server;
  const std::string id =
      server.create(R"({"env_id":"CartPole-v1","num_envs":2})", "/v1/vector_envs/");
  const std::string base = "/v1/vector_envs/" + id;
  const Response reset = server.post(base + "/reset/", R"({"seed":[1,2]})");
  REQUIRE(reset.status == 200);
  auto reference = envs::default_registry().make_vec("CartPole-v1", 2, AutoresetMode::kNextStep);
  std::vector<std::optional<Seed>> seeds{Seed(1), Seed(2)};
  const auto expected = reference->reset(seeds, nullptr);
  std::string want = "{\"observations\":";
  json::write(reference->observations(), want, kResponseJson);
  CHECK(reset.body.rfind(want, 0) == 0);
  (void)expected;

  const Response step = server.post(base + "/step/", R"({"actions":[0,1]})");
  REQUIRE(step.status == 200);
  const Value stepped = body_of(step);
  CHECK(stepped.find("rewards")->as_list().size() == 2);
  CHECK(body_of(server.get(base + "/")).find("env_steps")->as_int() == 2);

  std::string packed;
  msgpack::Writer(packed).value(Value(Dict{{"actions", List{1, 1}}}));
  const Response binary = server.call(
      {Method::kPost, base + "/step/", packed, "application/msgpack", "application/msgpack"});
  CHECK(msgpack::decode(binary.body).find("terminated")->as_array().dtype == DType::kBool);

  require_error(server.post(base + "/step/", R"({"actions":[0]})"), 400, "invalid_action");
  require_error(server.post(base + "/step/", "{}"), 422, "missing_field");
  require_error(server.post(base + "/reset/", R"({"seed":[-1,0]})"), 400, "invalid_seed");
  require_error(server.post(base + "/reset/", R"({"options":{"reset_mask":[true]}})"), 400,
                "invalid_options");
  require_error(server.get(base + "/step/"), 405, "method_not_allowed");
  require_error(server.post("/v1/vector_envs/nope/step/", "x"), 404, "instance_not_found");
}

TEST_CASE("router: vector creation errors", "[router]") {
  FakeServer server({}, 4);
  require_error(server.post("/v1/vector_envs/", R"({"env_id":"CartPole-v1","num_envs":0})"), 422,
                "invalid_field");
  require_error(server.post("/v1/vector_envs/", R"({"env_id":"CartPole-v1","num_envs":70000})"),
                422, "invalid_field");
  require_error(
      server.post("/v1/vector_envs/", R"({"env_id":"CartPole-v1","autoreset_mode":"Often"})"), 400,
      "invalid_argument");
  require_error(server.post("/v1/vector_envs/", R"({"env_id":"Nope-v1"})"), 400, "unknown_env");
  require_error(server.post("/v1/vector_envs/", R"({"num_envs":2})"), 422, "missing_field");
  require_error(server.post("/v1/vector_envs/", R"({"env_id":"CartPole-v1","num_envs":5})"), 503,
                "at_capacity");
  server.create(R"({"env_id":"CartPole-v1","num_envs":4})", "/v1/vector_envs/");
  require_error(server.post("/v1/envs/", R"({"env_id":"CartPole-v1"})"), 503, "at_capacity");
}

}  // namespace
}  // namespace gymcc::serve::testing
