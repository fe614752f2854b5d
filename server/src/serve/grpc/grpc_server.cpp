#include "serve/grpc/grpc_server.hpp"

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/server_credentials.h>

#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "dm_env_rpc/v1/dm_env_rpc.grpc.pb.h"
#include "serve/auth/api_keys.hpp"
#include "serve/grpc/world_session.hpp"
#include "serve/logger.hpp"

namespace gymcc::serve {
namespace {

namespace pb = dm_env_rpc::v1;

std::string metadata(const grpc::ServerContext& context, const char* name) {
  const auto& entries = context.client_metadata();
  const auto found = entries.find(name);
  if (found == entries.end()) return {};
  return std::string(found->second.data(), found->second.size());
}

std::string read_file(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(std::string("cannot read the ") + what + " " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string address_of(const std::string& host, std::uint16_t port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

class EnvironmentService final : public pb::Environment::Service {
 public:
  explicit EnvironmentService(Services& services) : services_(services) {}

  grpc::Status Process(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<pb::EnvironmentResponse, pb::EnvironmentRequest>* stream) override {
    Caller caller;
    if (services_.keys.enabled()) {
      const std::string authorization = metadata(*context, "authorization");
      const std::string x_api_key = metadata(*context, "x-api-key");
      const ApiKeys::Key* key =
          services_.keys.authenticate(presented_key(authorization, x_api_key));
      if (key == nullptr) {
        return {grpc::StatusCode::UNAUTHENTICATED,
                "This server needs an API key: send it as the metadata \"authorization: Bearer "
                "<key>\" or \"x-api-key: <key>\""};
      }
      caller = ApiKeys::caller_of(*key);
    }
    log_debug("gRPC stream from {} opened", context->peer());
    rpc::WorldSession session(services_, joined_, caller);
    pb::EnvironmentRequest request;
    pb::EnvironmentResponse response;
    while (stream->Read(&request)) {
      response.Clear();
      session.handle(request, response);
      if (!stream->Write(response)) break;
    }
    log_debug("gRPC stream from {} closed", context->peer());
    return grpc::Status::OK;
  }

 private:
  Services& services_;
  rpc::JoinedWorlds joined_;
};

}  // namespace

struct GrpcServer::Impl {
  Impl(Services& services_ref, GrpcOptions options_ref)
      : options(std::move(options_ref)), service(services_ref) {}

  GrpcOptions options;
  EnvironmentService service;
  std::unique_ptr<grpc::Server> server;
  int bound_port = 0;
  std::once_flag stopped;
};

GrpcServer::GrpcServer(Services& services, GrpcOptions options)
    : impl_(std::make_unique<Impl>(services, std::move(options))) {}

GrpcServer::~GrpcServer() { stop(std::chrono::milliseconds(0)); }

void GrpcServer::start() {
  const GrpcOptions& options = impl_->options;
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();
  if (!options.tls_cert.empty()) {
    grpc::SslServerCredentialsOptions tls;
    tls.pem_key_cert_pairs.push_back(
        {read_file(options.tls_key, "TLS key"), read_file(options.tls_cert, "TLS certificate")});
    credentials = grpc::SslServerCredentials(tls);
  }
  grpc::ServerBuilder builder;
  const std::string address = address_of(options.host, options.port);
  builder.AddListeningPort(address, credentials, &impl_->bound_port);
  builder.RegisterService(&impl_->service);
  builder.SetMaxReceiveMessageSize(static_cast<int>(options.max_message_bytes));
  // Each open stream holds a thread of the synchronous server: the quota's
  // threads bound the streams, beyond which gRPC answers RESOURCE_EXHAUSTED.
  grpc::ResourceQuota quota("gymcc-grpc");
  quota.SetMaxThreads(options.max_streams + 2);
  builder.SetResourceQuota(quota);
  // Not SO_REUSEPORT: a second server on the same port must fail, as HTTP's does.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  impl_->server = builder.BuildAndStart();
  if (!impl_->server || impl_->bound_port == 0) {
    impl_->server.reset();
    throw std::runtime_error("cannot serve gRPC on " + address +
                             " (in use, or not an address of this machine)");
  }
}

std::uint16_t GrpcServer::bound_port() const noexcept {
  return static_cast<std::uint16_t>(impl_->bound_port);
}

void GrpcServer::stop(std::chrono::milliseconds grace) {
  if (!impl_->server) return;
  std::call_once(impl_->stopped, [&] {
    impl_->server->Shutdown(std::chrono::system_clock::now() + grace);
    impl_->server->Wait();
  });
}

}  // namespace gymcc::serve
