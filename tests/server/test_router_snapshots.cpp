// GET/PUT /v1/envs/{id}/state/ and POST /v1/envs/{id}/clone/: a snapshot
// over REST continues bit-exactly, in a clone and after a restore; bad
// states are 400 invalid_state; unknown ids 404; clones obey --max-envs.
#include <catch2/catch.hpp>

#include "router_fixture.hpp"

namespace gymcc::serve::testing {
namespace {

std::vector<std::string> steps(FakeServer& server, const std::string& id, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    const Response r = server.post("/v1/envs/" + id + "/step/",
                                   R"({"action":)" + std::to_string(i % 3 == 0) + "}");
    REQUIRE(r.status == 200);
    out.push_back(r.body);
  }
  return out;
}

TEST_CASE("router: env state, restore and clone continue bit-exactly", "[router][snapshot]") {
  FakeServer server({}, 3);
  const std::string id = server.create(R"({"env_id":"CartPole-v1"})");
  REQUIRE(server.post("/v1/envs/" + id + "/reset/", R"({"seed":5})").status == 200);
  steps(server, id, 4);
  const Response got = server.get("/v1/envs/" + id + "/state/");
  REQUIRE(got.status == 200);
  const Response cloned = server.post("/v1/envs/" + id + "/clone/");
  REQUIRE(cloned.status == 200);
  const std::string copy = json::parse(cloned.body).find("instance_id")->as_string();
  const auto expected = steps(server, id, 30);
  CHECK(steps(server, copy, 30) == expected);
  const Response put = server.call({Method::kPut, "/v1/envs/" + id + "/state/", got.body});
  REQUIRE(put.status == 200);
  CHECK(steps(server, id, 30) == expected);

  // POST /v1/envs/ {"state": ...}: another instance from the snapshot.
  const std::string made = server.create(got.body);
  CHECK(steps(server, made, 30) == expected);
  REQUIRE(server.del("/v1/envs/" + made + "/").status == 200);

  // The third instance fills --max-envs 3; a fourth clone is refused.
  REQUIRE(server.post("/v1/envs/" + id + "/clone/").status == 200);
  require_error(server.post("/v1/envs/" + id + "/clone/"), 503, "at_capacity");
}

TEST_CASE("router: bad states are 400, unknown ids 404", "[router][snapshot]") {
  FakeServer server;
  const std::string id = server.create(R"({"env_id":"CartPole-v1"})");
  const std::string other = server.create(R"({"env_id":"MountainCar-v0"})");
  const std::string foreign = server.get("/v1/envs/" + other + "/state/").body;
  require_error(server.call({Method::kPut, "/v1/envs/" + id + "/state/", foreign}), 400,
                "invalid_state");
  require_error(server.call({Method::kPut, "/v1/envs/" + id + "/state/", R"({"state":7})"}), 400,
                "invalid_state");
  require_error(server.call({Method::kPut, "/v1/envs/" + id + "/state/", R"({"state":{}})"}), 400,
                "invalid_state");
  CHECK(server.call({Method::kPut, "/v1/envs/" + id + "/state/", "{}"}).status / 100 == 4);
  require_error(server.post("/v1/envs/", R"({"state":{"env_id":"CartPole-v1"}})"), 400,
                "invalid_state");
  require_error(server.post("/v1/envs/", R"({"state":3})"), 400, "invalid_state");
  require_error(server.get("/v1/envs/nope/state/"), 404, "instance_not_found");
  require_error(server.post("/v1/envs/nope/clone/"), 404, "instance_not_found");
}

}  // namespace
}  // namespace gymcc::serve::testing

namespace gymcc::serve::testing {
namespace {

std::vector<std::string> vector_steps(FakeServer& server, const std::string& id, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    const Response r = server.post("/v1/vector_envs/" + id + "/step/",
                                   i % 2 == 0 ? R"({"actions":[0,1]})" : R"({"actions":[1,1]})");
    REQUIRE(r.status == 200);
    out.push_back(r.body);
  }
  return out;
}

std::string created_id(const Response& r) {
  REQUIRE(r.status == 200);
  return json::parse(r.body).find("instance_id")->as_string();
}

}  // namespace

