#pragma once
// What happens to a connection between accept and its HTTP session: it is
// refused (503, closed) beyond --max-connections, and with TLS its handshake
// runs under the header timeout — a failing or silent handshake ends that
// connection alone.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "serve/net/session_context.hpp"

namespace gymcc::serve {

// A TLS 1.2+ server context from PEM files; std::runtime_error naming the
// file that cannot be used.
std::unique_ptr<boost::asio::ssl::context> make_tls_context(const std::string& cert_file,
                                                            const std::string& key_file);

// `tls` null: plain HTTP.
void start_connection(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context* tls,
                      const SessionContext& context);

}  // namespace gymcc::serve
