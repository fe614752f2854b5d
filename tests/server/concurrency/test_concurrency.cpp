// The server under concurrent clients, over real sockets: many clients on
// one instance, create/delete races, pipelined WebSocket sessions and a
// graceful stop while clients are busy. The `tsan` preset runs these under
// ThreadSanitizer (scripts/test.sh), the other presets as ordinary tests.

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "live_server.hpp"

using namespace gymcc;
using namespace gymcc::serve::testing;

namespace {

// Pendulum never terminates, and this limit is never reached: every step counts.
constexpr std::string_view kEndless = R"({"env_id":"Pendulum-v1","max_episode_steps":1000000})";
constexpr std::string_view kStepBody = R"({"action":[0.5]})";

// What the client threads saw, for the test thread to assert on.
struct Seen {
  std::mutex mutex;
  std::vector<std::string> problems;
  void add(std::string problem) {
    std::lock_guard lock(mutex);
    problems.push_back(std::move(problem));
  }
};

std::int64_t steps_of(HttpClient& client, const std::string& id) {
  return json::parse(client.get("/v1/envs/" + id + "/").body).find("steps")->as_int();
}

template <class F>
void run_threads(int n, F body) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) threads.emplace_back(body, i);
  for (auto& t : threads) t.join();
}

}  // namespace

TEST_CASE("many HTTP clients stepping one instance lose no step", "[concurrency]") {
  LiveServer server;
  HttpClient admin(server.port());
  const std::string id = instance_id(admin.post("/v1/envs/", std::string(kEndless)));
  REQUIRE(admin.post("/v1/envs/" + id + "/reset/").status == 200);

  constexpr int kClients = 8;
  constexpr int kSteps = 60;
  Seen seen;
  run_threads(kClients, [&](int) {
    try {
      HttpClient client(server.port());
      for (int s = 0; s < kSteps; ++s) {
        const Reply r = client.post("/v1/envs/" + id + "/step/", std::string(kStepBody));
        if (r.status != 200) seen.add("step " + std::to_string(r.status) + ": " + r.body);
      }
    } catch (const std::exception& e) {
      seen.add(e.what());
    }
  });
  CHECK(seen.problems.empty());
  CHECK(steps_of(admin, id) == kClients * kSteps);
}

TEST_CASE("creates, steps and deletes racing on shared ids stay consistent", "[concurrency]") {
  LiveServer server;
  std::mutex pool_mutex;
  std::vector<std::string> pool;  // ids any thread may step or delete
  Seen seen;
  std::atomic<int> deleted{0};
  auto take = [&](std::size_t salt) -> std::string {
    std::lock_guard lock(pool_mutex);
    if (pool.empty()) return {};
    const std::size_t at = salt % pool.size();
    std::string id = pool[at];
    pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(at));
    return id;
  };
  auto peek = [&](std::size_t salt) -> std::string {
    std::lock_guard lock(pool_mutex);
    return pool.empty() ? std::string{} : pool[salt % pool.size()];
  };
  // A status is fine when it is what some interleaving explains: the instance
  // was there (200), already gone (404) or not reset yet (400 reset_needed).
  auto expect = [&](const Reply& r, std::initializer_list<int> allowed, const char* what) {
    for (int status : allowed) {
      if (r.status == status) return;
    }
    seen.add(std::string(what) + " " + std::to_string(r.status) + ": " + r.body);
  };

  run_threads(6, [&](int role) {
    try {
      HttpClient client(server.port());
      for (std::size_t i = 0; i < 40; ++i) {
        const std::size_t salt = i * 7 + static_cast<std::size_t>(role);
        if (role < 3) {  // makers: create, publish, reset, step
          const Reply made = client.post("/v1/envs/", R"({"env_id":"CartPole-v1"})");
          expect(made, {200}, "create");
          if (made.status != 200) continue;
          const std::string id = instance_id(made);
          {
            std::lock_guard lock(pool_mutex);
            pool.push_back(id);
          }
          expect(client.post("/v1/envs/" + id + "/reset/"), {200, 404}, "reset");
          expect(client.post("/v1/envs/" + id + "/step/", R"({"action":1})"), {200, 404}, "step");
        } else if (role < 5) {  // reapers: delete any published id, step another
          const std::string victim = take(salt);
          if (!victim.empty()) {
            const Reply r = client.del("/v1/envs/" + victim + "/");
            expect(r, {200}, "delete");
            if (r.status == 200) ++deleted;
          }
          const std::string other = peek(salt);
          if (!other.empty()) {
            expect(client.post("/v1/envs/" + other + "/step/", R"({"action":0})"), {200, 400, 404},
                   "step other");
          }
        } else {  // a lister, and a reader of whatever is live
          const Reply listed = client.get("/v1/envs/");
          expect(listed, {200}, "list");
          json::parse(listed.body);
          const std::string other = peek(salt);
          if (!other.empty()) expect(client.get("/v1/envs/" + other + "/"), {200, 404}, "describe");
        }
      }
    } catch (const std::exception& e) {
      seen.add(e.what());
    }
  });
  CHECK(seen.problems.empty());
  for (const auto& problem : seen.problems) UNSCOPED_INFO(problem);
  HttpClient client(server.port());
  for (const std::string& id : pool) CHECK(client.del("/v1/envs/" + id + "/").status == 200);
  CHECK(deleted.load() + static_cast<int>(pool.size()) == 3 * 40);
  CHECK(server.store().size() == 0);
  CHECK(client.get("/v1/envs/").body == "{}");
}

