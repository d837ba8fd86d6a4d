// Real servers as the oracle of the rules: response heads that nginx and
// Apache httpd sent (tests/data/real_heads, made by
// scripts/capture_real_heads.sh) must pass ValidateStatusLine and
// ValidateResponse without an ERROR, except where the server really breaks
// a MUST (documented in tests/data/real_heads/README.md and asserted here
// exactly). Each head is then broken on purpose in ways that must be an
// ERROR, so that the rules are shown to bite on real traffic too.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/cli/response_head.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/response_rules.h"
#include "service/core/status_line.h"
#include "tests/support/builtin_catalog.h"
#include "tests/support/captures.h"
#include "tests/support/files.h"

namespace statusinfo::core {
namespace {

using ::statusinfo::cli::ParseResponseHead;
using ::statusinfo::cli::ResponseHead;
using ::statusinfo::testing::BuiltinCatalog;
using ::statusinfo::testing::Capture;
using ::statusinfo::testing::Describe;
using ::statusinfo::testing::RequestFor;
using ::statusinfo::testing::RuleIds;
using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::IsSupersetOf;

constexpr char kDataDir[] = STATUSINFO_REAL_HEADS_DIR;

// The ERROR findings the real servers produce, because they really break a
// MUST; see tests/data/real_heads/README.md.
const std::map<std::string, std::vector<std::string>>& KnownViolations() {
  static const auto* const kKnown =
      new std::map<std::string, std::vector<std::string>>{
          // RFC 9110, Section 15.5.6: "The origin server MUST generate an
          // Allow header field in a 405 response". nginx sends none.
          {"nginx_post_static.http", {"405-allow"}},
          {"nginx_options.http", {"405-allow"}},
      };
  return *kKnown;
}

// The WARNING findings of the real servers (a SHOULD not followed); every
// other capture has none.
const std::map<std::string, std::vector<std::string>>& KnownWarnings() {
  static const auto* const kKnown =
      new std::map<std::string, std::vector<std::string>>{
          // RFC 9110, Section 15.5.17: a 416 to a byte-range request SHOULD
          // carry Content-Range with the current length. Apache's 416 error
          // page has none.
          {"apache_range_416.http", {"416-content-range"}},
          // RFC 9110, Section 15.5: a 4xx SHOULD explain the error. Apache
          // answers a failed If-Match with Content-Length: 0.
          {"apache_if_match_412.http", {"4xx-explanation"}},
      };
  return *kKnown;
}

const std::vector<Capture>& Captures() {
  static const auto* const kCaptures =
      new std::vector<Capture>(testing::LoadManifest(kDataDir));
  return *kCaptures;
}

const Capture& CaptureNamed(const std::string& file) {
  for (const Capture& capture : Captures()) {
    if (capture.file == file) return capture;
  }
  ADD_FAILURE() << file << " is not in MANIFEST.tsv";
  static const Capture kNone;
  return kNone;
}

std::string ReadFile(const std::string& file) {
  return testing::ReadFile(absl::StrCat(kDataDir, "/", file));
}

ResponseHead Parse(const std::string& bytes, const std::string& what) {
  absl::StatusOr<ResponseHead> head = ParseResponseHead(bytes);
  EXPECT_TRUE(head.ok()) << what << ": " << head.status();
  return head.ok() ? *std::move(head) : ResponseHead{};
}

v1::ValidateResponseResponse Validate(
    const v1::ValidateResponseRequest& request) {
  absl::StatusOr<v1::ValidateResponseResponse> result =
      CheckAndValidateResponse(BuiltinCatalog(), request);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *std::move(result) : v1::ValidateResponseResponse();
}

// Parses and validates a capture after `edit` changed its request; returns
// the findings.
template <typename Edit>
v1::ValidateResponseResponse ValidateEdited(const std::string& file,
                                            Edit edit) {
  const Capture& capture = CaptureNamed(file);
  const ResponseHead head = Parse(ReadFile(file), file);
  v1::ValidateResponseRequest request = RequestFor(capture, head);
  edit(request);
  return Validate(request);
}

void RemoveHeader(v1::ValidateResponseRequest& request,
                  absl::string_view name) {
  auto* headers = request.mutable_headers();
  const int before = headers->size();
  headers->erase(std::remove_if(headers->begin(), headers->end(),
                                [&](const v1::HttpHeader& header) {
                                  return absl::EqualsIgnoreCase(header.name(),
                                                                name);
                                }),
                 headers->end());
  EXPECT_LT(headers->size(), before) << "no " << name << " to remove";
}

void AddHeader(v1::ValidateResponseRequest& request, absl::string_view name,
               absl::string_view value) {
  v1::HttpHeader* header = request.add_headers();
  header->set_name(std::string(name));
  header->set_value(std::string(value));
}

// The captures of one server whose file name contains `kind`.
std::vector<std::string> FilesLike(absl::string_view kind) {
  std::vector<std::string> files;
  for (const Capture& capture : Captures()) {
    if (absl::StrContains(capture.file, kind)) files.push_back(capture.file);
  }
  return files;
}

TEST(RealServersTest, ManifestListsEveryCaptureOfBothServers) {
  std::set<std::string> listed, servers;
  for (const Capture& capture : Captures()) {
    EXPECT_TRUE(listed.insert(capture.file).second) << capture.file;
    servers.insert(capture.server);
    EXPECT_TRUE(absl::StartsWith(capture.file, capture.server + "_"))
        << capture.file;
    EXPECT_THAT(capture.method,
                ::testing::AnyOf("GET", "HEAD", "POST", "OPTIONS"));
  }
  EXPECT_THAT(servers, ::testing::ElementsAre("apache", "nginx"));
  EXPECT_GE(listed.size(), 30);
  for (const auto& [file, rules] : KnownViolations()) {
    EXPECT_THAT(listed, Contains(file));
  }
}

TEST(RealServersTest, CapturesCoverTheRequestedStatuses) {
  std::map<std::string, std::set<int>> codes;
  for (const Capture& capture : Captures()) {
    const ResponseHead head = Parse(ReadFile(capture.file), capture.file);
    codes[capture.server].insert(head.status_code);
  }
  const std::set<int> both = {200, 204, 206, 301, 302, 304,
                              401, 403, 404, 405, 412, 416};
  EXPECT_THAT(codes["nginx"], IsSupersetOf(both));
  EXPECT_THAT(codes["apache"], IsSupersetOf(both));
}

TEST(RealServersTest, EveryStatusLineIsValid) {
  for (const Capture& capture : Captures()) {
    const ResponseHead head = Parse(ReadFile(capture.file), capture.file);
    EXPECT_THAT(head.head_findings, IsEmpty()) << capture.file;
    absl::StatusOr<v1::ValidateStatusLineResponse> line =
        ValidateStatusLine(BuiltinCatalog(), head.status_line);
    ASSERT_TRUE(line.ok()) << capture.file << ": " << line.status();
    EXPECT_TRUE(line->valid()) << capture.file;
    EXPECT_EQ(line->status_code(), head.status_code) << capture.file;
    EXPECT_EQ(line->http_version(), "HTTP/1.1") << capture.file;
    for (const v1::Finding& finding : line->findings()) {
      // Only advice: nginx's "Moved Temporarily" (302) and "Not Allowed"
      // (405), and both servers' "Requested Range Not Satisfiable" (416).
      EXPECT_EQ(finding.severity(), v1::SEVERITY_INFO)
          << capture.file << ": " << finding.rule_id();
    }
  }
}

TEST(RealServersTest, NoResponseHasAnErrorButTheKnownViolations) {
  for (const Capture& capture : Captures()) {
    const ResponseHead head = Parse(ReadFile(capture.file), capture.file);
    const v1::ValidateResponseResponse response =
        Validate(RequestFor(capture, head));
    const auto known = KnownViolations().find(capture.file);
    const std::vector<std::string> expected = known == KnownViolations().end()
                                                  ? std::vector<std::string>{}
                                                  : known->second;
    EXPECT_EQ(RuleIds(response, v1::SEVERITY_ERROR), expected)
        << capture.file << " (" << capture.server_version << ", "
        << capture.method << " " << capture.path << "):\n"
        << Describe(response);
    EXPECT_EQ(response.valid(), expected.empty()) << capture.file;
  }
}

TEST(RealServersTest, NoResponseHasAWarningButTheKnownOnes) {
  for (const Capture& capture : Captures()) {
    const ResponseHead head = Parse(ReadFile(capture.file), capture.file);
    const v1::ValidateResponseResponse response =
        Validate(RequestFor(capture, head));
    const auto known = KnownWarnings().find(capture.file);
    EXPECT_EQ(RuleIds(response, v1::SEVERITY_WARNING),
              known == KnownWarnings().end() ? std::vector<std::string>{}
                                             : known->second)
        << capture.file << ":\n"
        << Describe(response);
    // With the request's Range and conditionals passed on, not even advice
    // is left.
    EXPECT_THAT(RuleIds(response, v1::SEVERITY_INFO), IsEmpty())
        << capture.file << ":\n"
        << Describe(response);
  }
}

TEST(RealServersTest, RemovingTheChallengeFrom401IsAnError) {
  for (const std::string& file : FilesLike("_auth_401")) {
    const v1::ValidateResponseResponse response = ValidateEdited(
        file, [](auto& r) { RemoveHeader(r, "WWW-Authenticate"); });
    EXPECT_THAT(RuleIds(response, v1::SEVERITY_ERROR),
                Contains("401-www-authenticate"))
        << file;
  }
}

TEST(RealServersTest, RemovingContentRangeFrom206IsAnError) {
  for (const std::string& file : FilesLike("_range_206")) {
    const v1::ValidateResponseResponse response =
        ValidateEdited(file, [](auto& r) { RemoveHeader(r, "Content-Range"); });
    EXPECT_THAT(RuleIds(response, v1::SEVERITY_ERROR),
                Contains("206-content-range"))
        << file;
  }
}

// The request-and-response rules on real heads: each real answer is put
// against a request it does not fit.
v1::HttpHeader RequestField(const std::string& name, const std::string& value) {
  v1::HttpHeader header;
  header.set_name(name);
  header.set_value(value);
  return header;
}

TEST(RealServersTest, A304WhoseETagWasNotAskedForIsAnError) {
  for (const std::string& file : FilesLike("_if_none_match_304")) {
    const v1::ValidateResponseResponse response =
        ValidateEdited(file, [](auto& r) {
          r.mutable_request()->mutable_headers(0)->set_value("\"other\"");
        });
    EXPECT_THAT(RuleIds(response, v1::SEVERITY_ERROR),
                Contains("304-etag-mismatch"))
        << file;
    const v1::ValidateResponseResponse no_etag =
        ValidateEdited(file, [](auto& r) { RemoveHeader(r, "ETag"); });
    EXPECT_THAT(RuleIds(no_etag, v1::SEVERITY_WARNING), Contains("304-etag"))
        << file;
  }
}

TEST(RealServersTest, A200ToAFailedIfMatchIsAWarning) {
  // The case: GET with If-Match: "nope" answered 200 with its ETag.
  for (const std::string& file : FilesLike("_get_200")) {
    const v1::ValidateResponseResponse response =
        ValidateEdited(file, [](auto& r) {
          *r.mutable_request()->add_headers() =
              RequestField("If-Match", "\"nope\"");
        });
    EXPECT_THAT(RuleIds(response, v1::SEVERITY_WARNING),
                Contains("if-match-failed-2xx"))
        << file;
  }
}

TEST(RealServersTest, A206OutsideTheRequestedRangeIsAWarning) {
  for (const std::string& file : FilesLike("_range_206")) {
    const v1::ValidateResponseResponse response =
        ValidateEdited(file, [](auto& r) {
          r.mutable_request()->mutable_headers(0)->set_value("bytes=20-29");
        });
    EXPECT_THAT(RuleIds(response, v1::SEVERITY_WARNING),
                Contains("206-range-not-requested"))
        << file;
  }
}

TEST(RealServersTest, RemovingAllowFrom405IsAnError) {
  // Apache's is the only 405 with an Allow to remove (nginx sends none).
  const v1::ValidateResponseResponse response =
      ValidateEdited("apache_allow_methods_405.http",
                     [](auto& r) { RemoveHeader(r, "Allow"); });
  EXPECT_THAT(RuleIds(response, v1::SEVERITY_ERROR), Contains("405-allow"));
}

TEST(RealServersTest, RemovingLocationFromRedirectIsAWarning) {
  // RFC 9110, Sections 15.4.2 and 15.4.3: the server SHOULD generate
  // Location in a 301 or 302, so its absence is a WARNING, not an ERROR.
  for (const std::string& file : FilesLike("_dir_301")) {
    const v1::ValidateResponseResponse response =
        ValidateEdited(file, [](auto& r) { RemoveHeader(r, "Location"); });
    EXPECT_THAT(RuleIds(response, v1::SEVERITY_WARNING),
                Contains("301-location"))
        << file;
    EXPECT_TRUE(response.valid()) << file;
  }
  for (const std::string& file : FilesLike("_return_302")) {
    const v1::ValidateResponseResponse response =
        ValidateEdited(file, [](auto& r) { RemoveHeader(r, "Location"); });
    EXPECT_THAT(RuleIds(response, v1::SEVERITY_WARNING),
                Contains("302-location"))
        << file;
    EXPECT_TRUE(response.valid()) << file;
  }
}

TEST(RealServersTest, ContentWhereNoneIsAllowedIsAnError) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"_empty_204", "204-no-content"},
      {"_if_none_match_304", "304-no-content"},
      {"_if_modified_since_304", "304-no-content"},
      {"_head_200", "head-no-content"},
  };
  for (const auto& [kind, rule] : cases) {
    const std::vector<std::string> files = FilesLike(kind);
    EXPECT_EQ(files.size(), 2) << kind;
    for (const std::string& file : files) {
      const v1::ValidateResponseResponse response =
          ValidateEdited(file, [](auto& r) { r.set_has_content(true); });
      EXPECT_THAT(RuleIds(response, v1::SEVERITY_ERROR), Contains(rule))
          << file;
    }
  }
}

