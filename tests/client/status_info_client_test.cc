// Tests of the client library through a real channel to an in-process server
// on a free port (as gRPC's health_service_end2end_test does), plus a small
// fake service for retries.
#include "client/lib/status_info_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/lib/channel.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "grpcpp/support/validate_service_config.h"
#include "gtest/gtest.h"
#include "service/server/server.h"
#include "tests/server/test_server.h"

namespace statusinfo::client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// The google.rpc.Status a converted error carries (empty if none).
google::rpc::Status RpcStatusOf(const absl::Status& status) {
  google::rpc::Status rpc_status;
  absl::optional<absl::Cord> payload = status.GetPayload(kRpcStatusTypeUrl);
  if (payload.has_value()) rpc_status.ParseFromString(std::string(*payload));
  return rpc_status;
}

// The first detail of type T in `rpc_status`, or nullopt.
template <typename T>
absl::optional<T> DetailOf(const google::rpc::Status& rpc_status) {
  for (const google::protobuf::Any& detail : rpc_status.details()) {
    T message;
    if (detail.UnpackTo(&message)) return message;
  }
  return absl::nullopt;
}

// A loopback TCP port that is bound but not listening: connections to it are
// refused, and nobody else can take it while the test holds it.
class RefusingPort {
 public:
  RefusingPort() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 ||
        bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot bind a loopback port";
      return;
    }
    port_ = ntohs(address.sin_port);
  }
  ~RefusingPort() {
    if (fd_ >= 0) close(fd_);
  }
  std::string target() const { return absl::StrCat("127.0.0.1:", port_); }

 private:
  int fd_;
  int port_ = 0;
};

// Fails the first `failures` GetStatusCode calls with `code`, then answers.
// Counts every attempt, which is how the tests see gRPC's retries.
class FlakyService final : public v1::StatusInfoService::Service {
 public:
  FlakyService(int failures, grpc::StatusCode code)
      : failures_(failures), code_(code) {}

  grpc::Status GetStatusCode(grpc::ServerContext*,
                             const v1::GetStatusCodeRequest* request,
                             v1::StatusCode* response) override {
    if (calls_.fetch_add(1) < failures_) return grpc::Status(code_, "flaky");
    response->set_code(request->code());
    return grpc::Status::OK;
  }
  int calls() const { return calls_.load(); }

 private:
  const int failures_;
  const grpc::StatusCode code_;
  std::atomic<int> calls_{0};
};

// Starts `service` on a free loopback port and sets `target` to it.
std::unique_ptr<grpc::Server> StartFake(grpc::Service& service,
                                        std::string& target) {
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  EXPECT_NE(port, 0);
  target = absl::StrCat("127.0.0.1:", port);
  return server;
}

// The library against the real server of testing::ServerTest.
class StatusInfoClientTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    client_ = MakeClient(Target());
  }

  void TearDown() override {
    client_.reset();
    ServerTest::TearDown();
  }

  std::string Target() const {
    return absl::StrCat("127.0.0.1:", server_->port());
  }

  static std::unique_ptr<StatusInfoClient> MakeClient(
      const std::string& target, ClientOptions options = {}) {
    options.target = target;
    absl::StatusOr<std::unique_ptr<StatusInfoClient>> client =
        StatusInfoClient::Create(options);
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? *std::move(client) : nullptr;
  }

  std::unique_ptr<StatusInfoClient> client_;
};

TEST_F(StatusInfoClientTest, GetStatusCodeReturnsTheEntry) {
  absl::StatusOr<v1::StatusCode> entry = client_->GetStatusCode(404);
  ASSERT_TRUE(entry.ok()) << entry.status();
  EXPECT_EQ(entry->code(), 404);
  EXPECT_EQ(entry->reason_phrase(), "Not Found");
  EXPECT_EQ(entry->status_class(), v1::STATUS_CLASS_CLIENT_ERROR);

  absl::StatusOr<v1::StatusCode> entry413 = client_->GetStatusCode(413);
  ASSERT_TRUE(entry413.ok()) << entry413.status();
  EXPECT_EQ(entry413->reason_phrase(), "Content Too Large");
}

