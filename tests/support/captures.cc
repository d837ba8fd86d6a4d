#include "tests/support/captures.h"

#include <cstdint>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/support/files.h"

namespace statusinfo::testing {
namespace {

// "Name: value" as a header field.
v1::HttpHeader HeaderFromLine(absl::string_view line) {
  const size_t colon = line.find(':');
  v1::HttpHeader header;
  header.set_name(std::string(line.substr(0, colon)));
  if (colon != absl::string_view::npos) {
    header.set_value(
        std::string(absl::StripAsciiWhitespace(line.substr(colon + 1))));
  }
  return header;
}

// "Range: bytes=0-9 | If-Match: x" (or "-" for none) as header fields.
std::vector<v1::HttpHeader> ParseRequestHeaders(absl::string_view text) {
  std::vector<v1::HttpHeader> headers;
  if (text == "-") return headers;
  for (absl::string_view field : absl::StrSplit(text, " | ")) {
    headers.push_back(HeaderFromLine(field));
  }
  return headers;
}

const v1::HttpHeader* FindHeader(const cli::ResponseHead& head,
                                 absl::string_view name) {
  for (const v1::HttpHeader& header : head.headers) {
    if (absl::EqualsIgnoreCase(header.name(), name)) return &header;
  }
  return nullptr;
}

}  // namespace

std::vector<Capture> LoadManifest(const std::string& dir) {
  std::vector<Capture> captures;
  const std::string text = ReadFile(absl::StrCat(dir, "/MANIFEST.tsv"));
  EXPECT_FALSE(text.empty()) << dir;
  bool header_row = true;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    if (header_row) {
      header_row = false;
      continue;
    }
    const std::vector<std::string> columns = absl::StrSplit(line, '\t');
    EXPECT_TRUE(columns.size() == 7 || columns.size() == 8) << line;
    if (columns.size() != 7 && columns.size() != 8) continue;
    Capture& capture = captures.emplace_back(
        Capture{columns[0], columns[1], columns[2], columns[3], columns[4],
                ParseRequestHeaders(columns[5])});
    if (columns.size() == 8) {
      EXPECT_TRUE(absl::SimpleAtoi(columns[7], &capture.content_bytes)) << line;
    }
  }
  return captures;
}

cli::ResponseHead ParseCapturedHead(const std::string& dir,
                                    const std::string& file) {
  absl::StatusOr<cli::ResponseHead> head =
      cli::ParseResponseHead(ReadFile(absl::StrCat(dir, "/", file)));
  EXPECT_TRUE(head.ok()) << file << ": " << head.status();
  return head.ok() ? *std::move(head) : cli::ResponseHead{};
}

bool HasContent(const cli::ResponseHead& head, absl::string_view method) {
  const int code = head.status_code;
  if (method == "HEAD" || code < 200 || code == 204 || code == 304) {
    return false;
  }
  if (FindHeader(head, "Transfer-Encoding") != nullptr) return true;
  const v1::HttpHeader* length = FindHeader(head, "Content-Length");
  int64_t bytes = 0;
  return length != nullptr && absl::SimpleAtoi(length->value(), &bytes) &&
         bytes > 0;
}

v1::ValidateResponseRequest RequestFor(const Capture& capture,
                                       const cli::ResponseHead& head) {
  const bool has_content = capture.content_bytes >= 0
                               ? capture.content_bytes > 0
                               : HasContent(head, capture.method);
  v1::ValidateResponseRequest request =
      cli::ToValidateResponseRequest(head, capture.method, has_content);
  for (const v1::HttpHeader& header : capture.request_headers) {
    *request.mutable_request()->add_headers() = header;
  }
  return request;
}

void SetRequestHead(absl::string_view request_head,
                    v1::ValidateResponseRequest& request) {
  v1::HttpRequest& http = *request.mutable_request();
  http.clear_headers();
  bool request_line = true;
  for (absl::string_view line :
       absl::StrSplit(request_head, '\n', absl::SkipEmpty())) {
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty()) continue;
    if (!request_line) {
      *http.add_headers() = HeaderFromLine(line);
      continue;
    }
    request_line = false;
    const std::vector<std::string> parts = absl::StrSplit(line, ' ');
    EXPECT_EQ(parts.size(), 3) << line;
    if (parts.size() != 3) continue;
    http.set_method(parts[0]);
    http.set_target(parts[1]);
    http.set_http_version(parts[2]);
  }
}

std::vector<std::string> RuleIds(const v1::ValidateResponseResponse& response,
                                 v1::Severity severity) {
  std::vector<std::string> ids;
  for (const v1::Finding& finding : response.findings()) {
    if (finding.severity() == severity) ids.push_back(finding.rule_id());
  }
  return ids;
}

std::string Describe(const v1::ValidateResponseResponse& response) {
  std::vector<std::string> lines;
  for (const v1::Finding& finding : response.findings()) {
    lines.push_back(absl::StrCat(v1::Severity_Name(finding.severity()), " ",
                                 finding.rule_id(), ": ", finding.message()));
  }
  return absl::StrJoin(lines, "\n");
}

}  // namespace statusinfo::testing
