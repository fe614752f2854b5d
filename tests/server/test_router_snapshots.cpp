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
