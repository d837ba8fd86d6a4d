// Structured logs: JSON and text lines, levels, and the flag parsers.
#include "service/server/logging.h"

#include <string>
#include <vector>

#include "absl/flags/marshalling.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace statusinfo::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::SizeIs;

class LoggingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetLogSinkForTesting(
        [this](absl::string_view line) { lines_.emplace_back(line); });
  }
  void TearDown() override {
    SetLogSinkForTesting(nullptr);
    SetLogOptions(LogFormat::kJson, LogLevel::kInfo);
  }

  // A logged JSON line as a google.protobuf.Struct, so the test checks it
  // with a real JSON parser.
  static google::protobuf::Struct ParseJson(const std::string& line) {
    google::protobuf::Struct parsed;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(line, &parsed).ok())
        << line;
    return parsed;
  }

  std::vector<std::string> lines_;
};

TEST_F(LoggingTest, JsonLineIsOneObjectWithTimestampLevelEventAndFields) {
  SetLogOptions(LogFormat::kJson, LogLevel::kInfo);
  LogEvent(LogLevel::kInfo, "serving")
      .Add("port", 43123)
      .Add("ratio", 0.5)
      .Add("tls", false)
      .Add("delay", absl::Milliseconds(1500))
      .Add("config", LogFields().Add("address", "127.0.0.1:0"));
  ASSERT_THAT(lines_, SizeIs(1));
  EXPECT_EQ(lines_[0].back(), '\n');
  EXPECT_EQ(std::count(lines_[0].begin(), lines_[0].end(), '\n'), 1);
  google::protobuf::Struct line = ParseJson(lines_[0]);
  const auto& f = line.fields();
  EXPECT_THAT(f.at("ts").string_value(),
              MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z"));
  EXPECT_EQ(f.at("level").string_value(), "info");
  EXPECT_EQ(f.at("event").string_value(), "serving");
  EXPECT_EQ(f.at("port").number_value(), 43123);
  EXPECT_EQ(f.at("ratio").number_value(), 0.5);
  EXPECT_FALSE(f.at("tls").bool_value());
  EXPECT_EQ(f.at("delay").string_value(), "1.5s");
  EXPECT_EQ(f.at("config").struct_value().fields().at("address").string_value(),
            "127.0.0.1:0");
  EXPECT_THAT(lines_[0], HasSubstr("{\"ts\":"));
  EXPECT_THAT(lines_[0], HasSubstr("\"port\":43123"));
}

TEST_F(LoggingTest, JsonEscapesQuotesBackslashesAndControlCharacters) {
  LogEvent(LogLevel::kError, "config_error")
      .Add("error", std::string("a \"b\"\\c\nd\x01", 10));
  ASSERT_THAT(lines_, SizeIs(1));
  EXPECT_EQ(ParseJson(lines_[0]).fields().at("error").string_value(),
            std::string("a \"b\"\\c\nd\x01", 10));
}

TEST_F(LoggingTest, TextLineIsKeyValuePairs) {
  SetLogOptions(LogFormat::kText, LogLevel::kInfo);
  LogEvent(LogLevel::kWarning, "drain_cut_short")
      .Add("signal", "SIGTERM")
      .Add("message", "two words")
      .Add("config", LogFields().Add("port", 1));
  ASSERT_THAT(lines_, SizeIs(1));
  EXPECT_THAT(lines_[0],
              MatchesRegex("[0-9T:.Z-]+ WARNING drain_cut_short signal=SIGTERM "
                           "message=\"two words\" config.port=1\n"));
}

TEST_F(LoggingTest, LevelsBelowTheThresholdAreDropped) {
  SetLogOptions(LogFormat::kJson, LogLevel::kWarning);
  EXPECT_FALSE(LogEnabled(LogLevel::kInfo));
  EXPECT_TRUE(LogEnabled(LogLevel::kError));
  // Each event is written when it goes out of scope, here at once.
  LogEvent(LogLevel::kDebug, "a");  // NOLINT(bugprone-unused-raii)
  LogEvent(LogLevel::kInfo, "b");   // NOLINT(bugprone-unused-raii)
  EXPECT_THAT(lines_, IsEmpty());
  LogEvent(LogLevel::kWarning, "c");  // NOLINT(bugprone-unused-raii)
  LogEvent(LogLevel::kError, "d");    // NOLINT(bugprone-unused-raii)
  ASSERT_THAT(lines_, SizeIs(2));
  EXPECT_EQ(ParseJson(lines_[1]).fields().at("level").string_value(), "error");
}

// protobuf's complaint about a string that is not UTF-8 is about a
// client's request (which gets the error): debug level, so that clients
// cannot fill the log. Its other messages keep their level.
TEST_F(LoggingTest, ProtobufLogsAreEventsAndBadUtf8IsDebugOnly) {
  RouteProtobufLogs();
  google::protobuf::Value value;
  const std::string not_utf8("\x1a\x01\xff", 3);  // string_value = "\xff"
  EXPECT_FALSE(value.ParseFromString(not_utf8));
  EXPECT_THAT(lines_, IsEmpty());

  SetLogOptions(LogFormat::kJson, LogLevel::kDebug);
  EXPECT_FALSE(value.ParseFromString(not_utf8));
  ASSERT_THAT(lines_, SizeIs(1));
  google::protobuf::Struct line = ParseJson(lines_[0]);
  EXPECT_EQ(line.fields().at("event").string_value(), "protobuf");
  EXPECT_EQ(line.fields().at("level").string_value(), "debug");
  EXPECT_THAT(line.fields().at("message").string_value(),
              HasSubstr("invalid UTF-8"));

  SetLogOptions(LogFormat::kJson, LogLevel::kInfo);
  GOOGLE_LOG(ERROR) << "something else";
  ASSERT_THAT(lines_, SizeIs(2));
  line = ParseJson(lines_[1]);
  EXPECT_EQ(line.fields().at("level").string_value(), "error");
  EXPECT_EQ(line.fields().at("message").string_value(), "something else");
  google::protobuf::SetLogHandler(nullptr);
}

TEST_F(LoggingTest, FlagValuesParseAndPrint) {
  LogLevel level;
  std::string error;
  EXPECT_TRUE(absl::ParseFlag("warning", &level, &error));
  EXPECT_EQ(level, LogLevel::kWarning);
  EXPECT_TRUE(absl::ParseFlag("DEBUG", &level, &error));
  EXPECT_EQ(level, LogLevel::kDebug);
  EXPECT_FALSE(absl::ParseFlag("verbose", &level, &error));
  EXPECT_THAT(error, HasSubstr("debug, info, warning, error"));
  EXPECT_EQ(absl::UnparseFlag(LogLevel::kError), "error");
  LogFormat format;
  EXPECT_TRUE(absl::ParseFlag("text", &format, &error));
  EXPECT_EQ(format, LogFormat::kText);
  EXPECT_FALSE(absl::ParseFlag("xml", &format, &error));
  EXPECT_THAT(std::vector<std::string>{absl::UnparseFlag(LogFormat::kJson)},
              ElementsAre("json"));
}

}  // namespace
}  // namespace statusinfo::server
