#include "service/server/server.h"

#include <algorithm>
#include <climits>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "grpc/grpc.h"
#include "grpc/support/time.h"
#include "grpcpp/ext/health_check_service_server_builder_option.h"
#include "grpcpp/impl/server_builder_option.h"
#include "grpcpp/impl/server_builder_plugin.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "service/server/rpc_interceptor.h"
#include "service/server/tls.h"

namespace statusinfo::server {
namespace {

// Every service the server registers, as reflection lists them.
std::vector<std::string> ServedServiceNames() {
  return {kServiceName, "grpc.health.v1.Health", kReflectionV1,
          kReflectionV1alpha};
}

// The same, for the per-method metrics.
std::vector<const google::protobuf::ServiceDescriptor*> ServedServices() {
  const google::protobuf::DescriptorPool* pool =
      google::protobuf::DescriptorPool::generated_pool();
  std::vector<const google::protobuf::ServiceDescriptor*> services;
  for (const std::string& name : ServedServiceNames()) {
    services.push_back(pool->FindServiceByName(name));
  }
  return services;
}

// gRPC's channel arguments take milliseconds as int; INT_MAX means never.
int Milliseconds(absl::Duration d) {
  return static_cast<int>(
      std::min<int64_t>(absl::ToInt64Milliseconds(d), INT_MAX));
}

void ApplyLimits(const ConnectionLimits& limits, grpc::ServerBuilder& builder) {
  builder.SetMaxReceiveMessageSize(limits.max_receive_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             limits.max_concurrent_streams);
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
      Milliseconds(limits.keepalive_min_ping_interval));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES,
                             limits.keepalive_max_ping_strikes);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS,
                             limits.keepalive_permit_without_calls ? 1 : 0);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                             Milliseconds(limits.max_connection_age));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                             Milliseconds(limits.max_connection_age_grace));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS,
                             Milliseconds(limits.max_connection_idle));
  // No BDP probing: with it, gRPC grows each connection's HTTP/2 receive
  // windows towards the measured bandwidth-delay product, several MiB on
  // loopback, and that is what a client that writes and never reads its
  // answers can make the server hold: 7-13 MiB per StreamValidateResponses
  // stream, 368 MiB for 32 such streams. Without it the windows stay at
  // HTTP/2's 64 KiB, widened only to fit the one message a call is reading,
  // so such a stream holds about one batch (1-2 MiB, request and answer
  // included; tests/e2e/soak_e2e_test.cc). The cost is on long links, for
  // messages over 64 KiB only: they take a second round trip. Measured
  // through a 40 ms RTT proxy: 1000-response batches 57 -> 100 ms each on
  // one stream; unary calls and 100-response batches unchanged (42 and
  // 47 ms); on loopback no change. Nearly all our requests are far under
  // 64 KiB (a full batch is the exception), so bounded memory wins.
  builder.AddChannelArgument(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  // The process-wide cap on what gRPC itself buffers, whatever the number
  // of connections and streams. ServerBuilder keeps its own reference.
  grpc::ResourceQuota quota("statusinfo-server");
  quota.Resize(static_cast<size_t>(limits.memory_quota_bytes));
  builder.SetResourceQuota(quota);
}

// The health-only listener serves one tiny request type (a service name) to
// a handful of probes: anything bigger or busier is not a probe.
constexpr int kHealthMaxReceiveMessageBytes = 4 << 10;
constexpr int kHealthMaxConcurrentStreams = 4;

// Gives `builder` a CallTracker and returns it (the server owns it).
CallTracker* TrackCalls(grpc::ServerBuilder& builder) {
  auto tracker = std::make_unique<CallTracker>();
  CallTracker* calls = tracker.get();
  builder.SetContextAllocator(std::move(tracker));
  return calls;
}

