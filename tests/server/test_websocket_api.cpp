// WebSocket messages through the pure message API: every op, for single and
// vector envs, in JSON and MessagePack, and every error reply.

#include <catch2/catch.hpp>

#include "router_fixture.hpp"
#include "serve/msgpack.hpp"

namespace gymcc::serve::testing {
namespace {

void require_error_reply(const Value& reply, int status, std::string_view code) {
  INFO(json::to_string(reply));
  const Value* error = reply.find("error");
  REQUIRE(error != nullptr);
  CHECK(error->find("status")->as_int() == status);
  CHECK(error->find("code")->as_string() == code);
}

TEST_CASE("websocket api: make, reset, step, spaces and close with echoed ids", "[websocket]") {
  FakeServer server;
  const Value made = server.message(R"({"op":"make","id":1,"env_id":"CartPole-v1"})");
  CHECK(made.find("id")->as_int() == 1);
  const std::string id = made.find("instance_id")->as_string();
  CHECK(server.session.owned == std::vector<std::string>{id});

  const Value reset =
      server.message(R"({"op":"reset","id":"r","seed":42,"instance_id":")" + id + "\"}");
  CHECK(reset.find("id")->as_string() == "r");
  CHECK(reset.find("observation")->as_list().size() == 4);
  const Value step = server.message(R"({"op":"step","action":0,"instance_id":")" + id + "\"}");
  CHECK(step.find("id")->is_null());
  CHECK(step.find("reward")->as_float() == 1.0);
  const Value spaces = server.message(R"({"op":"spaces","instance_id":")" + id + "\"}");
  CHECK(spaces.find("action_space")->find("n")->as_int() == 2);
  const Value closed = server.message(R"({"op":"close","instance_id":")" + id + "\"}");
  CHECK(closed.find("message") != nullptr);
  CHECK(server.session.owned.empty());
  CHECK(server.store().size() == 0);
}

TEST_CASE("websocket api: vector envs and MessagePack messages", "[websocket]") {
  FakeServer server;
  std::string request;
  msgpack::Writer(request).value(
      Value(Dict{{"op", "make_vec"}, {"env_id", "CartPole-v1"}, {"num_envs", 4}}));
  std::string reply;
  server.websocket().handle_message(request, true, reply, server.session);
  const Value made = msgpack::decode(reply);
  const std::string id = made.find("instance_id")->as_string();

  request.clear();
  msgpack::Writer(request).value(Value(Dict{{"op", "reset"}, {"instance_id", id}, {"seed", 0}}));
  server.websocket().handle_message(request, true, reply, server.session);
  CHECK(msgpack::decode(reply).find("observations")->as_array().shape == Shape{4, 4});

  const Value step =
      server.message(R"({"op":"step","actions":[0,1,0,1],"instance_id":")" + id + "\"}");
  CHECK(step.find("rewards")->as_list().size() == 4);
  const Value spaces = server.message(R"({"op":"spaces","instance_id":")" + id + "\"}");
  CHECK(spaces.find("num_envs")->as_int() == 4);
  CHECK(spaces.find("autoreset_mode")->as_string() == "NextStep");

  server.websocket().close_owned(server.session);
  CHECK(server.store().size() == 0);
}

TEST_CASE("websocket api: every mistake is an error reply", "[websocket]") {
  FakeServer server;
  std::string reply;
  server.websocket().handle_message("", false, reply, server.session);
  require_error_reply(json::parse(reply), 400, "invalid_json");
  server.websocket().handle_message("", true, reply, server.session);
  require_error_reply(msgpack::decode(reply), 400, "invalid_msgpack");
  require_error_reply(server.message("{"), 400, "invalid_json");
  require_error_reply(server.message("[1]"), 422, "invalid_body");
  require_error_reply(server.message(R"({"id":5})"), 422, "missing_field");
  require_error_reply(server.message(R"({"op":7})"), 422, "invalid_field");
  require_error_reply(server.message(R"({"op":"dance"})"), 400, "unknown_op");
  require_error_reply(server.message(R"({"op":"step","action":1})"), 422, "missing_field");
  require_error_reply(server.message(R"({"op":"step","instance_id":3})"), 422, "invalid_field");
  const Value missing = server.message(R"({"op":"step","id":9,"instance_id":"nope"})");
  require_error_reply(missing, 404, "instance_not_found");
  CHECK(missing.find("id")->as_int() == 9);
  require_error_reply(server.message(R"({"op":"make","env_id":"Nope-v1"})"), 400, "unknown_env");
  const std::string id =
      server.message(R"({"op":"make","env_id":"CartPole-v1"})").find("instance_id")->as_string();
  require_error_reply(server.message(R"({"op":"step","action":1,"instance_id":")" + id + "\"}"),
                      400, "reset_needed");
  require_error_reply(server.message(R"({"op":"make_vec","env_id":"CartPole-v1","num_envs":-1})"),
                      422, "invalid_field");
}

}  // namespace
}  // namespace gymcc::serve::testing