TEST_CASE("router: vector env state, restore and clone continue bit-exactly",
          "[router][snapshot][vector]") {
  for (const char* mode : {"NextStep", "SameStep"}) {
    INFO(mode);
    FakeServer server({}, 8);
    const std::string id = created_id(
        server.post("/v1/vector_envs/",
                    std::string(R"({"env_id":"CartPole-v1","num_envs":2,"autoreset_mode":")") +
                        mode + R"(","max_episode_steps":7})"));
    REQUIRE(server.post("/v1/vector_envs/" + id + "/reset/", R"({"seed":3})").status == 200);
    vector_steps(server, id, 6);  // sub-envs end at step 7: the snapshot is just before
    const Response got = server.get("/v1/vector_envs/" + id + "/state/");
    REQUIRE(got.status == 200);
    const std::string copy = created_id(server.post("/v1/vector_envs/" + id + "/clone/"));
    const auto expected = vector_steps(server, id, 20);
    CHECK(vector_steps(server, copy, 20) == expected);
    REQUIRE(server.call({Method::kPut, "/v1/vector_envs/" + id + "/state/", got.body}).status ==
            200);
    CHECK(vector_steps(server, id, 20) == expected);
    const std::string made = created_id(server.post("/v1/vector_envs/", got.body));
    CHECK(vector_steps(server, made, 20) == expected);
  }
}

TEST_CASE("router: one sub-env's state", "[router][snapshot][vector]") {
  FakeServer server({}, 8);
  const std::string vec =
      created_id(server.post("/v1/vector_envs/", R"({"env_id":"CartPole-v1","num_envs":2})"));
  REQUIRE(server.post("/v1/vector_envs/" + vec + "/reset/", R"({"seed":3})").status == 200);
  vector_steps(server, vec, 3);
  const Response sub = server.get("/v1/vector_envs/" + vec + "/envs/1/state/");
  REQUIRE(sub.status == 200);
  // A standalone env from sub-env 1, and sub-env 0 restored from it.
  const std::string single = server.create(sub.body);
  REQUIRE(
      server.call({Method::kPut, "/v1/vector_envs/" + vec + "/envs/0/state/", sub.body}).status ==
      200);
  const Value state0 =
      *json::parse(server.get("/v1/vector_envs/" + vec + "/envs/0/state/").body).find("state");
  const Value state1 =
      *json::parse(server.get("/v1/envs/" + single + "/state/").body).find("state");
  CHECK(json::to_string(*state0.find("env")) == json::to_string(*state1.find("env")));
  for (const char* bad : {"2", "-1", "x", "01x"}) {
    require_error(server.get("/v1/vector_envs/" + vec + "/envs/" + bad + "/state/"), 404,
                  "sub_env_not_found");
  }
  // A vector env's state is not a sub-env's, nor the other way round.
  const Response whole = server.get("/v1/vector_envs/" + vec + "/state/");
  require_error(
      server.call({Method::kPut, "/v1/vector_envs/" + vec + "/envs/0/state/", whole.body}), 400,
      "invalid_state");
  require_error(server.call({Method::kPut, "/v1/vector_envs/" + vec + "/state/", sub.body}), 400,
                "invalid_state");
  require_error(server.post("/v1/envs/", whole.body), 400, "invalid_state");
  require_error(server.get("/v1/vector_envs/" + single + "/state/"), 404, "instance_not_found");
}

TEST_CASE("router: vector states from a client are bounded and validated",
          "[router][snapshot][vector]") {
  FakeServer server({}, 4);
  const std::string vec =
      created_id(server.post("/v1/vector_envs/", R"({"env_id":"CartPole-v1","num_envs":2})"));
  Value state = *json::parse(server.get("/v1/vector_envs/" + vec + "/state/").body).find("state");
  // More sub-envs than --max-envs admits: refused before anything is built.
  for (auto& [key, value] : state.as_dict()) {
    if (key == "num_envs") value = Value(std::int64_t{1'000'000'000});
  }
  const Response huge =
      server.post("/v1/vector_envs/", json::to_string(Value(Dict{{"state", state}})));
  CHECK(huge.status / 100 == 4);
  require_error(server.post("/v1/vector_envs/", R"({"state":{"format":"gymcc.vector_env_state"}})"),
                400, "invalid_state");
  // A clone that does not fit --max-envs 4 (2 held + 2 more fit, then no more).
  REQUIRE(server.post("/v1/vector_envs/" + vec + "/clone/").status == 200);
  require_error(server.post("/v1/vector_envs/" + vec + "/clone/"), 503, "at_capacity");
}

}  // namespace gymcc::serve::testing
