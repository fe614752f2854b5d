// The server's guards through the pure router: Host and Origin checks
// against DNS rebinding and cross-site pages, model-size bounds and the
// memory budget, and repeated JSON keys read as Python reads them.

#include <catch2/catch.hpp>
#include <string>

#include "router_fixture.hpp"
#include "serve/msgpack.hpp"

namespace gymcc::serve::testing {
namespace {

rest::RestOptions loopback_only() {
  rest::RestOptions options;
  options.allowed_hosts = {"localhost", "127.0.0.1", "::1"};
  return options;
}

TEST_CASE("guards: only the allowed Host names are answered", "[guards]") {
  FakeServer server(loopback_only());
  for (const std::string host : {"127.0.0.1:5000", "localhost", "LOCALHOST:80", "[::1]:5000"}) {
    Call call{Method::kGet, "/healthz"};
    call.host = host;
    INFO(host);
    CHECK(server.call(call).status == 200);
  }
  for (const std::string host :
       {"evil.example", "evil.example:5000", "127.0.0.1.evil.example", "[::2]:5000"}) {
    Call call{Method::kGet, "/v1/envs/"};
    call.host = host;
    INFO(host);
    require_error(server.call(call), 403, "forbidden_host");
  }
  FakeServer any;  // bound beyond loopback: any Host
  Call call{Method::kGet, "/healthz"};
  call.host = "gymcc.internal:5000";
  CHECK(any.call(call).status == 200);
}

TEST_CASE("guards: cross-site pages may not change state", "[guards]") {
  FakeServer server(loopback_only());
  Call post{Method::kPost, "/v1/envs/", R"({"env_id":"CartPole-v1"})", "text/plain"};
  post.origin = "http://evil.example";
  const Response refused = server.call(post);
  require_error(refused, 403, "forbidden_origin");
  CHECK(server.store().size() == 0);
  post.origin = "null";  // sandboxed frames and file: pages
  require_error(server.call(post), 403, "forbidden_origin");
  post.origin = "http://127.0.0.1:5000";  // the server's own pages
  CHECK(server.call(post).status == 200);
  post.origin = "https://127.0.0.1:5000";  // another scheme is another origin
  require_error(server.call(post), 403, "forbidden_origin");
  post.origin.clear();  // curl, scripts, every non-browser client
  CHECK(server.call(post).status == 200);

  Call read{Method::kGet, "/v1/envs/"};  // reads are guarded by CORS, not here
  read.origin = "http://evil.example";
  CHECK(server.call(read).status == 200);

  Call upgrade{Method::kGet, "/v1/ws"};
  upgrade.origin = "http://evil.example";
  Request request;
  request.path = upgrade.path;
  request.host = upgrade.host;
  request.origin = upgrade.origin;
  request.websocket = {true, "dGhlIHNhbXBsZSBub25jZQ==", "13"};
  rest::Router router(server.services(), loopback_only());
  require_error(router.handle(request), 403, "forbidden_origin");

  rest::RestOptions allowed = loopback_only();
  allowed.cors_origin = "http://app.example";
  FakeServer cors(allowed);
  post.origin = "http://app.example";
  CHECK(cors.call(post).status == 200);
  post.origin = "http://evil.example";
  require_error(cors.call(post), 403, "forbidden_origin");

  rest::RestOptions legacy = loopback_only();
  legacy.dialect = rest::Dialect::kLegacy;
  legacy.allow_shutdown = true;
  FakeServer shutdown(legacy);
  Call stop{Method::kPost, "/v1/shutdown/"};
  stop.origin = "http://evil.example";
  CHECK(shutdown.call(stop).status == 403);
  CHECK(shutdown.shutdown_requests == 0);
}

TEST_CASE("guards: a model larger than --max-env-memory is refused before it is built",
          "[guards]") {
  StoreLimits limits;
  limits.max_instance_bytes = 1 << 20;  // 1 MiB
  FakeServer server({}, 100000, envs::default_registry(), {}, limits);
  std::string rows;
  for (int r = 0; r < 100; ++r)
    rows += std::string(r ? "," : "") + "\"" + std::string(100, 'F') + "\"";
  const std::string big = R"({"env_id":"FrozenLake-v1","kwargs":{"desc":[)" + rows + "]}}";
  require_error(server.post("/v1/envs/", big), 400, "model_too_large");
  CHECK(server.store().size() == 0);
  CHECK(server.post("/v1/envs/", R"({"env_id":"FrozenLake-v1"})").status == 200);
  require_error(server.post("/v1/vector_envs/", R"({"env_id":"CartPole-v1","num_envs":65536})"),
                400, "model_too_large");
  CHECK(server.post("/v1/vector_envs/", R"({"env_id":"CartPole-v1","num_envs":64})").status == 200);
}

TEST_CASE("guards: the memory budget of all instances", "[guards]") {
  StoreLimits limits;
  limits.max_total_bytes = 64 << 10;  // 64 KiB: a few CartPoles
  FakeServer server({}, 100, envs::default_registry(), {}, limits);
  int made = 0;
  while (server.post("/v1/envs/", R"({"env_id":"CartPole-v1"})").status == 200) ++made;
  CHECK(made > 2);
  const Response full = server.post("/v1/envs/", R"({"env_id":"CartPole-v1"})");
  require_error(full, 503, "at_capacity");
  CHECK(body_of(full).find("detail")->as_string().find("--env-memory-budget") != std::string::npos);
  const std::string any = body_of(server.get("/v1/envs/")).as_dict().front().first;
  CHECK(server.del("/v1/envs/" + any + "/").status == 200);
  CHECK(server.post("/v1/envs/", R"({"env_id":"CartPole-v1"})").status == 200);
}

TEST_CASE("guards: a repeated key takes its last value, in JSON and MessagePack", "[guards]") {
  const Value parsed = json::parse(R"({"a":1,"b":2,"a":3})");
  REQUIRE(parsed.as_dict().size() == 2);
  CHECK(parsed.as_dict()[0].first == "a");
  CHECK(parsed.as_dict()[0].second.as_int() == 3);
  CHECK(parsed.as_dict()[1].first == "b");
  std::string many = "{";
  for (int i = 0; i < 40; ++i)
    many += "\"k" + std::to_string(i % 20) + "\":" + std::to_string(i) + ",";
  many.back() = '}';
  const Value wide = json::parse(many);
  REQUIRE(wide.as_dict().size() == 20);
  CHECK(wide.find("k0")->as_int() == 20);
  CHECK(wide.find("k19")->as_int() == 39);

  FakeServer server;
  const std::string id = server.create(R"({"env_id":"Nope-v0","env_id":"CartPole-v1"})");
  CHECK(body_of(server.get("/v1/envs/" + id + "/")).find("env_id")->as_string() == "CartPole-v1");
  // MessagePack maps read the same way.
  std::string packed;
  msgpack::Writer w(packed);
  w.map_header(2);
  w.string("seed");
  w.integer(1);
  w.string("seed");
  w.integer(7);
  CHECK(msgpack::decode(packed).find("seed")->as_int() == 7);
}

TEST_CASE("guards: the transport's errors speak the dialect", "[guards]") {
  FakeServer server;
  rest::Router router(server.services(), {});
  const Response gym = router.transport_error(413, "body_too_large", "too big");
  require_error(gym, 413, "body_too_large");
  rest::RestOptions legacy;
  legacy.dialect = rest::Dialect::kLegacy;
  rest::Router legacy_router(server.services(), legacy);
  const Response old = legacy_router.transport_error(413, "body_too_large", "too big");
  CHECK(old.status == 400);
  CHECK(old.body == R"({"message":"too big"})");
}

}  // namespace
}  // namespace gymcc::serve::testing