TEST_F(StatusInfoClientTest, OutOfRangeCodeIsInvalidArgumentWithDetails) {
  absl::StatusOr<v1::StatusCode> entry = client_->GetStatusCode(42);
  ASSERT_EQ(entry.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(entry.status().message(), HasSubstr("42"));

  const google::rpc::Status rpc_status = RpcStatusOf(entry.status());
  EXPECT_EQ(rpc_status.code(), grpc::StatusCode::INVALID_ARGUMENT);
  absl::optional<google::rpc::BadRequest> bad_request =
      DetailOf<google::rpc::BadRequest>(rpc_status);
  ASSERT_TRUE(bad_request.has_value());
  ASSERT_EQ(bad_request->field_violations_size(), 1);
  EXPECT_EQ(bad_request->field_violations(0).field(), "code");
  absl::optional<google::rpc::ErrorInfo> info =
      DetailOf<google::rpc::ErrorInfo>(rpc_status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->domain(), "statusinfo.v1");
  EXPECT_EQ(info->reason(), "CODE_OUT_OF_RANGE");
}

TEST_F(StatusInfoClientTest, UnassignedCodeIsNotFound) {
  absl::StatusOr<v1::StatusCode> entry = client_->GetStatusCode(299);
  ASSERT_EQ(entry.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(entry.status().message(), HasSubstr("299"));
  absl::optional<google::rpc::ErrorInfo> info =
      DetailOf<google::rpc::ErrorInfo>(RpcStatusOf(entry.status()));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "CODE_NOT_ASSIGNED");
}

TEST_F(StatusInfoClientTest, DescribeErrorRendersServerDetailsOnOneLine) {
  const std::string described =
      DescribeError(client_->GetStatusCode(42).status());
  EXPECT_THAT(described, HasSubstr("INVALID_ARGUMENT: code: must be"));
  EXPECT_THAT(described,
              HasSubstr("got 42 [field code] [reason: CODE_OUT_OF_RANGE]"));
  EXPECT_THAT(described, Not(HasSubstr("\n")));

  EXPECT_THAT(DescribeError(client_->GetStatusCode(299).status()),
              HasSubstr("NOT_FOUND: 299 is not an assigned status code"));
}

TEST_F(StatusInfoClientTest, DescribeErrorReadsEveryKindOfDetail) {
  EXPECT_EQ(DescribeError(absl::OkStatus()), "OK");
  EXPECT_EQ(DescribeError(absl::InternalError("two\nlines")),
            "INTERNAL: two lines");

  // A description the message does not say is shown with its field.
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field("page_size");
  violation->set_description("must not be negative");
  google::rpc::Status rpc_status;
  rpc_status.add_details()->PackFrom(bad_request);
  absl::Status status = absl::InvalidArgumentError("bad request");
  status.SetPayload(kRpcStatusTypeUrl,
                    absl::Cord(rpc_status.SerializeAsString()));
  // Details attached directly, as the service core does, count as well, and
  // the same detail twice is shown once.
  google::rpc::ErrorInfo info;
  info.set_reason("PAGE_SIZE_NEGATIVE");
  status.SetPayload("type.googleapis.com/google.rpc.ErrorInfo",
                    absl::Cord(info.SerializeAsString()));
  status.SetPayload("type.googleapis.com/google.rpc.BadRequest",
                    absl::Cord(bad_request.SerializeAsString()));
  EXPECT_EQ(DescribeError(status),
            "INVALID_ARGUMENT: bad request [field page_size: must not be "
            "negative] [reason: PAGE_SIZE_NEGATIVE]");
}

TEST_F(StatusInfoClientTest, FromGrpcStatusKeepsCodeMessageAndDetails) {
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
  absl::Status plain =
      FromGrpcStatus(grpc::Status(grpc::StatusCode::ABORTED, "conflict"));
  EXPECT_EQ(plain.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(plain.message(), "conflict");
  EXPECT_FALSE(plain.GetPayload(kRpcStatusTypeUrl).has_value());

  absl::Status detailed = FromGrpcStatus(
      grpc::Status(grpc::StatusCode::NOT_FOUND, "gone", "serialized-bytes"));
  EXPECT_EQ(detailed.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(detailed.GetPayload(kRpcStatusTypeUrl).value(), "serialized-bytes");
}

TEST_F(StatusInfoClientTest, BatchGetKeepsRequestOrder) {
  const std::vector<int> codes = {503, 200, 404, 200};
  absl::StatusOr<v1::BatchGetStatusCodesResponse> batch =
      client_->BatchGetStatusCodes(codes);
  ASSERT_TRUE(batch.ok()) << batch.status();
  std::vector<int> got;
  for (const v1::StatusCode& entry : batch->status_codes()) {
    got.push_back(entry.code());
  }
  EXPECT_THAT(got, ElementsAre(503, 200, 404, 200));

  const std::vector<int> with_unknown = {200, 299};
  absl::StatusOr<v1::BatchGetStatusCodesResponse> failed =
      client_->BatchGetStatusCodes(with_unknown);
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(failed.status().message(), HasSubstr("codes[1]"));
}

TEST_F(StatusInfoClientTest, ListStatusCodesReturnsOnePage) {
  v1::ListStatusCodesRequest request;
  request.set_page_size(5);
  absl::StatusOr<v1::ListStatusCodesResponse> page =
      client_->ListStatusCodes(request);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->status_codes_size(), 5);
  EXPECT_FALSE(page->next_page_token().empty());
  EXPECT_GT(page->total_size(), 5);

  request.set_page_size(-1);
  EXPECT_EQ(client_->ListStatusCodes(request).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(StatusInfoClientTest, ListAllStatusCodesFollowsPageTokens) {
  v1::ListStatusCodesRequest filters;
  filters.set_page_size(7);  // several pages
  absl::StatusOr<v1::ListStatusCodesResponse> paged =
      client_->ListAllStatusCodes(filters);
  ASSERT_TRUE(paged.ok()) << paged.status();
  EXPECT_EQ(paged->status_codes_size(), paged->total_size());
  EXPECT_TRUE(paged->next_page_token().empty());
  for (int i = 1; i < paged->status_codes_size(); ++i) {
    EXPECT_LT(paged->status_codes(i - 1).code(), paged->status_codes(i).code());
  }

  filters.set_page_size(1000);  // one page
  absl::StatusOr<v1::ListStatusCodesResponse> whole =
      client_->ListAllStatusCodes(filters);
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_EQ(whole->SerializeAsString(), paged->SerializeAsString());
}

TEST_F(StatusInfoClientTest, ListAllStatusCodesAppliesFilters) {
  v1::ListStatusCodesRequest filters;
  filters.set_status_class(v1::STATUS_CLASS_CLIENT_ERROR);
  absl::StatusOr<v1::ListStatusCodesResponse> client_errors =
      client_->ListAllStatusCodes(filters);
  ASSERT_TRUE(client_errors.ok()) << client_errors.status();
  std::vector<int> codes;
  for (const v1::StatusCode& entry : client_errors->status_codes()) {
    EXPECT_EQ(entry.code() / 100, 4) << entry.code();
    codes.push_back(entry.code());
  }
  EXPECT_THAT(codes, ::testing::IsSupersetOf({404, 413}));
  EXPECT_THAT(codes, Not(::testing::Contains(499)));  // unofficial

  filters.set_include_unofficial(true);
  absl::StatusOr<v1::ListStatusCodesResponse> with_unofficial =
      client_->ListAllStatusCodes(filters);
  ASSERT_TRUE(with_unofficial.ok()) << with_unofficial.status();
  EXPECT_GT(with_unofficial->total_size(), client_errors->total_size());
}

TEST_F(StatusInfoClientTest, ValidateStatusCodeAnswersEvenForInvalidCodes) {
  absl::StatusOr<v1::ValidateStatusCodeResponse> assigned =
      client_->ValidateStatusCode(404);
  ASSERT_TRUE(assigned.ok()) << assigned.status();
  EXPECT_TRUE(assigned->valid());
  EXPECT_TRUE(assigned->assigned());

  absl::StatusOr<v1::ValidateStatusCodeResponse> unassigned =
      client_->ValidateStatusCode(299);
  ASSERT_TRUE(unassigned.ok()) << unassigned.status();
  EXPECT_TRUE(unassigned->valid());
  EXPECT_FALSE(unassigned->assigned());
  EXPECT_EQ(unassigned->treat_as_code(), 200);

  absl::StatusOr<v1::ValidateStatusCodeResponse> invalid =
      client_->ValidateStatusCode(600);
  ASSERT_TRUE(invalid.ok()) << invalid.status();
  EXPECT_FALSE(invalid->valid());
}

TEST_F(StatusInfoClientTest, ValidateStatusLineReturnsTheParsedLine) {
  absl::StatusOr<v1::ValidateStatusLineResponse> line =
      client_->ValidateStatusLine("HTTP/1.1 404 Not Found");
  ASSERT_TRUE(line.ok()) << DescribeError(line.status());
  EXPECT_TRUE(line->valid());
  EXPECT_EQ(line->http_version(), "HTTP/1.1");
  EXPECT_EQ(line->status_code(), 404);
  EXPECT_EQ(line->reason_phrase(), "Not Found");

  absl::StatusOr<v1::ValidateStatusLineResponse> bad =
      client_->ValidateStatusLine("HTTP/1.1 2OO OK");
  ASSERT_TRUE(bad.ok()) << DescribeError(bad.status());
  EXPECT_FALSE(bad->valid());
  EXPECT_GT(bad->findings_size(), 0);
}

TEST_F(StatusInfoClientTest, ValidateResponseReturnsTheFindings) {
  v1::ValidateResponseRequest request;
  request.set_request_method("GET");
  request.set_status_code(401);  // without WWW-Authenticate
  absl::StatusOr<v1::ValidateResponseResponse> checked =
      client_->ValidateResponse(request);
  ASSERT_TRUE(checked.ok()) << DescribeError(checked.status());
  EXPECT_FALSE(checked->valid());
  std::vector<std::string> rule_ids;
  for (const v1::Finding& finding : checked->findings()) {
    rule_ids.push_back(finding.rule_id());
  }
  EXPECT_THAT(rule_ids, ::testing::Contains("401-www-authenticate"));
}

TEST_F(StatusInfoClientTest, SearchStatusCodesRanksAndRejectsBadPageSizes) {
  absl::StatusOr<v1::SearchStatusCodesResponse> found =
      client_->SearchStatusCodes("not found", 5);
  ASSERT_TRUE(found.ok()) << DescribeError(found.status());
  ASSERT_GT(found->results_size(), 0);
  EXPECT_LE(found->results_size(), 5);
  EXPECT_EQ(found->results(0).status_code().code(), 404);

  absl::Status negative = client_->SearchStatusCodes("x", -1).status();
  EXPECT_EQ(negative.code(), absl::StatusCode::kInvalidArgument) << negative;
  EXPECT_THAT(DescribeError(negative), HasSubstr("page_size"));
}

TEST_F(StatusInfoClientTest, TranslateStatusBothWays) {
  v1::TranslateStatusRequest http;
  http.set_http_status_code(503);
  absl::StatusOr<v1::TranslateStatusResponse> to_grpc =
      client_->TranslateStatus(http);
  ASSERT_TRUE(to_grpc.ok()) << to_grpc.status();
  EXPECT_GT(to_grpc->translations_size(), 0);

  v1::TranslateStatusRequest grpc_code;
  grpc_code.set_grpc_code(5);
  absl::StatusOr<v1::TranslateStatusResponse> to_http =
      client_->TranslateStatus(grpc_code);
  ASSERT_TRUE(to_http.ok()) << to_http.status();
  ASSERT_GT(to_http->translations_size(), 0);
  EXPECT_EQ(to_http->translations(0).http_status_code(), 404);
}

TEST_F(StatusInfoClientTest, GrpcStatusCodes) {
  absl::StatusOr<v1::GrpcStatusCode> not_found = client_->GetGrpcStatusCode(5);
  ASSERT_TRUE(not_found.ok()) << not_found.status();
  EXPECT_EQ(not_found->name(), "NOT_FOUND");
  EXPECT_EQ(client_->GetGrpcStatusCode(17).status().code(),
            absl::StatusCode::kInvalidArgument);

  absl::StatusOr<v1::ListGrpcStatusCodesResponse> all =
      client_->ListGrpcStatusCodes();
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->grpc_status_codes_size(), 17);
  for (int i = 0; i < 17; ++i) EXPECT_EQ(all->grpc_status_codes(i).code(), i);
}

TEST_F(StatusInfoClientTest, HealthCheck) {
  EXPECT_EQ(client_->Check().value(),
            grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(client_->Check(server::kServiceName).value(),
            grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(client_->Check("no.such.Service").status().code(),
            absl::StatusCode::kNotFound);

  server_->SetServing(false);
  EXPECT_EQ(client_->Check().value(),
            grpc::health::v1::HealthCheckResponse::NOT_SERVING);
}

TEST_F(StatusInfoClientTest, ValidateResponsesStreamsBatchesInOrder) {
  std::vector<v1::ValidateResponseRequest> requests;
  for (int code : {200, 204, 301, 401, 405}) {
    v1::ValidateResponseRequest& request = requests.emplace_back();
    request.set_request_method("GET");
    request.set_status_code(code);
  }
  absl::StatusOr<std::vector<v1::ValidateResponseResponse>> results =
      client_->ValidateResponses(requests, /*batch_size=*/2);  // 3 batches
  ASSERT_TRUE(results.ok()) << DescribeError(results.status());
  ASSERT_EQ(results->size(), requests.size());
  // The stream gives what the unary call gives, response by response.
  for (size_t i = 0; i < requests.size(); ++i) {
    absl::StatusOr<v1::ValidateResponseResponse> one =
        client_->ValidateResponse(requests[i]);
    ASSERT_TRUE(one.ok()) << "response " << i << ": "
                          << DescribeError(one.status());
    EXPECT_EQ((*results)[i].SerializeAsString(), one->SerializeAsString())
        << "response " << i;
  }

  EXPECT_TRUE(client_->ValidateResponses({}, 10).value().empty());
  EXPECT_EQ(client_->ValidateResponses(requests, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(StatusInfoClientTest, ValidateResponsesConvertsStreamErrors) {
  // The server takes at most 1000 responses per message.
  std::vector<v1::ValidateResponseRequest> requests(1001);
  for (v1::ValidateResponseRequest& request : requests) {
    request.set_status_code(200);
  }
  absl::StatusOr<std::vector<v1::ValidateResponseResponse>> results =
      client_->ValidateResponses(requests, /*batch_size=*/1001);
  ASSERT_EQ(results.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(DescribeError(results.status()),
              HasSubstr("[reason: STREAM_BATCH_TOO_LARGE]"));
}

TEST_F(StatusInfoClientTest, ClientOverAnExistingChannel) {
  StatusInfoClient client(
      grpc::CreateChannel(Target(), grpc::InsecureChannelCredentials()));
  EXPECT_EQ(client.GetStatusCode(200).value().reason_phrase(), "OK");
}

TEST_F(StatusInfoClientTest, DeadlineAppliesToEveryCall) {
  RefusingPort refusing;
  ClientOptions options;
  options.wait_for_ready = true;  // wait for a connection that never comes
  options.timeout = absl::Milliseconds(200);
  std::unique_ptr<StatusInfoClient> client =
      MakeClient(refusing.target(), options);
  const absl::Time start = absl::Now();
  EXPECT_EQ(client->GetStatusCode(200).status().code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(client->Check().status().code(),
            absl::StatusCode::kDeadlineExceeded);
  std::vector<v1::ValidateResponseRequest> requests(1);
  EXPECT_EQ(client->ValidateResponses(requests).status().code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
}

TEST_F(StatusInfoClientTest, UnreachableServerFailsFastWithoutWaitForReady) {
  RefusingPort refusing;
  std::unique_ptr<StatusInfoClient> client = MakeClient(refusing.target());
  EXPECT_EQ(client->GetStatusCode(200).status().code(),
            absl::StatusCode::kUnavailable);
}

TEST_F(StatusInfoClientTest, RetriesUnavailableUpToMaxAttempts) {
  FlakyService flaky(/*failures=*/3, grpc::StatusCode::UNAVAILABLE);
  std::string target;
  std::unique_ptr<grpc::Server> server = StartFake(flaky, target);
  ClientOptions options;
  options.max_attempts = 4;
  absl::StatusOr<v1::StatusCode> entry =
      MakeClient(target, options)->GetStatusCode(200);
  EXPECT_TRUE(entry.ok()) << entry.status();
  EXPECT_EQ(flaky.calls(), 4);
  server->Shutdown();
}

TEST_F(StatusInfoClientTest, MaxAttemptsOfOneTurnsRetriesOff) {
  FlakyService flaky(/*failures=*/1, grpc::StatusCode::UNAVAILABLE);
  std::string target;
  std::unique_ptr<grpc::Server> server = StartFake(flaky, target);
  ClientOptions options;
  options.max_attempts = 1;
  EXPECT_EQ(MakeClient(target, options)->GetStatusCode(200).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(flaky.calls(), 1);
  server->Shutdown();
}

TEST_F(StatusInfoClientTest, DoesNotRetryOtherCodes) {
  FlakyService flaky(/*failures=*/1, grpc::StatusCode::INTERNAL);
  std::string target;
  std::unique_ptr<grpc::Server> server = StartFake(flaky, target);
  EXPECT_EQ(MakeClient(target)->GetStatusCode(200).status().code(),
            absl::StatusCode::kInternal);
  EXPECT_EQ(flaky.calls(), 1);
  server->Shutdown();
}

TEST_F(StatusInfoClientTest, RetryServiceConfigIsValid) {
  const std::string json = RetryServiceConfigJson(4);
  EXPECT_EQ(grpc::experimental::ValidateServiceConfigJSON(json), "");
  EXPECT_THAT(json,
              HasSubstr(R"("service":"statusinfo.v1.StatusInfoService")"));
  EXPECT_THAT(json, HasSubstr(R"("maxAttempts":4)"));
  EXPECT_THAT(
      json, HasSubstr(R"("retryableStatusCodes":["UNAVAILABLE","CANCELLED"])"));

  const std::string no_retries = RetryServiceConfigJson(1);
  EXPECT_EQ(grpc::experimental::ValidateServiceConfigJSON(no_retries), "");
  EXPECT_THAT(no_retries, Not(HasSubstr("retryPolicy")));
}

TEST_F(StatusInfoClientTest, FleetTargetsGetRoundRobinOthersPickFirst) {
  ClientOptions options;
  for (const char* fleet :
       {"dns:///statusinfo-headless.statusinfo.svc:50051",
        "ipv4:127.0.0.1:1,127.0.0.2:2", "ipv6:[::1]:1,[::1]:2"}) {
    options.target = fleet;
    EXPECT_EQ(LoadBalancingPolicyFor(options), "round_robin") << fleet;
  }
  for (const char* single :
       {"127.0.0.1:50051", "ipv4:127.0.0.1:1", "unix:/tmp/s.sock"}) {
    options.target = single;
    EXPECT_EQ(LoadBalancingPolicyFor(options), "pick_first") << single;
  }
  options.load_balancing_policy = "round_robin";
  EXPECT_EQ(LoadBalancingPolicyFor(options), "round_robin");
}

TEST_F(StatusInfoClientTest, ServiceConfigHasPolicyHealthCheckAndRetries) {
  ClientOptions options;
  options.target = "dns:///statusinfo:50051";
  const std::string json = ServiceConfigJson(options);
  EXPECT_EQ(grpc::experimental::ValidateServiceConfigJSON(json), "");
  EXPECT_THAT(json, HasSubstr(R"("loadBalancingConfig":[{"round_robin":{}}])"));
  EXPECT_THAT(json, HasSubstr(R"("healthCheckConfig":{"serviceName":)"
                              R"("statusinfo.v1.StatusInfoService"})"));
  EXPECT_THAT(
      json, HasSubstr(R"("retryableStatusCodes":["UNAVAILABLE","CANCELLED"])"));

  options.health_check = false;
  options.max_attempts = 1;
  const std::string plain = ServiceConfigJson(options);
  EXPECT_EQ(grpc::experimental::ValidateServiceConfigJSON(plain), "");
  EXPECT_THAT(plain, Not(HasSubstr("healthCheckConfig")));
  EXPECT_THAT(plain, Not(HasSubstr("retryPolicy")));
}

TEST_F(StatusInfoClientTest, CreateRejectsAnUnknownLoadBalancingPolicy) {
  ClientOptions options;
  options.load_balancing_policy = "least_request";
  absl::Status status = StatusInfoClient::Create(options).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("load_balancing_policy"));
  EXPECT_THAT(status.message(), HasSubstr("least_request"));
}

TEST_F(StatusInfoClientTest, CreateRejectsBadTlsOptions) {
  ClientOptions missing_file;
  missing_file.tls = true;
  missing_file.ca_file = "/nonexistent/ca.pem";
  absl::Status status = StatusInfoClient::Create(missing_file).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr("ca_file"));
  EXPECT_THAT(status.message(), HasSubstr("/nonexistent/ca.pem"));

  ClientOptions without_tls;
  without_tls.ca_file = __FILE__;
  status = StatusInfoClient::Create(without_tls).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("ca_file"));

  ClientOptions half_mtls;
  half_mtls.tls = true;
  half_mtls.cert_file = __FILE__;
  status = StatusInfoClient::Create(half_mtls).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("key_file"));

  ClientOptions no_target;
  no_target.target = "";
  EXPECT_EQ(StatusInfoClient::Create(no_target).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(StatusInfoClientTest, TlsClientCannotTalkToAPlaintextServer) {
  ClientOptions options;
  options.tls = true;  // system roots; the handshake with our server fails
  std::unique_ptr<StatusInfoClient> client = MakeClient(Target(), options);
  EXPECT_EQ(client->GetStatusCode(200).status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace statusinfo::client