TEST(RealServersTest, ContentLengthWithTransferEncodingIsAnError) {
  for (const Capture& capture : Captures()) {
    const v1::ValidateResponseResponse response =
        ValidateEdited(capture.file, [](v1::ValidateResponseRequest& r) {
          bool has_length = false, has_coding = false;
          for (const v1::HttpHeader& header : r.headers()) {
            has_length = has_length || absl::EqualsIgnoreCase(header.name(),
                                                              "Content-Length");
            has_coding = has_coding || absl::EqualsIgnoreCase(
                                           header.name(), "Transfer-Encoding");
          }
          if (!has_length) AddHeader(r, "Content-Length", "75");
          if (!has_coding) AddHeader(r, "Transfer-Encoding", "chunked");
        });
    EXPECT_THAT(RuleIds(response, v1::SEVERITY_ERROR),
                Contains("content-length-with-transfer-encoding"))
        << capture.file;
  }
}

TEST(RealServersTest, CrInAHeaderValueIsAnError) {
  // Through the parser, from the bytes: a CR that does not end a line stays
  // in the value.
  for (const Capture& capture : Captures()) {
    std::string bytes = ReadFile(capture.file);
    const size_t server = bytes.find("\r\nServer: ");
    ASSERT_NE(server, std::string::npos) << capture.file;
    bytes.insert(server + 12, "\r");
    const ResponseHead head = Parse(bytes, capture.file);
    const v1::ValidateResponseResponse response =
        Validate(RequestFor(capture, head));
    EXPECT_THAT(RuleIds(response, v1::SEVERITY_ERROR),
                Contains("field-value-forbidden-char"))
        << capture.file;
  }
}

}  // namespace
}  // namespace statusinfo::core
