// The Prometheus endpoint: exact counts after known calls, scraped over a
// plain socket as Prometheus does.
#include "service/server/metrics.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/server/metrics_scrape.h"
#include "tests/server/test_server.h"

namespace statusinfo::testing {
namespace {

using ::testing::Optional;

constexpr char kService[] = "statusinfo.v1.StatusInfoService";

Labels Method(const std::string& method, const std::string& type = "unary") {
  return {
      {"grpc_method", method}, {"grpc_service", kService}, {"grpc_type", type}};
}

Labels WithCode(Labels labels, const std::string& code) {
  labels["grpc_code"] = code;
  return labels;
}

class MetricsTest : public ServerTest {
 protected:
  void Configure(server::ServerConfig& config) override {
    config.metrics_address = "127.0.0.1:0";
  }

  Samples ScrapeOrDie() {
    absl::StatusOr<Samples> samples = Scrape(server_->metrics_port());
    EXPECT_TRUE(samples.ok()) << samples.status();
    return samples.ok() ? *std::move(samples) : Samples();
  }
};

TEST_F(MetricsTest, EndpointListensOnTheReportedPort) {
  EXPECT_GT(server_->metrics_port(), 0);
  EXPECT_TRUE(HttpGet(server_->metrics_port(), "/metrics").ok());
}

TEST_F(MetricsTest, EveryMethodAndCodeSeriesExistsBeforeAnyCall) {
  Samples samples = ScrapeOrDie();
  // 11 methods of ours, 2 of health, 1 of each reflection version.
  EXPECT_EQ(samples.Count("grpc_server_started_total"), 15);
  EXPECT_EQ(samples.Count("grpc_server_handled_total"), 15 * 17);
  EXPECT_THAT(samples.Get("grpc_server_started_total", Method("GetStatusCode")),
              Optional(0.0));
  EXPECT_THAT(
      samples.Get("grpc_server_handled_total",
                  WithCode(Method("StreamValidateResponses", "bidi_stream"),
                           "Unauthenticated")),
      Optional(0.0));
  EXPECT_THAT(samples.Get("grpc_server_started_total",
                          {{"grpc_method", "Watch"},
                           {"grpc_service", "grpc.health.v1.Health"},
                           {"grpc_type", "server_stream"}}),
              Optional(0.0));
}

TEST_F(MetricsTest, UnaryCallsAreCountedExactlyByCode) {
  for (int code : {200, 404, 503}) ASSERT_TRUE(Get(code).ok());
  for (int code : {42, 600}) {
    ASSERT_EQ(Get(code).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  ASSERT_EQ(Get(299).error_code(), grpc::StatusCode::NOT_FOUND);

  Samples samples = ScrapeOrDie();
  const Labels get = Method("GetStatusCode");
  EXPECT_THAT(samples.Get("grpc_server_started_total", get), Optional(6.0));
  EXPECT_THAT(samples.Get("grpc_server_handled_total", WithCode(get, "OK")),
              Optional(3.0));
  EXPECT_THAT(samples.Get("grpc_server_handled_total",
                          WithCode(get, "InvalidArgument")),
              Optional(2.0));
  EXPECT_THAT(
      samples.Get("grpc_server_handled_total", WithCode(get, "NotFound")),
      Optional(1.0));
  EXPECT_EQ(samples.Sum("grpc_server_handled_total", get), 6);
  EXPECT_THAT(samples.Get("grpc_server_msg_received_total", get),
              Optional(6.0));
  EXPECT_THAT(samples.Get("grpc_server_msg_sent_total", get), Optional(3.0));
  EXPECT_THAT(samples.Get("grpc_server_handling_seconds_count", get),
              Optional(6.0));
  Labels inf = get;
  inf["le"] = "+Inf";
  EXPECT_THAT(samples.Get("grpc_server_handling_seconds_bucket", inf),
              Optional(6.0));
  EXPECT_GT(*samples.Get("grpc_server_handling_seconds_sum", get), 0);
  // Other methods saw nothing.
  EXPECT_EQ(
      samples.Sum("grpc_server_started_total", {{"grpc_service", kService}}),
      6);
}

TEST_F(MetricsTest, StreamMessagesAreCountedOneByOne) {
  auto context = ContextWithDeadline();
  auto stream = stub_->StreamValidateResponses(context.get());
  for (int batch = 0; batch < 3; ++batch) {
    v1::StreamValidateResponsesRequest request;
    request.add_responses()->set_status_code(200);
    ASSERT_TRUE(stream->Write(request));
    v1::StreamValidateResponsesResponse response;
    ASSERT_TRUE(stream->Read(&response));
  }
  stream->WritesDone();
  ASSERT_TRUE(stream->Finish().ok());

  Samples samples = ScrapeOrDie();
  const Labels stream_labels = Method("StreamValidateResponses", "bidi_stream");
  EXPECT_THAT(samples.Get("grpc_server_started_total", stream_labels),
              Optional(1.0));
  EXPECT_THAT(samples.Get("grpc_server_msg_received_total", stream_labels),
              Optional(3.0));
  EXPECT_THAT(samples.Get("grpc_server_msg_sent_total", stream_labels),
              Optional(3.0));
  EXPECT_THAT(
      samples.Get("grpc_server_handled_total", WithCode(stream_labels, "OK")),
      Optional(1.0));
}

// The findings of `responses`, counted the way the endpoint should count
// them.
std::map<Labels, double> ExpectedFindings(
    const std::vector<const google::protobuf::RepeatedPtrField<v1::Finding>*>&
        responses) {
  static const char* kSeverity[] = {"unspecified", "info", "warning", "error"};
  std::map<Labels, double> expected;
  for (const auto* findings : responses) {
    for (const v1::Finding& f : *findings) {
      ++expected[{{"rule_id", f.rule_id()},
                  {"severity", kSeverity[f.severity()]}}];
    }
  }
  return expected;
}

TEST_F(MetricsTest, ValidationFindingsAreCountedByRuleAndSeverity) {
  v1::ValidateResponseRequest unauthorized;
  unauthorized.set_request_method("GET");
  unauthorized.set_status_code(401);  // no WWW-Authenticate: an ERROR
  v1::ValidateResponseResponse direct;
  ASSERT_TRUE(
      stub_
          ->ValidateResponse(ContextWithDeadline().get(), unauthorized, &direct)
          .ok());
  ASSERT_GT(direct.findings_size(), 0);

  v1::ValidateStatusLineRequest line;
  line.set_status_line("HTTP/1.1 200 Fine");
  v1::ValidateStatusLineResponse line_result;
  ASSERT_TRUE(
      stub_->ValidateStatusLine(ContextWithDeadline().get(), line, &line_result)
          .ok());

  auto context = ContextWithDeadline();
  auto stream = stub_->StreamValidateResponses(context.get());
  v1::StreamValidateResponsesRequest batch;
  *batch.add_responses() = unauthorized;
  batch.add_responses()->set_status_code(405);  // no Allow
  ASSERT_TRUE(stream->Write(batch));
  v1::StreamValidateResponsesResponse streamed;
  ASSERT_TRUE(stream->Read(&streamed));
  stream->WritesDone();
  ASSERT_TRUE(stream->Finish().ok());

  std::map<Labels, double> expected = ExpectedFindings(
      {&direct.findings(), &line_result.findings(),
       &streamed.results(0).findings(), &streamed.results(1).findings()});
  Samples samples = ScrapeOrDie();
  double total = 0;
  for (const auto& [labels, count] : expected) {
    EXPECT_THAT(samples.Get("statusinfo_validation_findings_total", labels),
                Optional(count))
        << labels.at("rule_id");
    total += count;
  }
  EXPECT_EQ(samples.Sum("statusinfo_validation_findings_total"), total);
  EXPECT_THAT(
      samples.Get("statusinfo_validation_findings_total",
                  {{"rule_id", "401-www-authenticate"}, {"severity", "error"}}),
      Optional(2.0));
}

// gRPC refuses an oversized request in its transport, before any handler
// or interceptor runs: it appears in no grpc_server_* series
// (docs/operators.md says so). The test pins that, so a change shows.
TEST_F(MetricsTest, RequestsRefusedForTheirSizeNeverReachTheMetrics) {
  v1::ValidateStatusLineRequest request;
  request.set_status_line(std::string((1 << 20) + 1, 'x'));
  v1::ValidateStatusLineResponse response;
  ASSERT_EQ(
      stub_->ValidateStatusLine(ContextWithDeadline().get(), request, &response)
          .error_code(),
      grpc::StatusCode::RESOURCE_EXHAUSTED);
  Samples samples = ScrapeOrDie();
  EXPECT_EQ(samples.Sum("grpc_server_started_total"), 0);
  EXPECT_EQ(samples.Sum("grpc_server_handled_total"), 0);
}

TEST_F(MetricsTest, BuildInfoNamesVersionAndCatalog) {
  Samples samples = ScrapeOrDie();
  EXPECT_THAT(samples.Get("statusinfo_build_info",
                          {{"version", server::ServerVersion()},
                           {"catalog_version", server_->catalog().version()}}),
              Optional(1.0));
}

TEST_F(MetricsTest, ProcessMetricsComeFromProc) {
  Samples samples = ScrapeOrDie();
  const double now = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  std::optional<double> start = samples.Get("process_start_time_seconds");
  ASSERT_TRUE(start.has_value());
  EXPECT_LE(*start, now + 1);
  EXPECT_GT(*start, now - 3600);
  EXPECT_GT(samples.Get("process_resident_memory_bytes").value_or(0), 1 << 20);
  EXPECT_GT(samples.Get("process_virtual_memory_bytes").value_or(0), 0);
  EXPECT_GE(samples.Get("process_cpu_seconds_total").value_or(-1), 0);
  EXPECT_GT(samples.Get("process_open_fds").value_or(0), 3);
  EXPECT_GT(samples.Get("process_max_fds").value_or(0), 0);
}

TEST_F(MetricsTest, HealthChecksAreCountedUnderTheHealthService) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(
      health->Check(ContextWithDeadline().get(), request, &response).ok());
  Samples samples = ScrapeOrDie();
  EXPECT_THAT(samples.Get("grpc_server_handled_total",
                          {{"grpc_method", "Check"},
                           {"grpc_service", "grpc.health.v1.Health"},
                           {"grpc_type", "unary"},
                           {"grpc_code", "OK"}}),
              Optional(1.0));
}

}  // namespace
}  // namespace statusinfo::testing
