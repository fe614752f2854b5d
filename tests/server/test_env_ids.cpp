// No env id can load code or name a file: gymcc only looks ids up in its
// registry of compiled envs (docs/security.md). Ids that would import a
// module in gymnasium (`module:Class`), or that look like paths, are
// refused as unknown or malformed ids — over REST in both dialects and over
// WebSocket, for single and vector envs — and nothing is created.

#include <catch2/catch.hpp>

#include "router_fixture.hpp"

namespace gymcc::serve::testing {
namespace {

const std::vector<std::string> kHostileIds = {
    "os:system",
    "module.path:Class",
    "gymnasium.envs.classic_control.cartpole:CartPoleEnv",
    "__main__:CartPole-v1",
    "../../etc/passwd",
    "/etc/passwd",
    "..",
    "./CartPole-v1",
    "CartPole-v1/../../../etc/passwd",
    "file:///etc/passwd",
    "%2e%2e%2fetc%2fpasswd",
    "__import__('os').system('id')",
    "CartPole-v1; rm -rf /",
    std::string("CartPole-v1\0x", 13),
};

bool refused_id_code(std::string_view code) {
  return code == "unknown_env" || code == "malformed_id";
}

std::string create_body(const std::string& id, bool vector) {
  Dict body{{"env_id", id}};
  if (vector) body.emplace_back("num_envs", 2);
  return json::to_string(Value(std::move(body)));
}

TEST_CASE("env ids: module paths and file paths are unknown over REST", "[env_ids][security]") {
  FakeServer server;
  for (const std::string& id : kHostileIds) {
    for (const bool vector : {false, true}) {
      INFO(id << (vector ? " (vector)" : ""));
      const Response r =
          server.post(vector ? "/v1/vector_envs/" : "/v1/envs/", create_body(id, vector));
      REQUIRE(r.status == 400);
      const Value body = body_of(r);
      CHECK(refused_id_code(body.find("code")->as_string()));
    }
  }
  CHECK(server.store().size() == 0);
}

TEST_CASE("env ids: module paths and file paths are unknown in the legacy dialect",
          "[env_ids][security]") {
  rest::RestOptions options;
  options.dialect = rest::Dialect::kLegacy;
  FakeServer server(options);
  for (const std::string& id : kHostileIds) {
    INFO(id);
    const Response r = server.post("/v1/envs/", create_body(id, false));
    CHECK(r.status == 400);
    CHECK(body_of(r).find("message") != nullptr);
  }
  CHECK(server.store().size() == 0);
}

TEST_CASE("env ids: module paths and file paths are unknown over WebSocket",
          "[env_ids][security]") {
  FakeServer server;
  for (const std::string& id : kHostileIds) {
    for (const char* op : {"make", "make_vec"}) {
      INFO(id << " " << op);
      Dict message{{"op", op}, {"env_id", id}};
      if (std::string_view(op) == "make_vec") message.emplace_back("num_envs", 2);
      const Value reply = server.message(json::to_string(Value(std::move(message))));
      const Value* error = reply.find("error");
      REQUIRE(error != nullptr);
      CHECK(error->find("status")->as_int() == 400);
      CHECK(refused_id_code(error->find("code")->as_string()));
    }
  }
  CHECK(server.session.owned.empty());
  CHECK(server.store().size() == 0);
}

TEST_CASE("router: error bodies that echo bytes which are not UTF-8 are JSON", "[router][fuzz]") {
  // Found by tests/fuzz/fuzz_router (seeds/router/regression-path-bytes).
  rest::RestOptions options;
  options.dialect = rest::Dialect::kLegacy;
  FakeServer legacy(options);
  const Response r = legacy.post("/v1/envs/\xff\xfe\xc0/close/");
  CHECK(r.status == 400);  // the legacy dialect's unknown instance
  CHECK(body_of(r).find("message") != nullptr);
  FakeServer server;
  const Value reply = server.message("{\"op\":\"step\",\"instance_id\":\"\xff\xfe\",\"action\":0}");
  CHECK(reply.find("error") != nullptr);
}

}  // namespace
}  // namespace gymcc::serve::testing
