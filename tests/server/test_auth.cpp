// API keys and tenancy through the pure router and the WebSocket message
// API: who may call, and that a key sees, steps, renders and deletes only
// its own instances — checked for every route of the table.

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "router_fixture.hpp"

namespace gymcc::serve::testing {
namespace {

constexpr std::string_view kKeys =
    "# the team's keys\n"
    "alice:alice-key-0123456789abcdef\n"
    "bob:bob-key-0123456789abcdef:2\n"
    "\n"
    "bare-key-0123456789abcdef\n";

Call with_key(Call call, std::string_view key) {
  call.authorization = "Bearer " + std::string(key);
  return call;
}

TEST_CASE("api keys: the key file's forms and its mistakes", "[auth]") {
  const ApiKeys keys = ApiKeys::parse(kKeys);
  REQUIRE(keys.size() == 3);
  const ApiKeys::Key* alice = keys.authenticate("alice-key-0123456789abcdef");
  REQUIRE(alice != nullptr);
  CHECK(alice->name == "alice");
  CHECK_FALSE(alice->max_envs);
  const ApiKeys::Key* bob = keys.authenticate("bob-key-0123456789abcdef");
  REQUIRE(bob != nullptr);
  CHECK(bob->max_envs == std::optional<std::size_t>(2));
  CHECK(bob->owner != alice->owner);
  CHECK(keys.authenticate("bare-key-0123456789abcdef")->name == "key-5");
  CHECK(keys.authenticate("alice-key-0123456789abcdeF") == nullptr);
  CHECK(keys.authenticate("") == nullptr);
  CHECK(keys.authenticate("alice") == nullptr);

  const auto rejects = [](std::string_view text, std::string_view why) {
    INFO(text);
    try {
      ApiKeys::parse(text);
      FAIL("accepted");
    } catch (const std::runtime_error& e) {
      const std::string message = e.what();
      CHECK(message.find(why) != std::string::npos);
      CHECK(message.find("0123456789") == std::string::npos);  // never the key itself
    }
  };
  rejects("", "holds no key");
  rejects("# only a comment\n", "holds no key");
  rejects("short", "16 to 256");
  rejects("a b:key with space 0123456789", "name");
  rejects("x:key-0123456789abcdef:0", "MAX_ENVS");
  rejects("x:key-0123456789abcdef:two", "MAX_ENVS");
  rejects("x:key-0123456789abcdef:1:2:3", "expected KEY");
  rejects("x:key-0123456789abcdef:1:0", "RATE");
  rejects("x:key-0123456789abcdef::-1", "RATE");
  rejects("x:key-0123456789abcdef::fast", "RATE");
  rejects("x:key-0123456789abcdef::inf", "RATE");
  // A rate with or without a quota.
  const ApiKeys rated = ApiKeys::parse(
      "a:key-a-0123456789abcdef:3:20\n"
      "b:key-b-0123456789abcdef::0.5\n");
  CHECK(rated.authenticate("key-a-0123456789abcdef")->max_envs == std::optional<std::size_t>(3));
  CHECK(rated.authenticate("key-a-0123456789abcdef")->rate_limit->rate() == 20.0);
  CHECK_FALSE(rated.authenticate("key-b-0123456789abcdef")->max_envs);
  CHECK(rated.authenticate("key-b-0123456789abcdef")->rate_limit->rate() == 0.5);
  CHECK(ApiKeys::parse(kKeys).authenticate("bob-key-0123456789abcdef")->rate_limit == nullptr);
  rejects("x:key-0123456789abcdef\nx:other-0123456789abcdef", "repeats");
  rejects("x:key-0123456789abcdef\ny:key-0123456789abcdef", "repeats");
}

TEST_CASE("api keys: requests without a valid key are 401, probes stay open", "[auth]") {
  FakeServer server({}, 100, envs::default_registry(), ApiKeys::parse(kKeys));
  for (const Call& call : {Call{Method::kGet, "/v1/envs/"},
                           Call{Method::kPost, "/v1/envs/", R"({"env_id":"CartPole-v1"})"},
                           Call{Method::kGet, "/v1/specs/"}, Call{Method::kGet, "/v1/vector_envs/"},
                           Call{Method::kGet, "/v1/ws"}}) {
    INFO(call.path);
    const Response r = server.call(call);
    require_error(r, 401, "unauthorized");
    CHECK(header(r, "WWW-Authenticate") == "Bearer realm=\"gymcc\"");
    require_error(server.call(with_key(call, "wrong-key-0123456789abcdef")), 401, "unauthorized");
  }
  CHECK(server.get("/healthz").status == 200);
  CHECK(server.get("/readyz").status == 200);
  CHECK(server.get("/metrics").status == 200);
  CHECK(server.get("/").status == 200);
  CHECK(server.get("/openapi.json").status == 200);
  CHECK(server.call(with_key({Method::kGet, "/v1/envs/"}, "alice-key-0123456789abcdef")).status ==
        200);
  Call x_api_key{Method::kGet, "/v1/envs/"};
  x_api_key.api_key = "bob-key-0123456789abcdef";
  CHECK(server.call(x_api_key).status == 200);
  Call lower{Method::kGet, "/v1/envs/"};
  lower.authorization = "bearer alice-key-0123456789abcdef";
  CHECK(server.call(lower).status == 200);

  rest::RestOptions keyed_metrics;
  keyed_metrics.metrics_need_key = true;
  FakeServer strict(keyed_metrics, 100, envs::default_registry(), ApiKeys::parse(kKeys));
  require_error(strict.get("/metrics"), 401, "unauthorized");
  CHECK(strict.call(with_key({Method::kGet, "/metrics"}, "alice-key-0123456789abcdef")).status ==
        200);
  CHECK(strict.get("/healthz").status == 200);
}

// Every route of the table that names an instance, called with another
// key's instance id, is a 404: no key can see, step, render or delete
// another's instances, and none can tell that the id exists.
TEST_CASE("api keys: another key's instance is not found on any route", "[auth]") {
  FakeServer server({}, 100, envs::default_registry(), ApiKeys::parse(kKeys));
  const auto as = [&](std::string_view key, Call call) { return server.call(with_key(call, key)); };
  const std::string alice = "alice-key-0123456789abcdef";
  const std::string bob = "bob-key-0123456789abcdef";
  const auto created = [&](std::string_view path, std::string body) {
    const Response r = as(alice, {Method::kPost, std::string(path), std::move(body)});
    REQUIRE(r.status == 200);
    return body_of(r).find("instance_id")->as_string();
  };
  const std::string env =
      created("/v1/envs/", R"({"env_id":"CartPole-v1","render_mode":"rgb_array"})");
  const std::string vec = created("/v1/vector_envs/", R"({"env_id":"CartPole-v1","num_envs":2})");
  CHECK(as(alice, {Method::kPost, "/v1/envs/" + env + "/reset/", "{}"}).status == 200);

  std::size_t checked = 0;
  for (const rest::RouteSpec& route : rest::route_table()) {
    if ((route.dialects & rest::kGymnasiumDialect) == 0) continue;
    std::string path(route.path.text());
    const std::size_t at = path.find("{instance_id}");
    if (at == std::string::npos) continue;
    const bool vector = path.rfind("/v1/vector_envs/", 0) == 0;
    path.replace(at, std::string_view("{instance_id}").size(), vector ? vec : env);
    for (const Method method : {Method::kGet, Method::kPost, Method::kPut, Method::kDelete}) {
      if ((route.methods & rest::method_bit(method)) == 0) continue;
      INFO(route.path.text());
      require_error(as(bob, {method, path, "{}"}), 404, "instance_not_found");
      ++checked;
    }
  }
  CHECK(checked >= 16);  // every instance route of the table today
  CHECK(as(bob, {Method::kGet, "/v1/envs/"}).body == "{}");
  CHECK(as(bob, {Method::kGet, "/v1/vector_envs/"}).body == "{}");
  // Alice's instances are untouched by all of it.
  CHECK(body_of(as(alice, {Method::kGet, "/v1/envs/"})).find(env) != nullptr);
  CHECK(as(alice, {Method::kPost, "/v1/envs/" + env + "/step/", R"({"action":1})"}).status == 200);
  CHECK(as(alice, {Method::kGet, "/v1/vector_envs/" + vec + "/"}).status == 200);
}

TEST_CASE("api keys: WebSocket sessions act as their handshake's key", "[auth]") {
  FakeServer server({}, 100, envs::default_registry(), ApiKeys::parse(kKeys));
  Request upgrade;
  upgrade.path = "/v1/ws";
  upgrade.websocket = {true, "dGhlIHNhbXBsZSBub25jZQ==", "13"};
  rest::Router router(server.services(), {});
  CHECK(router.handle(upgrade).status == 401);
  upgrade.authorization = "Bearer alice-key-0123456789abcdef";
  const Response accepted = router.handle(upgrade);
  REQUIRE(accepted.websocket_upgrade);
  CHECK(accepted.caller.name == "alice");
  CHECK(accepted.caller.session_scoped);

  WebSocketApi::Session alice{accepted.caller, {}};
  std::string reply;
  server.websocket().handle_message(R"({"op":"make","env_id":"CartPole-v1"})", false, reply, alice);
  const std::string id = json::parse(reply).find("instance_id")->as_string();
  WebSocketApi::Session bob{
      ApiKeys::caller_of(*server.services().keys.authenticate("bob-key-0123456789abcdef")), {}};
  for (const std::string op :
       {"reset", "step", "spaces", "close", "get_state", "set_state", "clone"}) {
    server.websocket().handle_message(
        R"({"op":")" + op + R"(","action":0,"instance_id":")" + id + "\"}", false, reply, bob);
    INFO(reply);
    CHECK(json::parse(reply).find("error")->find("code")->as_string() == "instance_not_found");
  }
  server.websocket().close_owned(bob);
  CHECK(server.store().size() == 1);
  server.websocket().close_owned(alice);
  CHECK(server.store().size() == 0);
}

TEST_CASE("api keys: a key's max_envs is its quota, sub-envs included", "[auth]") {
  FakeServer server({}, 100, envs::default_registry(), ApiKeys::parse(kKeys));
  const std::string bob = "bob-key-0123456789abcdef";
  const auto create = [&](std::string_view path, std::string body) {
    return server.call(with_key({Method::kPost, std::string(path), std::move(body)}, bob));
  };
  REQUIRE(create("/v1/envs/", R"({"env_id":"CartPole-v1"})").status == 200);
  require_error(create("/v1/vector_envs/", R"({"env_id":"CartPole-v1","num_envs":2})"), 429,
                "quota_exceeded");
  const Response second = create("/v1/envs/", R"({"env_id":"CartPole-v1"})");
  REQUIRE(second.status == 200);
  const Response third = create("/v1/envs/", R"({"env_id":"CartPole-v1"})");
  require_error(third, 429, "quota_exceeded");
  CHECK(body_of(third).find("detail")->as_string().find("'bob'") != std::string::npos);
  // Other keys are not bound by bob's quota...
  CHECK(server
            .call(with_key({Method::kPost, "/v1/envs/", R"({"env_id":"CartPole-v1"})"},
                           "alice-key-0123456789abcdef"))
            .status == 200);
  // ... and deleting frees bob's.
  const std::string id = body_of(second).find("instance_id")->as_string();
  CHECK(server.call(with_key({Method::kDelete, "/v1/envs/" + id + "/"}, bob)).status == 200);
  CHECK(create("/v1/envs/", R"({"env_id":"CartPole-v1"})").status == 200);
}

TEST_CASE("api keys: a token bucket holds a second's worth and refills at its rate", "[auth]") {
  using std::chrono::milliseconds;
  TokenBucket bucket(2.0);
  const auto t0 = TokenBucket::Clock::time_point{} + std::chrono::hours(1);
  double retry = 0.0;
  CHECK(bucket.take(t0, retry));
  CHECK(bucket.take(t0, retry));
  CHECK_FALSE(bucket.take(t0, retry));
  CHECK(retry == Approx(0.5));
  CHECK_FALSE(bucket.take(t0 + milliseconds(400), retry));  // 0.8 of a token
  CHECK(bucket.take(t0 + milliseconds(500), retry));
  CHECK(bucket.take(t0 + milliseconds(10'000), retry));  // full again: 2 tokens, no more
  CHECK(bucket.take(t0 + milliseconds(10'000), retry));
  CHECK_FALSE(bucket.take(t0 + milliseconds(10'000), retry));
  TokenBucket slow(0.25);  // under one a second: a burst of one
  CHECK(slow.take(t0, retry));
  CHECK_FALSE(slow.take(t0, retry));
  CHECK(retry == Approx(4.0));
}

TEST_CASE("api keys: a key past its rate gets 429 rate_limited, over REST and WebSocket",
          "[auth]") {
  // One request per 1,000 s: the second is refused whatever the machine's speed.
  FakeServer server({}, 100, envs::default_registry(),
                    ApiKeys::parse("slow:slow-key-0123456789abcdef::0.001\n"
                                   "free:free-key-0123456789abcdef\n"));
  const auto as = [&](std::string_view key) {
    return server.call(with_key({Method::kPost, "/v1/envs/", R"({"env_id":"CartPole-v1"})"}, key));
  };
  CHECK(as("slow-key-0123456789abcdef").status == 200);
  const Response limited = as("slow-key-0123456789abcdef");
  require_error(limited, 429, "rate_limited");
  CHECK(header(limited, "Retry-After") == "1000");
  CHECK(server.store().size() == 1);                             // refused before it acted
  CHECK(as("free-key-0123456789abcdef").status == 200);          // other keys are not bound by it
  CHECK(server.call({Method::kGet, "/healthz"}).status == 200);  // open routes take no token

  const ApiKeys::Key* slow = server.services().keys.authenticate("slow-key-0123456789abcdef");
  WebSocketApi::Session session{ApiKeys::caller_of(*slow), {}};
  std::string reply;
  server.websocket().handle_message(R"({"op":"make","env_id":"CartPole-v1","id":7})", false, reply,
                                    session);
  const Value error = json::parse(reply);
  CHECK(error.find("id")->as_int() == 7);
  CHECK(error.find("error")->find("status")->as_int() == 429);
  CHECK(error.find("error")->find("code")->as_string() == "rate_limited");
}

TEST_CASE("api keys: the legacy dialect answers 401 in its own body", "[auth][legacy]") {
  rest::RestOptions legacy;
  legacy.dialect = rest::Dialect::kLegacy;
  FakeServer server(legacy, 100, envs::default_registry(), ApiKeys::parse(kKeys));
  const Response r = server.post("/v1/envs/", R"({"env_id":"CartPole-v0"})");
  CHECK(r.status == 401);
  CHECK(body_of(r).find("message") != nullptr);
  CHECK(server
            .call(with_key({Method::kPost, "/v1/envs/", R"({"env_id":"CartPole-v0"})"},
                           "alice-key-0123456789abcdef"))
            .status == 200);
}

}  // namespace
}  // namespace gymcc::serve::testing
