// Tests of the HAR reader: what it keeps from valid HAR, and the error (JSON
// path first) for each kind of input that is not HAR.
#include "client/cli/har_reader.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace statusinfo::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// A HAR entry as JSON, with `request` and `response` members as given.
std::string Entry(const std::string& request, const std::string& response) {
  return absl::StrCat(
      R"({"startedDateTime":"2026-12-04T17:00:00Z","time":1,)", R"("request":)",
      request, R"(,"response":)", response,
      R"(,"cache":{},"timings":{"send":0,"wait":1,"receive":0}})");
}

std::string Request(const std::string& headers = "[]") {
  return absl::StrCat(
      R"({"method":"GET","url":"http://example.org/a?b=1",)",
      R"("httpVersion":"HTTP/1.1","cookies":[],"headers":)", headers,
      R"(,"queryString":[{"name":"b","value":"1"}],"headersSize":-1,)",
      R"("bodySize":0})");
}

std::string Response(const std::string& status = "200",
                     const std::string& headers = "[]") {
  return absl::StrCat(
      R"({"status":)", status,
      R"(,"statusText":"OK","httpVersion":"HTTP/1.1",)",
      R"("cookies":[],"headers":)", headers,
      R"(,"content":{"size":12,"mimeType":"text/plain","text":"hello world\n"},)",
      R"("redirectURL":"","headersSize":-1,"bodySize":12})");
}

std::string Har(const std::vector<std::string>& entries) {
  std::string joined;
  for (const std::string& entry : entries) {
    absl::StrAppend(&joined, joined.empty() ? "" : ",", entry);
  }
  return absl::StrCat(
      R"({"log":{"version":"1.2","creator":{"name":"test","version":"1"},)",
      R"("pages":[{"id":"p","title":"t","pageTimings":{}}],"entries":[)",
      joined, "]}}");
}

struct ReadResult {
  absl::Status status;
  std::vector<HarEntry> entries;
};

ReadResult Read(const std::string& text) {
  std::istringstream in(text);
  ReadResult result;
  result.status = ReadHar(in, [&](HarEntry& entry) {
    result.entries.push_back(std::move(entry));
    return absl::OkStatus();
  });
  return result;
}

// The error message for `text`, which must fail.
std::string ErrorOf(const std::string& text) {
  ReadResult result = Read(text);
  EXPECT_FALSE(result.status.ok());
  EXPECT_EQ(result.status.code(), absl::StatusCode::kInvalidArgument);
  return std::string(result.status.message());
}

TEST(HarReaderTest, KeepsWhatTheRulesRead) {
  const std::string headers =
      R"([{"name":"Date","value":"Fri, 04 Dec 2026 17:00:00 GMT"},)"
      R"({"name":"Content-Length","value":"12","comment":"c"}])";
  ReadResult result = Read(Har({Entry(Request(R"([{"name":"Range",)"
                                              R"("value":"bytes=0-1"}])"),
                                      Response("206", headers)),
                                Entry(Request(), Response("404"))}));
  ASSERT_TRUE(result.status.ok()) << result.status;
  ASSERT_EQ(result.entries.size(), 2);
  const HarEntry& first = result.entries[0];
  EXPECT_EQ(first.index, 0);
  EXPECT_EQ(first.method, "GET");
  EXPECT_EQ(first.url, "http://example.org/a?b=1");
  EXPECT_EQ(first.request_version, "HTTP/1.1");
  ASSERT_EQ(first.request_headers.size(), 1);
  EXPECT_EQ(first.request_headers[0].name(), "Range");
  EXPECT_EQ(first.request_headers[0].value(), "bytes=0-1");
  EXPECT_EQ(first.status, 206);
  EXPECT_EQ(first.status_text, "OK");
  EXPECT_EQ(first.response_version, "HTTP/1.1");
  ASSERT_EQ(first.response_headers.size(), 2);
  EXPECT_EQ(first.response_headers[1].name(), "Content-Length");
  EXPECT_EQ(first.body_size, 12);
  EXPECT_EQ(first.content_size, 12);
  EXPECT_EQ(result.entries[1].index, 1);
  EXPECT_EQ(result.entries[1].status, 404);
  EXPECT_TRUE(result.entries[1].request_headers.empty());
}

