// The gymnasium dialect's service and /v1/envs/ routes, driven through the
// pure router: every route, its answer and every error code it can give.

#include <catch2/catch.hpp>

#include "router_fixture.hpp"
#include "serve/encoding.hpp"
#include "serve/frame_stream.hpp"
#include "serve/msgpack.hpp"

namespace gymcc::serve::testing {
namespace {

std::string reference_reset(std::string_view env_id, std::uint64_t seed) {
  auto env = envs::default_registry().make(env_id);
  const auto result = env->reset(Seed(seed), nullptr);
  std::string out = "{\"observation\":";
  json::write(result.observation, out, kResponseJson);
  out += ",\"info\":";
  json::write(result.info, out, kResponseJson);
  return out + "}";
}

TEST_CASE("router: service routes answer in both methods they allow", "[router]") {
  FakeServer server;
  CHECK(server.get("/healthz").body == R"({"status":"ok"})");
  CHECK(server.call({Method::kHead, "/healthz"}).status == 200);
  CHECK(server.get("/readyz").body == R"({"status":"ready"})");
  const Response wrong = server.post("/healthz");
  require_error(wrong, 405, "method_not_allowed");
  CHECK(header(wrong, "Allow") == "GET");
  require_error(server.del("/readyz"), 405, "method_not_allowed");
  require_error(server.post("/metrics"), 405, "method_not_allowed");
  require_error(server.post("/v1/specs/"), 405, "method_not_allowed");

  const Response specs = server.get("/v1/specs/");
  REQUIRE(specs.status == 200);
  CHECK(body_of(specs).as_list().size() == envs::default_registry().specs().size());
}

TEST_CASE("router: readyz is 503 while draining or full", "[router]") {
  FakeServer server({}, 1);
  server.create(R"({"env_id":"CartPole-v1"})");
  Response full = server.get("/readyz");
  CHECK(full.status == 503);
  CHECK(body_of(full).find("status")->as_string() == "full");
  server.services().draining.store(true);
  CHECK(server.get("/readyz").body == R"({"status":"draining"})");
}

TEST_CASE("router: /metrics counts requests by route label and status", "[router]") {
  FakeServer server;
  const std::string id = server.create(R"({"env_id":"CartPole-v1"})");
  server.post("/v1/envs/" + id + "/reset/", R"({"seed":1})");
  server.post("/v1/envs/" + id + "/step/", R"({"action":1})");
  server.post("/v1/envs/" + id + "/step/", R"({"action":7})");
  server.get("/nowhere");
  server.call({Method::kPut, "/v1/envs/"});
  const Response r = server.get("/metrics");
  REQUIRE(r.status == 200);
  CHECK(r.content_type == "text/plain; version=0.0.4");
  CHECK(r.body.find(R"(gymcc_requests_total{route="step",status="200"} 1)") != std::string::npos);
  CHECK(r.body.find(R"(gymcc_requests_total{route="step",status="400"} 1)") != std::string::npos);
  CHECK(r.body.find(R"(gymcc_requests_total{route="create",status="200"} 1)") != std::string::npos);
  CHECK(r.body.find(R"(gymcc_requests_total{route="unmatched",status="404"} 1)") !=
        std::string::npos);
  CHECK(r.body.find(R"(gymcc_requests_total{route="list",status="405"} 1)") != std::string::npos);
  CHECK(r.body.find("gymcc_instances 1\n") != std::string::npos);
  CHECK(r.body.find("gymcc_step_duration_seconds_count 1\n") != std::string::npos);
}

TEST_CASE("router: pages, the dialect's OpenAPI document and unknown paths", "[router]") {
  FakeServer server;
  const Response index = server.get("/");
  CHECK(index.status == 200);
  CHECK(index.content_type == "text/html; charset=utf-8");
  CHECK(header(index, "Cache-Control") == "no-cache");
  CHECK(server.get("/docs").content_type == "text/html; charset=utf-8");
  CHECK(server.get("/monitor.html").status == 200);
  const Response openapi = server.get("/openapi.json");
  REQUIRE(openapi.status == 200);
  CHECK(body_of(openapi).find("paths")->find("/v1/vector_envs/") != nullptr);
  require_error(server.post("/index.html"), 404, "not_found");
  require_error(server.get("/v1"), 404, "not_found");
  require_error(server.get("/v1/envs/a/b/c/d/e/f/g/h/i"), 404, "not_found");
  require_error(server.get("/v1/envs/x/teleport/"), 404, "not_found");
}

TEST_CASE("router: /v1/ws upgrades a valid handshake and explains itself otherwise", "[router]") {
  FakeServer server;
  const Response plain = server.get("/v1/ws");
  require_error(plain, 426, "upgrade_required");
  CHECK(header(plain, "Upgrade") == "websocket");
  require_error(server.post("/v1/ws/"), 426, "upgrade_required");

  Request upgrade;
  upgrade.path = "/v1/ws";
  upgrade.websocket = {true, "dGhlIHNhbXBsZSBub25jZQ==", "13"};
  rest::Router router(server.services(), {});
  const Response ok = router.handle(upgrade);
  CHECK(ok.status == 101);
  CHECK(ok.websocket_upgrade);

  upgrade.websocket.version = "8";
  const Response bad = router.handle(upgrade);
  require_error(bad, 400, "bad_handshake");
  CHECK(bad.close_connection);
  CHECK_FALSE(bad.websocket_upgrade);
}

TEST_CASE("router: create, list, describe and delete an env", "[router]") {
  FakeServer server;
  const std::string id = server.create(R"({"env_id":"CartPole-v1","seed":3})");
  CHECK(id.size() == 36);
  CHECK(server.get("/v1/envs/").body == "{\"" + id + "\":\"CartPole-v1\"}");
  CHECK(server.get("/v1/envs").status == 200);  // the trailing slash is optional

  const Value described = body_of(server.get("/v1/envs/" + id + "/"));
  CHECK(described.find("env_id")->as_string() == "CartPole-v1");
  CHECK(described.find("episodes")->as_int() == 0);
  CHECK(described.find("render_mode")->is_null());

  const Response wrong = server.post("/v1/envs/" + id + "/");
  require_error(wrong, 405, "method_not_allowed");
  CHECK(header(wrong, "Allow") == "GET, DELETE");
  const Response wrong_collection = server.del("/v1/envs/");
  CHECK(header(wrong_collection, "Allow") == "GET, POST");

  CHECK(server.del("/v1/envs/" + id + "/").body ==
        R"({"message":"Environment closed and deleted."})");
  require_error(server.del("/v1/envs/" + id + "/"), 404, "instance_not_found");
  require_error(server.get("/v1/envs/" + id + "/"), 404, "instance_not_found");
  CHECK(server.get("/v1/envs/").body == "{}");
}

TEST_CASE("router: creation errors have their status and code", "[router]") {
  FakeServer server;
  require_error(server.post("/v1/envs/", "{"), 400, "invalid_json");
  require_error(server.post("/v1/envs/", "[1]"), 422, "invalid_body");
  require_error(server.post("/v1/envs/", ""), 422, "invalid_body");
  require_error(server.post("/v1/envs/", "{}"), 422, "missing_field");
  require_error(server.post("/v1/envs/", R"({"env_id":5})"), 422, "invalid_field");
  require_error(server.post("/v1/envs/", R"({"env_id":"Nope-v0"})"), 400, "unknown_env");
  require_error(server.post("/v1/envs/", R"({"env_id":"bad string"})"), 400, "malformed_id");
  require_error(server.post("/v1/envs/", R"({"env_id":"CartPole-v7"})"), 400, "unknown_version");
  require_error(server.post("/v1/envs/", R"({"env_id":"Taxi-v3"})"), 400, "deprecated_env");
  require_error(server.post("/v1/envs/", R"({"env_id":"CartPole-v1","kwargs":{"x":1}})"), 400,
                "invalid_kwarg");
  require_error(server.post("/v1/envs/", R"({"env_id":"CartPole-v1","kwargs":[]})"), 422,
                "invalid_field");
  require_error(server.post("/v1/envs/", R"({"env_id":"CartPole-v1","render_mode":3})"), 422,
                "invalid_field");
  require_error(server.post("/v1/envs/", R"({"env_id":"CartPole-v1","render_mode":"human"})"), 400,
                "not_renderable");
  require_error(server.post("/v1/envs/", R"({"env_id":"CartPole-v1","max_episode_steps":0})"), 422,
                "invalid_field");
  require_error(server.post("/v1/envs/", R"({"env_id":"CartPole-v1","seed":-1})"), 400,
                "invalid_seed");
  require_error(server.post("/v1/envs/", R"({"env_id":"CartPole-v1","seed":1.5})"), 400,
                "invalid_seed");
  require_error(server.call({Method::kPost, "/v1/envs/", "\xc1", "application/msgpack"}), 400,
                "invalid_msgpack");
  CHECK(server.store().size() == 0);

  FakeServer tiny({}, 1);
  tiny.create(R"({"env_id":"CartPole-v1"})");
  require_error(tiny.post("/v1/envs/", R"({"env_id":"CartPole-v1"})"), 503, "at_capacity");
}

TEST_CASE("router: reset and step give the library's answers, errors leave state alone",
          "[router]") {
  FakeServer server;
  const std::string id = server.create(R"({"env_id":"CartPole-v1"})");
  const std::string base = "/v1/envs/" + id;
  require_error(server.post(base + "/step/", R"({"action":1})"), 400, "reset_needed");
  const Response reset = server.post(base + "/reset/", R"({"seed":42})");
  REQUIRE(reset.status == 200);
  CHECK(reset.body == reference_reset("CartPole-v1", 42));
  require_error(server.post(base + "/reset/", R"({"seed":"x"})"), 400, "invalid_seed");
  require_error(server.post(base + "/reset/", R"({"options":{"low":1,"high":0}})"), 400,
                "invalid_options");
  require_error(server.post(base + "/reset/", R"({"options":3})"), 422, "invalid_field");
  require_error(server.post(base + "/step/", "{}"), 422, "missing_field");
  require_error(server.post(base + "/step/", R"({"action":2})"), 400, "invalid_action");
  require_error(server.post(base + "/step/", "not json"), 400, "invalid_json");
  require_error(server.get(base + "/step/"), 405, "method_not_allowed");
  require_error(server.post("/v1/envs/nope/step/", "not json"), 404, "instance_not_found");

  const Response step = server.post(base + "/step/", R"({"action":1})");
  REQUIRE(step.status == 200);
  auto env = envs::default_registry().make("CartPole-v1");
  env->reset(Seed(42), nullptr);
  const auto expected = env->step(Value(1));
  std::string want = "{\"observation\":";
  json::write(expected.observation, want, kResponseJson);
  want += ",\"reward\":1.0,\"terminated\":false,\"truncated\":false,\"info\":{}}";
  CHECK(step.body == want);
  CHECK(body_of(server.get(base + "/")).find("steps")->as_int() == 1);
}

TEST_CASE("router: the create seed seeds the first reset that gives none", "[router]") {
  FakeServer server;
  const std::string id = server.create(R"({"env_id":"CartPole-v1","seed":7})");
  CHECK(server.post("/v1/envs/" + id + "/reset/").body == reference_reset("CartPole-v1", 7));
}

TEST_CASE("router: spaces, and MessagePack both ways", "[router]") {
  FakeServer server;
  const std::string id = server.create(R"({"env_id":"CartPole-v1"})");
  const std::string base = "/v1/envs/" + id;
  CHECK(server.get(base + "/action_space/").body ==
        R"({"name":"Discrete","n":2,"shape":[],"start":0,"dtype":"int64"})");
  const Value observation = body_of(server.get(base + "/observation_space/"));
  CHECK(observation.find("low")->as_list()[1].as_string() == "-Infinity");
  require_error(server.post(base + "/action_space/"), 405, "method_not_allowed");

  std::string packed;
  msgpack::Writer(packed).value(Value(Dict{{"seed", 42}}));
  const Response reset = server.call(
      {Method::kPost, base + "/reset/", packed, "application/msgpack", "application/msgpack"});
  REQUIRE(reset.status == 200);
  CHECK(reset.content_type == "application/msgpack");
  const Value decoded = msgpack::decode(reset.body);
  CHECK(decoded.find("observation")->as_array().dtype == DType::kFloat32);

  const Response error = server.call(
      {Method::kPost, "/v1/envs/nope/step/", "", "application/msgpack", "application/msgpack"});
  CHECK(error.status == 404);
  CHECK(error.content_type == "application/msgpack");
  CHECK(msgpack::decode(error.body).find("code")->as_string() == "instance_not_found");
  const Response listing = server.call({Method::kGet, "/v1/envs/", "", "", "application/msgpack"});
  CHECK(msgpack::decode(listing.body).find(id)->as_string() == "CartPole-v1");
}

TEST_CASE("router: CORS preflight and headers", "[router]") {
  rest::RestOptions options;
  options.cors_origin = "https://example.org";
  FakeServer server(options);
  const Response preflight = server.call({Method::kOptions, "/v1/envs/"});
  CHECK(preflight.status == 204);
  CHECK(header(preflight, "Access-Control-Allow-Methods") == "GET, POST, PUT, DELETE, OPTIONS");
  const Response r = server.get("/healthz");
  CHECK(header(r, "Access-Control-Allow-Origin") == "https://example.org");
  CHECK(header(r, "Vary") == "Origin");

  FakeServer closed;
  CHECK(header(closed.get("/healthz"), "Access-Control-Allow-Origin").empty());
  require_error(closed.call({Method::kOptions, "/v1/envs/"}), 405, "method_not_allowed");
}

TEST_CASE("router: render and stream routes", "[router]") {
  FakeServer server;
  const std::string plain = server.create(R"({"env_id":"CartPole-v1"})");
  require_error(server.get("/v1/envs/" + plain + "/monitor/render/"), 400, "not_renderable");
  require_error(server.get("/v1/envs/" + plain + "/monitor/stream/"), 400, "not_renderable");
  require_error(server.get("/v1/envs/nope/monitor/render/"), 404, "instance_not_found");
  require_error(server.post("/v1/envs/" + plain + "/monitor/render/"), 405, "method_not_allowed");

  const std::string text = server.create(R"({"env_id":"FrozenLake-v1","render_mode":"ansi"})");
  server.post("/v1/envs/" + text + "/reset/", R"({"seed":0})");
  const Value ansi = body_of(server.get("/v1/envs/" + text + "/monitor/render/"));
  CHECK(ansi.find("content_type")->as_string() == "text/plain");
  CHECK(ansi.find("data")->as_string().find("FFF") != std::string::npos);
  require_error(server.get("/v1/envs/" + text + "/monitor/stream/"), 400, "not_renderable");

  const std::string rgb = server.create(R"({"env_id":"CartPole-v1","render_mode":"rgb_array"})");
  server.post("/v1/envs/" + rgb + "/reset/", R"({"seed":0})");
  const std::string frames = "/v1/envs/" + rgb + "/monitor/";
  require_error(server.call({Method::kGet, frames + "render/", "", "", "", "format=gif"}), 400,
                "invalid_query");
  Response deferred = server.get(frames + "render/");
  REQUIRE(deferred.deferred);
  const Value image = body_of(deferred.deferred());
  CHECK(image.find("content_type")->as_string() == "image/png");
  CHECK(image.find("data")->as_string().rfind("iVBORw0KGgo", 0) == 0);  // PNG magic
  Response raw = server.call({Method::kGet, frames + "render/", "", "", "", "format=png"});
  CHECK(raw.deferred().content_type == "image/png");

  require_error(server.call({Method::kGet, frames + "stream/", "", "", "", "fps=0"}), 400,
                "invalid_query");
  require_error(server.call({Method::kGet, frames + "stream/", "", "", "", "fps=3x"}), 400,
                "invalid_query");
  const Response stream = server.call({Method::kGet, frames + "stream/", "", "", "", "fps=10"});
  REQUIRE(stream.stream);
  CHECK(stream.stream->interval() == std::chrono::milliseconds(100));
}

}  // namespace
}  // namespace gymcc::serve::testing
