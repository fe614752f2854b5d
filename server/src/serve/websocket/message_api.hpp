#pragma once
// WebSocket messages (docs/fast-paths.md) as a pure function: one request
// per message — the REST bodies plus "op" and an echoed "id" — answered in
// the message's own encoding (text = JSON, binary = MessagePack) by the same
// operations as REST. Errors are replies, never a dropped socket.

#include <string>
#include <string_view>
#include <vector>

#include "serve/encoding.hpp"
#include "serve/instance_store.hpp"
#include "serve/metrics.hpp"
#include "serve/services.hpp"

namespace gymcc::serve {

class WebSocketApi {
 public:
  explicit WebSocketApi(Services& services);

  // One socket's state: who it acts as (authenticated at the handshake) and
  // the instances made on it, which close with it.
  struct Session {
    Caller caller;
    std::vector<std::string> owned;
  };

  // Answers one message in `reply`, in the session's name; ids of the
  // instances it made are added to `session.owned`. Never throws.
  void handle_message(std::string_view message, bool binary, std::string& reply, Session& session);
  // Closes the instances a session made, when it ends.
  void close_owned(const Session& session);

  Metrics& metrics() noexcept { return services_.metrics; }

 private:
  // The ops on an existing instance, single or vector.
  enum class InstanceOp { kReset, kStep, kSpaces, kClose, kGetState, kSetState, kClone, kUnknown };

  void dispatch(const Value& fields, BodyWriter& out, Session& session, RouteLabel& label);
  // get_state, set_state and clone, of a whole env or (vector, "index") one sub-env.
  void dispatch_snapshot(InstanceOp kind, Instance& instance, const Value& fields, BodyWriter& out,
                         Session& session);

  Services& services_;
  // Each op is counted under the label of its REST twin.
  struct OpLabels {
    RouteLabel single;
    RouteLabel vector;
  };
  OpLabels make_, reset_, step_, spaces_, close_, state_, clone_;
  RouteLabel unmatched_;
};

}  // namespace gymcc::serve