TEST(HarReaderTest, SizesTheFileDoesNotGiveAreUnknown) {
  ReadResult result = Read(Har(
      {Entry(Request(), R"({"status":304,"statusText":"","httpVersion":"h3",)"
                        R"("headers":[]})")}));
  ASSERT_TRUE(result.status.ok()) << result.status;
  ASSERT_EQ(result.entries.size(), 1);
  EXPECT_EQ(result.entries[0].body_size, -1);
  EXPECT_EQ(result.entries[0].content_size, -1);
  EXPECT_EQ(result.entries[0].response_version, "h3");
}

TEST(HarReaderTest, SkipsAByteOrderMarkAndUnknownMembers) {
  const std::string extra =
      R"({"_custom":{"deep":[[[{"a":null}]]],"n":1.5e3,"t":true},)";
  std::string har = Har({Entry(Request(), Response())});
  har = absl::StrCat("\xEF\xBB\xBF", extra, har.substr(1));
  ReadResult result = Read(har);
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_EQ(result.entries.size(), 1);
}

TEST(HarReaderTest, AnEmptyLogHasNoEntries) {
  ReadResult result = Read(R"({"log":{"entries":[]}})");
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_TRUE(result.entries.empty());
}

TEST(HarReaderTest, KeepsAHugeHeaderValueForTheCheckToJudge) {
  const std::string value(100000, 'x');
  ReadResult result = Read(Har({Entry(
      Request(absl::StrCat(R"([{"name":"Cookie","value":")", value, "\"}]")),
      Response())}));
  ASSERT_TRUE(result.status.ok()) << result.status;
  ASSERT_EQ(result.entries.size(), 1);
  EXPECT_EQ(result.entries[0].request_headers[0].value(), value);
}

TEST(HarReaderTest, MalformedJsonNamesThePathAndByte) {
  std::string har = Har({Entry(Request(), Response())});
  har = absl::StrReplaceAll(
      har, {{R"("statusText":"OK",)", R"("statusText" "OK",)"}});
  const std::string error = ErrorOf(har);
  EXPECT_THAT(error, StartsWith("log.entries[0].response.statusText: not "
                                "valid JSON at byte "));
  EXPECT_THAT(error, HasSubstr("colon"));
}

TEST(HarReaderTest, TruncatedInputSaysSo) {
  const std::string har = Har({Entry(Request(), Response())});
  const std::string cut = har.substr(0, har.find("\"bodySize\":12"));
  const std::string error = ErrorOf(cut);
  EXPECT_THAT(error, StartsWith("log.entries[0].response."));
  EXPECT_THAT(error, HasSubstr("truncated"));
}

TEST(HarReaderTest, EmptyInputIsNotHar) {
  EXPECT_THAT(ErrorOf(""),
              StartsWith("the document: not valid JSON at byte 0"));
}

TEST(HarReaderTest, InvalidUtf8NamesTheString) {
  const std::string har = Har({Entry(Request(R"([{"name":"X-Bad","value":"a)"
                                             "\xC3\x28"
                                             R"("}])"),
                                     Response())});
  EXPECT_EQ(ErrorOf(har),
            "log.entries[0].request.headers[0].value: not valid UTF-8 (a HAR "
            "file is UTF-8)");
  // A lone surrogate escaped in JSON decodes to no UTF-8 either.
  const std::string escaped = Har(
      {Entry(Request(R"([{"name":"X-Bad","value":"\udc00"}])"), Response())});
  EXPECT_THAT(ErrorOf(escaped), HasSubstr("not valid UTF-8"));
}

TEST(HarReaderTest, InvalidUtf8WhereNothingIsReadIsLeftAlone) {
  std::string har = Har({Entry(Request(), Response())});
  har = absl::StrReplaceAll(har, {{"hello world", "hello \xFF world"}});
  ReadResult result = Read(har);
  EXPECT_TRUE(result.status.ok()) << result.status;
  EXPECT_EQ(result.entries.size(), 1);
}

TEST(HarReaderTest, AnEntryWithoutResponseIsNamed) {
  const std::string no_response =
      absl::StrCat(R"({"request":)", Request(), R"(,"timings":{}})");
  ReadResult result = Read(Har({Entry(Request(), Response()), no_response}));
  EXPECT_EQ(result.status.message(), "log.entries[1].response: missing");
  // The entry before it was already handed over.
  EXPECT_EQ(result.entries.size(), 1);
}