// Stops `server`: GOAWAY on every connection, no new call, the listener
// closed; the calls in flight get until `end`. Then every connection is
// closed at once, the idle ones included, and what is left is cancelled.
// Without that last step gRPC would keep each idle connection until its
// client acks the GOAWAY's PING (call_tracker.h).
void StopPromptly(grpc::Server& server, CallTracker& calls, absl::Time end) {
  grpc_completion_queue* queue =
      grpc_completion_queue_create_for_pluck(nullptr);
  int tag = 0;
  grpc_server_shutdown_and_notify(server.c_server(), queue, &tag);
  calls.AwaitNone(end);
  grpc_server_cancel_all_calls(server.c_server());
  grpc_completion_queue_pluck(queue, &tag, gpr_inf_future(GPR_CLOCK_REALTIME),
                              nullptr);
  grpc_completion_queue_shutdown(queue);
  grpc_completion_queue_destroy(queue);
  // Stopped already: this only releases gRPC's threads and queues.
  server.Shutdown();
  server.Wait();
}

// Drops every ServerBuilder plugin. A plugin linked into the process (gRPC's
// reflection or channelz plugins register themselves for every
// ServerBuilder) would be served on the health-only listener too, which
// must serve health alone (it is plaintext, and reachable without a client
// certificate).
class NoPluginsOption final : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>*
                         plugins) override {
    plugins->clear();
  }
};

}  // namespace

const char* ServerVersion() { return STATUSINFO_VERSION; }

StatusInfoServer::StatusInfoServer(core::Catalog catalog,
                                   const ServerConfig& config)
    : catalog_(std::move(catalog)),
      metrics_(config.metrics_address.empty()
                   ? nullptr
                   : std::make_unique<ServerMetrics>(ServedServices(),
                                                     ServerVersion(),
                                                     catalog_.version())),
      service_(catalog_,
               ServiceOptions{config.limits.max_stream_batch, metrics_.get()}),
      health_({kServiceName}),
      reflection_(ServedServiceNames(), metrics_.get()),
      probe_health_(config.health_address.empty()
                        ? nullptr
                        : std::make_unique<HealthService>(
                              std::vector<std::string>{kServiceName})) {}

StatusInfoServer::~StatusInfoServer() { Shutdown(absl::ZeroDuration()); }

void StatusInfoServer::AddListener(std::unique_ptr<Listener> listener) {
  listeners_.push_back(std::move(listener));
}

absl::StatusOr<std::unique_ptr<StatusInfoServer>> StatusInfoServer::Start(
    core::Catalog catalog, const ServerConfig& config) {
  if (absl::Status s = config.Validate(); !s.ok()) return s;
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(config.tls);
  if (!credentials.ok()) return credentials.status();

  std::unique_ptr<StatusInfoServer> server(
      new StatusInfoServer(std::move(catalog), config));
  // A method of the proto without a handler would answer UNIMPLEMENTED.
  if (absl::Status s = server->service_.status(); !s.ok()) return s;
  if (absl::Status s = server->reflection_.status(); !s.ok()) return s;
  if (server->metrics_ != nullptr) {
    auto endpoint =
        MetricsEndpoint::Start(config.metrics_address, *server->metrics_);
    if (!endpoint.ok()) return endpoint.status();
    server->metrics_endpoint_ = *std::move(endpoint);
    server->metrics_port_ = server->metrics_endpoint_->port();
  }
  if (absl::Status s = server->Listen(config, *credentials); !s.ok()) return s;
  if (server->probe_health_ != nullptr) {
    if (absl::Status s = server->ListenForHealth(config); !s.ok()) return s;
  }
  server->SetServing(true);
  return server;
}