TEST_CASE("pipelined WebSocket sessions get every reply in order", "[concurrency]") {
  LiveServer server;
  HttpClient admin(server.port());
  const std::string shared = instance_id(admin.post("/v1/envs/", std::string(kEndless)));
  REQUIRE(admin.post("/v1/envs/" + shared + "/reset/").status == 200);

  constexpr int kSessions = 4;
  constexpr int kDepth = 100;  // messages sent before the first reply is read
  Seen seen;
  run_threads(kSessions, [&](int session) {
    try {
      WebSocketClient ws(server.port());
      const Value made = ws.call(R"({"op":"make","id":"m","env_id":"CartPole-v1"})");
      const std::string own = made.find("instance_id")->as_string();
      ws.call(R"({"op":"reset","instance_id":")" + own + R"("})");
      // Alternate the session's own instance and the shared one, all in flight at once.
      for (int i = 0; i < kDepth; ++i) {
        const std::string& target = i % 2 == 0 ? shared : own;
        const std::string action = i % 2 == 0 ? "[0.5]" : "1";
        ws.send(R"({"op":"step","id":)" + std::to_string(i) + R"(,"instance_id":")" + target +
                R"(","action":)" + action + "}");
      }
      for (int i = 0; i < kDepth; ++i) {
        const Value reply = json::parse(ws.receive());
        const Value* id = reply.find("id");
        if (id == nullptr || !id->is_int() || id->as_int() != i) {
          seen.add("session " + std::to_string(session) + ": reply out of order at " +
                   std::to_string(i));
          break;
        }
        // The session's CartPole may end its episode: then reset_needed, a reply all the same.
        const Value* error = reply.find("error");
        if (reply.find("observation") == nullptr &&
            (error == nullptr || error->find("code")->as_string() != "reset_needed")) {
          seen.add("session " + std::to_string(session) + ": " + json::to_string(reply));
        }
      }
      ws.close();
    } catch (const std::exception& e) {
      seen.add(e.what());
    }
  });
  CHECK(seen.problems.empty());
  for (const auto& problem : seen.problems) UNSCOPED_INFO(problem);
  CHECK(steps_of(admin, shared) == kSessions * kDepth / 2);
  // Each session's own instance closes with it; the shared one stays.
  for (int i = 0; i < 200 && server.store().size() != 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(server.store().size() == 1);
}

TEST_CASE("a graceful stop while clients are busy finishes and answers cleanly", "[concurrency]") {
  auto server = std::make_unique<LiveServer>(4, std::chrono::seconds(5));
  const std::uint16_t port = server->port();
  HttpClient admin(port);
  const std::string id = instance_id(admin.post("/v1/envs/", std::string(kEndless)));
  REQUIRE(admin.post("/v1/envs/" + id + "/reset/").status == 200);

  Seen seen;
  std::atomic<int> answered{0};
  std::atomic<bool> started[6] = {};
  std::vector<std::thread> clients;
  for (int c = 0; c < 6; ++c) {
    clients.emplace_back([&, c] {
      // Until the server goes: every answer is a step (200) or, while it
      // drains, 503; the end is a closed connection, never a hang.
      try {
        if (c < 4) {
          HttpClient client(port);
          while (true) {
            const Reply r = client.post("/v1/envs/" + id + "/step/", std::string(kStepBody));
            started[c] = true;
            if (r.status != 200 && r.status != 503) seen.add("step " + std::to_string(r.status));
            ++answered;
          }
        } else {
          WebSocketClient ws(port);
          const std::string step = R"({"op":"step","instance_id":")" + id + R"(","action":[0.5]})";
          while (true) {
            for (int i = 0; i < 8; ++i) ws.send(step);
            for (int i = 0; i < 8; ++i) {
              const Value reply = json::parse(ws.receive());
              started[c] = true;
              if (reply.find("observation") == nullptr) seen.add(json::to_string(reply));
              ++answered;
            }
          }
        }
      } catch (const std::exception&) {
        // The connection closed: how a client learns the server stopped.
      }
    });
  }
  for (int i = 0; i < 500; ++i) {
    bool all = true;
    for (const auto& s : started) all = all && s.load();
    if (all) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const auto before = std::chrono::steady_clock::now();
  server->stop();
  const auto took = std::chrono::steady_clock::now() - before;
  for (auto& t : clients) t.join();
  CHECK(seen.problems.empty());
  for (const auto& problem : seen.problems) UNSCOPED_INFO(problem);
  CHECK(answered.load() > 0);
  // Well-behaved clients do not hold the drain to its 5 s deadline.
  CHECK(took < std::chrono::seconds(4));
  CHECK_THROWS(HttpClient(port));  // nobody listens any more
  server.reset();
}
