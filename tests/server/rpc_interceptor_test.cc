// The access log: sampled lines with method, status, latency and peer, and
// none at all when it is off.
#include "service/server/rpc_interceptor.h"

#include <mutex>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "service/server/logging.h"
#include "tests/server/test_server.h"

namespace statusinfo::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::StartsWith;

TEST(AccessLogSamplerTest, LogsExactlyTheRateOfCalls) {
  for (double rate : {0.0, 0.01, 0.25, 0.5, 1.0}) {
    server::AccessLogSampler sampler(rate);
    int sampled = 0;
    for (int i = 0; i < 1000; ++i) sampled += sampler.Sample();
    EXPECT_EQ(sampled, static_cast<int>(1000 * rate)) << rate;
  }
}

class AccessLogTest : public ServerTest,
                      public ::testing::WithParamInterface<double> {
 protected:
  void Configure(server::ServerConfig& config) override {
    config.access_log_sample_rate = GetParam();
  }
  void SetUp() override {
    server::SetLogSinkForTesting([this](absl::string_view line) {
      std::lock_guard<std::mutex> lock(mu_);
      if (line.find("\"event\":\"access\"") != absl::string_view::npos) {
        lines_.emplace_back(line);
      }
    });
    ServerTest::SetUp();
  }
  void TearDown() override {
    ServerTest::TearDown();
    server::SetLogSinkForTesting(nullptr);
  }

  std::vector<std::string> Lines() {
    std::lock_guard<std::mutex> lock(mu_);
    return lines_;
  }

  std::mutex mu_;
  std::vector<std::string> lines_;
};

using AccessLogOnTest = AccessLogTest;
using AccessLogOffTest = AccessLogTest;

TEST_P(AccessLogOnTest, EveryCallIsOneLineWithMethodCodeLatencyAndPeer) {
  ASSERT_TRUE(Get(200).ok());
  ASSERT_FALSE(Get(42).ok());
  std::vector<std::string> lines = Lines();
  ASSERT_THAT(lines, SizeIs(2));
  google::protobuf::Struct line;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(lines[1], &line).ok());
  const auto& f = line.fields();
  EXPECT_EQ(f.at("level").string_value(), "info");
  EXPECT_EQ(f.at("method").string_value(),
            "/statusinfo.v1.StatusInfoService/GetStatusCode");
  EXPECT_EQ(f.at("code").string_value(), "INVALID_ARGUMENT");
  EXPECT_GE(f.at("latency_ms").number_value(), 0);
  EXPECT_THAT(f.at("peer").string_value(), StartsWith("ipv4:127.0.0.1:"));
  EXPECT_THAT(lines[0], HasSubstr("\"code\":\"OK\""));
}

INSTANTIATE_TEST_SUITE_P(EveryCall, AccessLogOnTest, ::testing::Values(1.0));

TEST_P(AccessLogOffTest, NoLines) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Get(200).ok());
  EXPECT_THAT(Lines(), SizeIs(0));
}

INSTANTIATE_TEST_SUITE_P(Off, AccessLogOffTest, ::testing::Values(0.0));

using AccessLogSampledTest = AccessLogTest;

TEST_P(AccessLogSampledTest, HalfTheCalls) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(Get(200).ok());
  EXPECT_THAT(Lines(), SizeIs(5));
}

INSTANTIATE_TEST_SUITE_P(Half, AccessLogSampledTest, ::testing::Values(0.5));

}  // namespace
}  // namespace statusinfo::testing
