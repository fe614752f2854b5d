#pragma once
// The byte streams a session may run on: plain TCP, or TLS over TCP (Beast's
// ssl_stream, OpenSSL) when the server has --tls-cert/--tls-key. Sessions
// are templates over these two; `lowest_socket` reaches the TCP socket of
// either.

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <type_traits>

namespace gymcc::serve {

using PlainStream = boost::asio::ip::tcp::socket;
using TlsStream = boost::beast::ssl_stream<boost::asio::ip::tcp::socket>;

template <class Stream>
inline constexpr bool kIsTls = std::is_same_v<Stream, TlsStream>;

template <class Stream>
boost::asio::ip::tcp::socket& lowest_socket(Stream& stream) noexcept {
  return boost::beast::get_lowest_layer(stream);
}

// Ends a connection now: a TLS stream skips its close_notify (every answer
// is length-delimited, so no client needs it to know an answer is whole).
template <class Stream>
void close_now(Stream& stream) noexcept {
  boost::system::error_code ignored;
  auto& socket = lowest_socket(stream);
  socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

}  // namespace gymcc::serve
