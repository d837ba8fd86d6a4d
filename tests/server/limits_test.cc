// Connection limits and load-balancing behaviour: message size, concurrent
// streams, keepalive enforcement, connection age and idleness, and the
// stream batch cap.
#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/server/server.h"
#include "tests/server/test_server.h"

namespace statusinfo::testing {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<server::StatusInfoServer> StartServer(
    const server::ServerConfig& config) {
  auto server = server::StatusInfoServer::Start(*core::LoadCatalog(""), config);
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

server::ServerConfig Loopback() {
  server::ServerConfig config;
  config.address = "127.0.0.1:0";
  return config;
}

// A channel of its own (no subchannel shared with other tests' channels).
std::shared_ptr<grpc::Channel> Connect(int port,
                                       grpc::ChannelArguments args = {}) {
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", port),
                                   grpc::InsecureChannelCredentials(), args);
}

grpc::Status ValidateLine(v1::StatusInfoService::Stub& stub,
                          const std::string& line, int seconds = 5) {
  v1::ValidateStatusLineRequest request;
  request.set_status_line(line);
  v1::ValidateStatusLineResponse response;
  return stub.ValidateStatusLine(ContextWithDeadline(seconds).get(), request,
                                 &response);
}

// Waits until `channel` leaves READY (a GOAWAY does that); false if it is
// still READY after `seconds`.
bool LeavesReady(grpc::Channel& channel, int seconds) {
  const auto deadline =
      std::chrono::system_clock::now() + std::chrono::seconds(seconds);
  grpc_connectivity_state state = channel.GetState(false);
  while (state == GRPC_CHANNEL_READY) {
    if (!channel.WaitForStateChange(state, deadline)) return false;
    state = channel.GetState(false);
  }
  return true;
}

TEST(LimitsTest, DefaultReceiveLimitIsOneMebibyte) {
  auto server = StartServer(Loopback());
  ASSERT_NE(server, nullptr);
  auto stub = v1::StatusInfoService::NewStub(Connect(server->port()));
  grpc::Status big = ValidateLine(*stub, std::string((1 << 20) + 1, 'x'));
  EXPECT_EQ(big.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << big.error_message();
  // The largest batch the API allows, of ordinary responses, fits.
  auto context = ContextWithDeadline();
  auto stream = stub->StreamValidateResponses(context.get());
  v1::StreamValidateResponsesRequest batch;
  for (int i = 0; i < server::kMaxStreamBatch; ++i) {
    v1::ValidateResponseRequest* one = batch.add_responses();
    one->set_request_method("GET");
    one->set_status_code(200);
    v1::HttpHeader* header = one->add_headers();
    header->set_name("Content-Type");
    header->set_value("text/html; charset=utf-8");
  }
  ASSERT_LT(batch.ByteSizeLong(), 1u << 20);
  ASSERT_TRUE(stream->Write(batch));
  v1::StreamValidateResponsesResponse results;
  ASSERT_TRUE(stream->Read(&results));
  EXPECT_EQ(results.results_size(), server::kMaxStreamBatch);
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

TEST(LimitsTest, ReceiveLimitIsConfigurable) {
  server::ServerConfig config = Loopback();
  config.limits.max_receive_message_bytes = 4096;
  auto server = StartServer(config);
  ASSERT_NE(server, nullptr);
  auto stub = v1::StatusInfoService::NewStub(Connect(server->port()));
  EXPECT_TRUE(ValidateLine(*stub, "HTTP/1.1 200 OK").ok());
  EXPECT_EQ(ValidateLine(*stub, std::string(5000, 'x')).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST(LimitsTest, StreamBatchCapIsConfigurableAndCarriesDetails) {
  server::ServerConfig config = Loopback();
  config.limits.max_stream_batch = 10;
  auto server = StartServer(config);
  ASSERT_NE(server, nullptr);
  auto stub = v1::StatusInfoService::NewStub(Connect(server->port()));
  auto context = ContextWithDeadline();
  auto stream = stub->StreamValidateResponses(context.get());
  v1::StreamValidateResponsesRequest batch;
  for (int i = 0; i < 10; ++i) batch.add_responses()->set_status_code(204);
  ASSERT_TRUE(stream->Write(batch));
  v1::StreamValidateResponsesResponse results;
  ASSERT_TRUE(stream->Read(&results));
  batch.add_responses()->set_status_code(204);
  ASSERT_TRUE(stream->Write(batch));
  EXPECT_FALSE(stream->Read(&results));
  grpc::Status status = stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("at most 10"));
  ErrorDetails details = DetailsOf(status);
  EXPECT_EQ(details.field, "responses");
  EXPECT_EQ(details.reason, "STREAM_BATCH_TOO_LARGE");
  EXPECT_EQ(details.domain, "statusinfo.v1");
}

TEST(LimitsTest, ConcurrentStreamsPerConnectionAreCapped) {
  server::ServerConfig config = Loopback();
  config.limits.max_concurrent_streams = 1;
  auto server = StartServer(config);
  ASSERT_NE(server, nullptr);
  auto stub = v1::StatusInfoService::NewStub(Connect(server->port()));
  // One stream, open and answered: it holds the connection's only slot.
  auto stream_context = ContextWithDeadline(30);
  auto stream = stub->StreamValidateResponses(stream_context.get());
  v1::StreamValidateResponsesRequest batch;
  batch.add_responses()->set_status_code(200);
  ASSERT_TRUE(stream->Write(batch));
  v1::StreamValidateResponsesResponse results;
  ASSERT_TRUE(stream->Read(&results));
  // A second call on the same connection waits for the slot.
  EXPECT_EQ(ValidateLine(*stub, "HTTP/1.1 200 OK", 1).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  stream->WritesDone();
  ASSERT_TRUE(stream->Finish().ok());
  EXPECT_TRUE(ValidateLine(*stub, "HTTP/1.1 200 OK").ok());
}

// A client that sends a keepalive ping every 100 ms, with or without calls.
grpc::ChannelArguments EagerPinger() {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 100);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  args.SetInt(GRPC_ARG_HTTP2_MIN_SENT_PING_INTERVAL_WITHOUT_DATA_MS, 100);
  return args;
}

TEST(LimitsTest, ClientsThatPingTooOftenGetGoaway) {
  // Same client against two servers: one enforcing the default policy, one
  // allowing pings every 10 ms. Both see the same pings; only the strict one
  // sends GOAWAY, so when the first channel drops the second must not have.
  auto strict = StartServer(Loopback());
  server::ServerConfig lenient_config = Loopback();
  lenient_config.limits.keepalive_min_ping_interval = absl::Milliseconds(10);
  lenient_config.limits.keepalive_permit_without_calls = true;
  auto lenient = StartServer(lenient_config);
  ASSERT_NE(strict, nullptr);
  ASSERT_NE(lenient, nullptr);
  auto to_strict = Connect(strict->port(), EagerPinger());
  auto to_lenient = Connect(lenient->port(), EagerPinger());
  ASSERT_TRUE(to_lenient->WaitForConnected(std::chrono::system_clock::now() +
                                           std::chrono::seconds(5)));
  ASSERT_TRUE(to_strict->WaitForConnected(std::chrono::system_clock::now() +
                                          std::chrono::seconds(5)));
  EXPECT_TRUE(LeavesReady(*to_strict, 10));
  EXPECT_EQ(to_lenient->GetState(false), GRPC_CHANNEL_READY);
}

TEST(LimitsTest, MaxConnectionAgeSendsGoawayAndClientsReconnect) {
  server::ServerConfig config = Loopback();
  config.limits.max_connection_age = absl::Milliseconds(300);
  config.limits.max_connection_age_grace = absl::Seconds(30);
  auto server = StartServer(config);
  ASSERT_NE(server, nullptr);
  auto channel = Connect(server->port());
  auto stub = v1::StatusInfoService::NewStub(channel);
  // A stream open when the GOAWAY comes keeps working during the grace.
  auto context = ContextWithDeadline(30);
  auto stream = stub->StreamValidateResponses(context.get());
  v1::StreamValidateResponsesRequest batch;
  batch.add_responses()->set_status_code(200);
  ASSERT_TRUE(stream->Write(batch));
  v1::StreamValidateResponsesResponse results;
  ASSERT_TRUE(stream->Read(&results));
  EXPECT_TRUE(LeavesReady(*channel, 10));
  ASSERT_TRUE(stream->Write(batch));
  EXPECT_TRUE(stream->Read(&results));
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
  // New calls go over a new connection.
  EXPECT_TRUE(ValidateLine(*stub, "HTTP/1.1 200 OK").ok());
}

TEST(LimitsTest, GraceEndsCallsThatOutliveIt) {
  server::ServerConfig config = Loopback();
  config.limits.max_connection_age = absl::Milliseconds(200);
  config.limits.max_connection_age_grace = absl::Milliseconds(200);
  auto server = StartServer(config);
  ASSERT_NE(server, nullptr);
  auto stub = v1::StatusInfoService::NewStub(Connect(server->port()));
  auto context = ContextWithDeadline(30);
  auto stream = stub->StreamValidateResponses(context.get());
  // The stream stays open, without a message, until the connection closes.
  v1::StreamValidateResponsesResponse results;
  EXPECT_FALSE(stream->Read(&results));
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST(LimitsTest, IdleConnectionsGetGoaway) {
  server::ServerConfig config = Loopback();
  config.limits.max_connection_idle = absl::Milliseconds(200);
  auto server = StartServer(config);
  ASSERT_NE(server, nullptr);
  auto channel = Connect(server->port());
  auto stub = v1::StatusInfoService::NewStub(channel);
  ASSERT_TRUE(ValidateLine(*stub, "HTTP/1.1 200 OK").ok());
  EXPECT_TRUE(LeavesReady(*channel, 10));
  EXPECT_TRUE(ValidateLine(*stub, "HTTP/1.1 200 OK").ok());
}

}  // namespace
}  // namespace statusinfo::testing
