// The route table against what follows from it: each dialect's OpenAPI
// document lists exactly its routes, labels are bounded, and a handler's
// unexpected failure is a 500 internal_error, never a crash.

#include <catch2/catch.hpp>
#include <set>
#include <stdexcept>
#include <utility>

#include "gymcc/registration.hpp"
#include "router_fixture.hpp"
#include "serve/assets.hpp"

namespace gymcc::serve::testing {
namespace {

using Operation = std::pair<std::string, std::string>;  // path, lowercase method

std::set<Operation> documented(std::string_view asset_url) {
  for (const Asset& asset : embedded_assets()) {
    if (asset.url != asset_url) continue;
    std::set<Operation> out;
    const Value document = json::parse(asset.data);
    for (const auto& [path, item] : document.find("paths")->as_dict()) {
      for (const auto& [method, operation] : item.as_dict()) {
        if (method != "parameters") out.emplace(path, method);
      }
    }
    return out;
  }
  FAIL("no embedded asset " << asset_url);
  return {};
}

std::set<Operation> routed(rest::Dialect dialect) {
  static constexpr std::pair<Method, const char*> kMethods[] = {{Method::kGet, "get"},
                                                                {Method::kPost, "post"},
                                                                {Method::kPut, "put"},
                                                                {Method::kDelete, "delete"},
                                                                {Method::kPatch, "patch"}};
  std::set<Operation> out;
  for (const rest::RouteSpec& route : rest::route_table()) {
    if ((route.dialects & rest::dialect_bit(dialect)) == 0) continue;
    if (route.methods == rest::kAnyMethod) {  // the WebSocket endpoint: a GET
      out.emplace(route.path.text(), "get");
      continue;
    }
    for (const auto& [method, name] : kMethods) {
      if ((route.methods & rest::method_bit(method)) != 0) out.emplace(route.path.text(), name);
    }
  }
  return out;
}

TEST_CASE("route table: each OpenAPI document lists exactly its dialect's routes", "[routes]") {
  CHECK(routed(rest::Dialect::kGymnasium) == documented("/openapi-gymnasium.json"));
  CHECK(routed(rest::Dialect::kLegacy) == documented("/openapi-legacy.json"));
}

TEST_CASE("route table: no route is declared twice, labels fit the counters", "[routes]") {
  std::set<std::tuple<std::string, rest::Methods, int>> seen;
  for (const rest::RouteSpec& route : rest::route_table()) {
    for (int dialect : {1, 2}) {
      if ((route.dialects & dialect) == 0) continue;
      INFO(route.path.text());
      CHECK(seen.emplace(std::string(route.path.text()), route.methods, dialect).second);
    }
  }
  CHECK(rest::route_labels().size() <= Metrics::kMaxRouteLabels);
  CHECK(rest::allow_text(rest::kGet | rest::kDelete | rest::kPost) == "GET, POST, DELETE");
  CHECK(rest::allow_text(rest::kGetOrHead) == "GET");
}

// An env whose reset fails as no env should: the server must answer 500
// internal_error and keep serving.
struct Faulty {
  struct Params {};
  using Observation = std::int64_t;
  using Action = std::int64_t;
  using Info = NoInfo;
  static const KwargTable<Params>& kwargs() {
    static const KwargTable<Params> table;
    return table;
  }
  static EnvMetadata metadata() { return {}; }
  explicit Faulty(const Params&) {}
  Space observation_space() const { return Space::discrete(2); }
  Space action_space() const { return Space::discrete(2); }
  void reset(Generator&, const Value*, Observation&, Info&) {
    throw std::runtime_error("the faulty env fails");
  }
  Transition step(const Action&, Generator&, Observation&, Info&) noexcept { return {}; }
};

TEST_CASE("router: an unexpected failure is 500 internal_error, for REST and WebSocket",
          "[router]") {
  Registry registry;
  register_env<Faulty>(registry, EnvSpec{.id = "Faulty-v0", .entry_point = "tests::Faulty"});
  FakeServer server({}, 10, registry);
  const std::string id = server.create(R"({"env_id":"Faulty-v0"})");
  const Response r = server.post("/v1/envs/" + id + "/reset/");
  require_error(r, 500, "internal_error");
  CHECK(body_of(r).find("detail")->as_string().find("faulty") == std::string::npos);
  const Value reply = server.message(R"({"op":"reset","instance_id":")" + id + "\"}");
  CHECK(reply.find("error")->find("status")->as_int() == 500);
  CHECK(server.get("/healthz").status == 200);

  rest::RestOptions legacy;
  legacy.dialect = rest::Dialect::kLegacy;
  FakeServer legacy_server(legacy, 10, registry);
  const std::string legacy_id = legacy_server.create(R"({"env_id":"Faulty-v0"})");
  CHECK(legacy_server.post("/v1/envs/" + legacy_id + "/reset/").status == 500);
}

}  // namespace
}  // namespace gymcc::serve::testing
