#pragma once
// How REST handlers turn the operation layer's writers into responses: the
// request body decoded as its Content-Type says (JSON or MessagePack), the
// answer encoded as its Accept header asks.

#include <utility>

#include "serve/body.hpp"
#include "serve/encoding.hpp"
#include "serve/http_message.hpp"

namespace gymcc::serve::rest {

inline Encoding answer_encoding(const Request& request) noexcept {
  return names_msgpack(request.accept) ? Encoding::kMsgpack : Encoding::kJson;
}

// A response whose whole body `write(BodyWriter&)` writes.
template <class Write>
Response answer(const Request& request, Write&& write) {
  const Encoding encoding = answer_encoding(request);
  Response r;
  r.body.reserve(256);
  BodyWriter out(encoding, r.body);
  std::forward<Write>(write)(out);
  if (encoding == Encoding::kMsgpack) r.content_type = kMsgpackType;
  return r;
}

// Decodes the request body (an object; absent or null only when
// `optional_body`), lets `op(fields, out)` write the answer's fields into an
// open map, and encodes the answer.
template <class Op>
Response respond(const Request& request, bool optional_body, Op&& op) {
  const Encoding in = names_msgpack(request.content_type) ? Encoding::kMsgpack : Encoding::kJson;
  const Value body = decode_body(in, request.body);
  const Value& fields = body_object(body, optional_body);
  Response r = answer(request, [&](BodyWriter& out) {
    out.begin_map();
    std::forward<Op>(op)(fields, out);
    out.end_map();
  });
  return r;
}

}  // namespace gymcc::serve::rest
