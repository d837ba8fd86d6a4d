#include "client/cli/response_head.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "service/core/http_grammar.h"
#include "service/core/utf8.h"

namespace statusinfo::cli {
namespace {

namespace v1 = ::statusinfo::v1;

using core::IsOws;
using core::TrimOws;

// One line of the input: its content without the terminator, and the
// terminator as received.
struct Line {
  absl::string_view content;
  absl::string_view terminator;
};

// Splits off the first line of `rest`. Lines end at LF; only a CR right
// before the LF belongs to the terminator, so a bare CR stays in the
// content, where the rules find it.
Line NextLine(absl::string_view& rest) {
  const std::size_t lf = rest.find('\n');
  Line line;
  if (lf == absl::string_view::npos) {
    line.content = rest;
    rest = {};
    return line;
  }
  const bool crlf = lf > 0 && rest[lf - 1] == '\r';
  line.content = rest.substr(0, crlf ? lf - 1 : lf);
  line.terminator = rest.substr(crlf ? lf - 1 : lf, crlf ? 2 : 1);
  rest.remove_prefix(lf + 1);
  return line;
}

std::string Shown(absl::string_view text) {
  constexpr std::size_t kMaxShown = 64;
  return absl::StrCat("\"", absl::CEscape(text.substr(0, kMaxShown)),
                      text.size() > kMaxShown ? "...\"" : "\"");
}

// Both framing rules are a sender's MUST NOT, hence ERROR, as for the
// server's rules.
constexpr HeadRule kObsFold = {kHeadObsFoldRule, v1::SEVERITY_ERROR,
                               "RFC 9112, Section 5.2"};
constexpr HeadRule kWhitespaceAfterStatusLine = {
    kHeadWhitespaceAfterStatusLineRule, v1::SEVERITY_ERROR,
    "RFC 9112, Section 2.2"};
constexpr HeadRule kHeadRules[] = {kObsFold, kWhitespaceAfterStatusLine};

v1::Finding HeadFinding(const HeadRule& rule, std::string message) {
  v1::Finding finding;
  finding.set_rule_id(std::string(rule.id));
  finding.set_severity(rule.severity);
  finding.set_message(std::move(message));
  finding.set_reference(std::string(rule.reference));
  return finding;
}

// Fills the version and code from the status line, leniently: the server's
// ValidateStatusLine judges the exact grammar.
void ParseStatusLine(absl::string_view line, ResponseHead& head) {
  line = TrimOws(line);
  const std::size_t end_of_version = line.find_first_of(" \t");
  // As UTF-8, like every string of the request: the version goes into
  // ValidateResponseRequest.http_version, a proto3 string.
  head.http_version = core::ToValidUtf8(line.substr(0, end_of_version));
  if (end_of_version == absl::string_view::npos) return;
  absl::string_view rest = TrimOws(line.substr(end_of_version));
  const absl::string_view code = rest.substr(0, rest.find_first_of(" \t"));
  int number = 0;
  if (code.size() == 3 && absl::ascii_isdigit(code[0]) &&
      absl::SimpleAtoi(code, &number)) {
    head.status_code = number;
  }
}

// Adds a header field line (or an obs-fold continuation) to `head`.
absl::Status AddFieldLine(absl::string_view content, int line_number,
                          ResponseHead& head) {
  if (IsOws(content.front())) {
    if (head.headers.empty()) {
      // RFC 9112, Section 2.2: a recipient ignores such a line.
      head.head_findings.push_back(HeadFinding(
          kWhitespaceAfterStatusLine,
          absl::StrCat("Line ", line_number,
                       " starts with whitespace right after the status line; "
                       "a sender must not send whitespace between the "
                       "start-line and the first header field (the line is "
                       "ignored)")));
      return absl::OkStatus();
    }
    // RFC 9112, Section 5.2: a user agent replaces each obs-fold with SP.
    v1::HttpHeader& last = head.headers.back();
    const std::string folded = core::ToValidUtf8(TrimOws(content));
    if (last.value().empty()) {
      last.set_value(folded);
    } else if (!folded.empty()) {
      last.set_value(absl::StrCat(last.value(), " ", folded));
    }
    head.head_findings.push_back(HeadFinding(
        kObsFold,
        absl::StrCat("Line ", line_number, " continues the value of ",
                     Shown(last.name()),
                     " by line folding (obs-fold); a sender must not fold "
                     "field lines (the fold is read as one SP)")));
    return absl::OkStatus();
  }
  const std::size_t colon = content.find(':');
  if (colon == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("line ", line_number, " is not a header field line (it ",
                     "has no colon): ", Shown(content)));
  }
  v1::HttpHeader& header = head.headers.emplace_back();
  // The name as sent: whitespace before the colon makes it an invalid
  // token, which field-name-token reports.
  header.set_name(core::ToValidUtf8(content.substr(0, colon)));
  header.set_value(core::ToValidUtf8(TrimOws(content.substr(colon + 1))));
  return absl::OkStatus();
}

}  // namespace

