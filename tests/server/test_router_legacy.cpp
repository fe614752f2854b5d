// The legacy dialect (openai/gym-http-api) through the pure router: its
// routes, its bodies and its 400 {"message"} errors.

#include <catch2/catch.hpp>
#include <filesystem>

#include "router_fixture.hpp"

namespace gymcc::serve::testing {
namespace {

rest::RestOptions legacy(bool allow_shutdown = false) {
  rest::RestOptions options;
  options.dialect = rest::Dialect::kLegacy;
  options.allow_shutdown = allow_shutdown;
  return options;
}

void require_message(const Response& r, int status, std::string_view contains) {
  INFO(r.body);
  REQUIRE(r.status == status);
  const Value body = body_of(r);
  REQUIRE(body.find("message") != nullptr);
  CHECK(body.find("code") == nullptr);
  CHECK(body.find("message")->as_string().find(contains) != std::string::npos);
}

TEST_CASE("router (legacy): an episode over the legacy routes", "[router][legacy]") {
  FakeServer server(legacy());
  const std::string id = server.create(R"({"env_id":"CartPole-v0","seed":0})");
  CHECK(id.size() == 8);
  CHECK(body_of(server.get("/v1/envs/")).find("all_envs")->find(id)->as_string() == "CartPole-v0");
  const Value reset = body_of(server.post("/v1/envs/" + id + "/reset/"));
  CHECK(reset.find("observation")->as_list().size() == 4);
  const Value step = body_of(server.post("/v1/envs/" + id + "/step/", R"({"action":1})"));
  CHECK(step.find("done")->is_bool());
  CHECK(step.find("reward")->as_float() == 1.0);
  const Value action_space = body_of(server.get("/v1/envs/" + id + "/action_space/"));
  CHECK(action_space.find("info")->find("n")->as_int() == 2);
  const Value observation_space = body_of(server.get("/v1/envs/" + id + "/observation_space/"));
  CHECK(observation_space.find("info")->find("high")->as_list()[1].as_float() == 1e100);
  CHECK(body_of(server.get("/v1/envs/" + id + "/action_space/sample")).find("action")->is_int());
  CHECK(
      body_of(server.get("/v1/envs/" + id + "/action_space/contains/1")).find("member")->as_bool());
  CHECK_FALSE(
      body_of(server.get("/v1/envs/" + id + "/action_space/contains/5")).find("member")->as_bool());
  require_message(server.get("/v1/envs/" + id + "/action_space/contains/x"), 400,
                  "invalid literal for int()");
  CHECK(body_of(server.post("/v1/envs/" + id + "/observation_space/contains",
                            R"({"name":"Box","shape":[4]})"))
            .find("member")
            ->as_bool());
  require_message(
      server.post("/v1/envs/" + id + "/observation_space/contains", R"({"colour":"red"})"), 400,
      "no property 'colour'");
  const Response closed = server.post("/v1/envs/" + id + "/close/");
  CHECK(closed.status == 204);
  require_message(server.post("/v1/envs/" + id + "/reset/"), 400, "Instance_id " + id + " unknown");
}

TEST_CASE("router (legacy): errors are 400 {message}, unknown routes 404", "[router][legacy]") {
  FakeServer server(legacy());
  require_message(server.post("/v1/envs/", "{}"), 400,
                  "A required request parameter 'env_id' was not provided");
  require_message(server.post("/v1/envs/", "not json"), 400, "Request is not a valid json");
  require_message(server.post("/v1/envs/", R"({"env_id":"bad string"})"), 400,
                  "Attempted to look up malformed environment ID 'bad string'");
  require_message(server.post("/v1/envs/", R"({"env_id":"CartPole-v1","seed":-2})"), 400,
                  "Seed must be greater or equal to zero");
  const std::string frozen = server.create(R"({"env_id":"FrozenLake-v0"})");
  CHECK(body_of(server.post("/v1/envs/" + frozen + "/reset/")).find("observation")->as_int() == 0);
  require_message(server.post("/v1/envs/" + frozen + "/step/", "{}"), 400,
                  "A required request parameter 'action' was not provided");
  require_message(server.post("/v1/envs/" + frozen + "/step/", R"({"action":9})"), 400,
                  "action 9 is not in Discrete(4)");
  require_message(server.get("/v1/envs/" + frozen + "/nothing/"), 404, "Not Found");
  require_message(server.get("/v1/ws"), 404, "Not Found");
  require_message(server.get("/v1/vector_envs/"), 404, "Not Found");
  const Response wrong = server.get("/v1/envs/" + frozen + "/step/");
  require_message(wrong, 405, "Method Not Allowed");
  CHECK(header(wrong, "Allow") == "POST");
  require_message(server.get("/healthz/x"), 404, "Not Found");
  CHECK(server.get("/healthz").status == 200);
  require_message(server.post("/v1/upload/", R"({"training_dir":"d","api_key":"k"})"), 400,
                  "no longer exists");
  require_message(server.post("/v1/upload/", "{}"), 400, "'training_dir' was not provided");
  require_message(server.post("/v1/shutdown/"), 400, "Shutdown is disabled");
  CHECK(server.shutdown_requests == 0);
}

TEST_CASE("router (legacy): the monitor writes its statistics file", "[router][legacy]") {
  rest::RestOptions options = legacy();
  const auto root = std::filesystem::temp_directory_path() / "gymcc_monitor_root";
  options.monitor_dir = root.string();
  FakeServer server(options);
  const std::string id = server.create(R"({"env_id":"CartPole-v0"})");
  const auto dir = root / ("run-" + id);
  require_message(server.post("/v1/envs/" + id + "/monitor/start/", "{}"), 400,
                  "'directory' was not provided");
  require_message(server.post("/v1/envs/" + id + "/monitor/close/"), 400, "was not started");
  const Response started = server.post("/v1/envs/" + id + "/monitor/start/",
                                       R"({"directory":")" + dir.string() + R"("})");
  CHECK(started.status == 204);
  server.post("/v1/envs/" + id + "/reset/");
  server.post("/v1/envs/" + id + "/step/", R"({"action":0})");
  CHECK(server.post("/v1/envs/" + id + "/monitor/close/").status == 204);
  CHECK(std::filesystem::exists(dir / ("openaigym.episode_batch." + id + ".stats.json")));
  // Relative directories are under the root too.
  CHECK(
      server.post("/v1/envs/" + id + "/monitor/start/", R"({"directory":"relative/run"})").status ==
      204);
  CHECK(std::filesystem::is_directory(root / "relative" / "run"));
  std::filesystem::remove_all(root);
}

TEST_CASE("router (legacy): monitor directories cannot leave --monitor-dir", "[router][legacy]") {
  namespace fs = std::filesystem;
  rest::RestOptions options = legacy();
  const fs::path root = fs::temp_directory_path() / "gymcc_monitor_jail";
  const fs::path outside = fs::temp_directory_path() / "gymcc_monitor_outside";
  fs::remove_all(root);
  fs::remove_all(outside);
  fs::create_directories(root);
  fs::create_directories(outside);
  fs::create_directory_symlink(outside, root / "link");
  options.monitor_dir = root.string();
  FakeServer server(options);
  const std::string id = server.create(R"({"env_id":"CartPole-v0"})");
  const std::vector<std::string> escapes = {
      "../gymcc_monitor_outside", "a/../../gymcc_monitor_outside/x", outside.string(), "/etc/gymcc",
      "link/inside-the-link",     (root / ".." / "escape").string()};
  for (const std::string& directory : escapes) {
    INFO(directory);
    require_message(server.post("/v1/envs/" + id + "/monitor/start/",
                                R"({"directory":")" + directory + R"("})"),
                    400, "outside the server's --monitor-dir");
  }
  CHECK(fs::is_empty(outside));
  CHECK_FALSE(fs::exists(fs::temp_directory_path() / "escape"));
  fs::remove_all(root);
  fs::remove_all(outside);
}

TEST_CASE("router (legacy): shutdown when allowed", "[router][legacy]") {
  FakeServer server(legacy(true));
  const Response r = server.post("/v1/shutdown/");
  CHECK(r.status == 200);
  CHECK(r.body == "Server shutting down");
  CHECK(server.shutdown_requests == 1);
}

}  // namespace
}  // namespace gymcc::serve::testing