TEST(HarReaderTest, MissingRequiredMembersAreNamed) {
  EXPECT_EQ(ErrorOf("{}"), "log: missing");
  EXPECT_EQ(ErrorOf(R"({"log":{"version":"1.2"}})"), "log.entries: missing");
  EXPECT_EQ(ErrorOf(Har({Entry(Request(), R"({"statusText":"OK",)"
                                          R"("httpVersion":"HTTP/1.1",)"
                                          R"("headers":[]})")})),
            "log.entries[0].response.status: missing");
  EXPECT_EQ(ErrorOf(Har({Entry(Request(R"([{"name":"A"}])"), Response())})),
            "log.entries[0].request.headers[0].value: missing");
}

TEST(HarReaderTest, WrongTypesNameEntryAndField) {
  EXPECT_EQ(ErrorOf(Har({Entry(Request(), Response(R"("200")"))})),
            "log.entries[0].response.status: expected an integer, got a "
            "string");
  EXPECT_EQ(ErrorOf(Har({Entry(Request(), Response("200.5"))})),
            "log.entries[0].response.status: expected an integer, got a "
            "fraction");
  EXPECT_EQ(ErrorOf(Har({Entry(Request(R"({"name":"A"})"), Response())})),
            "log.entries[0].request.headers: expected an array, got an "
            "object");
  EXPECT_EQ(ErrorOf(Har({Entry(Request(), Response("200", R"([{"name":"A",)"
                                                          R"("value":7}])"))})),
            "log.entries[0].response.headers[0].value: expected a string, "
            "got a number");
  EXPECT_EQ(ErrorOf(Har({R"("entry")"})),
            "log.entries[0]: expected an object, got a string");
  EXPECT_EQ(ErrorOf("[]"), "the document: expected an object, got an array");
  EXPECT_EQ(ErrorOf(R"({"log":{"entries":null}})"),
            "log.entries: expected an array, got null");
}

TEST(HarReaderTest, AStatusOutsideThreeDigitsIsNotHar) {
  EXPECT_THAT(ErrorOf(Har({Entry(Request(), Response("1000"))})),
              StartsWith("log.entries[0].response.status: expected a status "
                         "code"));
  EXPECT_THAT(ErrorOf(Har({Entry(Request(), Response("-1"))})),
              StartsWith("log.entries[0].response.status: expected a status "
                         "code"));
}

TEST(HarReaderTest, DeepNestingIsRefused) {
  const std::string deep =
      absl::StrCat(R"({"log":{"x":)", std::string(kMaxHarDepth, '['),
                   std::string(kMaxHarDepth, ']'), "}}");
  EXPECT_THAT(ErrorOf(deep), HasSubstr("nested more than"));
}

// The cap is checked once per 64 KiB read, so the test goes well over it.
TEST(HarReaderTest, AStringOverTheCapIsRefused) {
  const std::string har = absl::StrCat(
      R"({"log":{"comment":")",
      std::string(kMaxHarStringBytes + (128 << 10), 'x'), R"("}})");
  EXPECT_THAT(ErrorOf(har), AllOf(StartsWith("log.comment: a string longer "
                                             "than 64 MiB"),
                                  HasSubstr("at byte")));
}

TEST(HarReaderTest, OddKeysAreQuotedInPaths) {
  EXPECT_THAT(ErrorOf(R"({"log":{"a b.c":{"x" 1}}})"),
              StartsWith(R"(log["a b.c"].x: not valid JSON)"));
}

TEST(HarReaderTest, TrailingDataAfterTheDocumentIsNotHar) {
  EXPECT_THAT(ErrorOf(R"({"log":{"entries":[]}} {})"),
              HasSubstr("not valid JSON"));
}

TEST(HarReaderTest, AnErrorFromTheCallerStopsTheReading) {
  std::istringstream in(
      Har({Entry(Request(), Response()), Entry(Request(), Response())}));
  int calls = 0;
  absl::Status status = ReadHar(in, [&](HarEntry&) {
    ++calls;
    return absl::UnavailableError("server gone");
  });
  EXPECT_EQ(status, absl::UnavailableError("server gone"));
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace statusinfo::cli