absl::Status StatusInfoServer::Listen(
    const ServerConfig& config,
    const std::shared_ptr<grpc::ServerCredentials>& credentials) {
  grpc::ServerBuilder builder;
  // gRPC sets SO_REUSEPORT by default, which lets a second server bind a
  // port that is in use and silently share it. A port in use must be an
  // error.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  // No channelz: nothing serves it, and its per-call counters cost about
  // 2% of a lookup (bench/RESULTS.md).
  builder.AddChannelArgument(GRPC_ARG_ENABLE_CHANNELZ, 0);
  ApplyLimits(config.limits, builder);
  if (metrics_ != nullptr || config.access_log_sample_rate > 0) {
    std::vector<
        std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        factories;
    factories.push_back(std::make_unique<ObservabilityInterceptorFactory>(
        metrics_.get(), config.access_log_sample_rate,
        service_.SelfInstrumentedMethods()));
    builder.experimental().SetInterceptorCreators(std::move(factories));
  }
  builder.AddListeningPort(config.address, credentials, &port_);
  calls_ = TrackCalls(builder);
  builder.RegisterService(&service_);
  // Ours replaces gRPC's default health service (see health_service.h),
  // which must then be off for this server even if something in the
  // process turned it on.
  builder.SetOption(
      std::make_unique<grpc::HealthCheckServiceServerBuilderOption>(nullptr));
  builder.RegisterService(&health_);
  // Both versions, from one implementation (server_reflection.h).
  builder.RegisterService(&reflection_.v1());
  builder.RegisterService(&reflection_.v1alpha());
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    return absl::UnavailableError(absl::StrCat(
        "--address: cannot listen on \"", config.address,
        "\" (the port is in use, the host is not local, or the TLS key does "
        "not match the certificate)"));
  }
  return absl::OkStatus();
}

absl::Status StatusInfoServer::ListenForHealth(const ServerConfig& config) {
  grpc::ServerBuilder builder;
  // As on the main port: a port in use is an error, and no channelz.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddChannelArgument(GRPC_ARG_ENABLE_CHANNELZ, 0);
  builder.SetMaxReceiveMessageSize(kHealthMaxReceiveMessageBytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             kHealthMaxConcurrentStreams);
  builder.SetOption(std::make_unique<NoPluginsOption>());
  builder.SetOption(
      std::make_unique<grpc::HealthCheckServiceServerBuilderOption>(nullptr));
  // Plaintext on purpose: the kubelet's gRPC probe can neither speak TLS
  // nor present a client certificate. Health is all this port reveals.
  builder.AddListeningPort(config.health_address,
                           grpc::InsecureServerCredentials(), &health_port_);
  probe_calls_ = TrackCalls(builder);
  builder.RegisterService(probe_health_.get());
  health_server_ = builder.BuildAndStart();
  if (health_server_ == nullptr || health_port_ == 0) {
    return absl::UnavailableError(absl::StrCat(
        "--health_address: cannot listen on \"", config.health_address,
        "\" (the port is in use, or the host is not local)"));
  }
  return absl::OkStatus();
}

void StatusInfoServer::SetServing(bool serving) {
  health_.SetServing(serving);
  if (probe_health_ != nullptr) probe_health_->SetServing(serving);
  for (const std::unique_ptr<Listener>& listener : listeners_) {
    listener->SetServing(serving);
  }
}

void StatusInfoServer::Shutdown(absl::Duration deadline) {
  if (shut_down_ || server_ == nullptr) return;
  shut_down_ = true;
  // Both report NOT_SERVING and end their Watch calls at once; reflection
  // streams end too.
  health_.Shutdown();
  if (probe_health_ != nullptr) probe_health_->Shutdown();
  reflection_.Shutdown();
  const absl::Time end = absl::Now() + deadline;
  // The other transports first: their requests take microseconds, and
  // they finish them before they return.
  for (const std::unique_ptr<Listener>& listener : listeners_) {
    listener->Shutdown(end);
  }
  StopPromptly(*server_, *calls_, end);
  // Then the health-only listener, which kept answering NOT_SERVING to the
  // probes while the calls in flight finished; its own calls (Checks) are
  // instant, and what is left of the deadline bounds them.
  if (health_server_ != nullptr) {
    StopPromptly(*health_server_, *probe_calls_, end);
  }
}

void StatusInfoServer::CancelAllCalls() {
  if (server_ != nullptr) grpc_server_cancel_all_calls(server_->c_server());
  if (health_server_ != nullptr) {
    grpc_server_cancel_all_calls(health_server_->c_server());
  }
}

}  // namespace statusinfo::server