absl::Span<const HeadRule> HeadRules() { return kHeadRules; }

absl::StatusOr<std::string> ReadResponseHead(std::istream& in,
                                             std::size_t max_bytes) {
  return ReadResponseHeadFrom("", in, max_bytes);
}

absl::StatusOr<std::string> ReadResponseHeadFrom(absl::string_view start,
                                                 std::istream& in,
                                                 std::size_t max_bytes) {
  std::string head;
  bool line_has_content = false;  // the current line has more than a CR
  bool seen_content = false;      // some line before had content
  std::size_t taken = 0;          // bytes of `start` used
  const auto next = [&]() -> int {
    if (taken < start.size()) return static_cast<unsigned char>(start[taken++]);
    return in.get();
  };
  for (int c = next(); c != std::char_traits<char>::eof(); c = next()) {
    if (head.size() == max_bytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("the response head does not end within ",
                       max_bytes / 1024, " KiB (no empty line)"));
    }
    head.push_back(static_cast<char>(c));
    if (c == '\n') {
      if (!line_has_content && seen_content) return head;
      seen_content = seen_content || line_has_content;
      line_has_content = false;
    } else if (c != '\r') {
      line_has_content = true;
    }
  }
  if (!seen_content && !line_has_content) {
    return absl::InvalidArgumentError("there is no response head on the input");
  }
  return head;
}

absl::StatusOr<ResponseHead> ParseResponseHead(absl::string_view text) {
  absl::string_view rest = text;
  int line_number = 0;
  Line line;
  // A blank line before the head (say, from `echo; curl -sI ...`) is noise.
  do {
    if (rest.empty()) {
      return absl::InvalidArgumentError("there is no status line");
    }
    line = NextLine(rest);
    ++line_number;
  } while (line.content.empty());
  if (!absl::StartsWithIgnoreCase(line.content, "HTTP/")) {
    return absl::InvalidArgumentError(
        absl::StrCat("line ", line_number, " is not a status line (it does ",
                     "not start with \"HTTP/\"): ", Shown(line.content)));
  }
  ResponseHead head;
  head.status_line =
      core::ToValidUtf8(absl::StrCat(line.content, line.terminator));
  ParseStatusLine(line.content, head);
  while (!rest.empty()) {
    line = NextLine(rest);
    ++line_number;
    if (line.content.empty()) break;
    if (absl::Status status = AddFieldLine(line.content, line_number, head);
        !status.ok()) {
      return status;
    }
  }
  return head;
}

bool HasNoStatusLine(absl::string_view http_version) {
  return http_version == "HTTP/2" || http_version == "HTTP/2.0" ||
         http_version == "HTTP/3" || http_version == "HTTP/3.0";
}

v1::ValidateResponseRequest ToValidateResponseRequest(const ResponseHead& head,
                                                      absl::string_view method,
                                                      bool has_content) {
  v1::ValidateResponseRequest request;
  // The request is described only when something is known about it.
  if (!method.empty()) {
    request.mutable_request()->set_method(std::string(method));
  }
  request.set_status_code(head.status_code);
  request.set_http_version(head.http_version);
  request.set_has_content(has_content);
  for (const v1::HttpHeader& header : head.headers) {
    *request.add_headers() = header;
  }
  return request;
}

}  // namespace statusinfo::cli
