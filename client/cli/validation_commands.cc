// The subcommands that check conformance: validate-line, and check, which
// reads a raw response head and asks ValidateStatusLine and ValidateResponse
// about it.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/cli/check_report.h"
#include "client/cli/commands.h"
#include "client/cli/format.h"
#include "client/cli/har_check.h"
#include "client/cli/response_head.h"
#include "client/cli/response_heads.h"
#include "client/cli/subcommands.h"
#include "service/core/http_grammar.h"
#include "service/core/limits.h"
#include "service/core/utf8.h"

namespace statusinfo::cli {
namespace {

using core::IsOws;
using core::IsToken;
using core::TrimOws;

// The rule the server reports a request field over a size limit with
// (service/core/response_rules.cc), reused for fields over the count limit.
constexpr absl::string_view kRequestFieldOverLimitRule =
    "request-field-over-limit";
// The status line's advice on the reason phrase (service/core/status_line.cc).
constexpr absl::string_view kPhraseDiffersRule = "status-line-phrase-differs";
constexpr absl::string_view kPhraseFormerRule = "status-line-phrase-former";

// CR, LF, NUL and the other controls but HTAB (RFC 9110, Section 5.5).
bool HasControl(absl::string_view value) {
  return core::CheckFieldValue(value).problem != core::FieldValueProblem::kNone;
}

absl::Status RequestHeaderError(absl::string_view arg,
                                absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("--request_header: \"", absl::CEscape(arg), "\" ", problem,
                   "; expected \"Name: value\", e.g. \"Range: bytes=0-99\""));
}

// The request facts the flags give: each --request_header, parsed. A field
// over the API's limits (service/core/limits.h: its name or value too long,
// or past the most fields a request may list) is left out and reported as
// a finding about the input, as the server reports a field over a size
// limit: the response is still worth checking without it.
struct RequestFacts {
  std::vector<v1::HttpHeader> headers;
  std::vector<v1::Finding> input_findings;
};

void AddOverLimitFinding(std::string message, RequestFacts& facts) {
  v1::Finding& finding = facts.input_findings.emplace_back();
  finding.set_rule_id(std::string(kRequestFieldOverLimitRule));
  finding.set_severity(v1::SEVERITY_INFO);
  finding.set_message(std::move(message));
  finding.set_reference("RFC 9110, Section 5.4");
}

// The finding for a field whose name or value is over its size limit;
// nullopt when it is within both.
std::optional<std::string> SizeOverLimit(const v1::HttpHeader& header) {
  const bool long_name = header.name().size() > core::kMaxHeaderNameBytes;
  if (!long_name && header.value().size() <= core::kMaxHeaderValueBytes) {
    return std::nullopt;
  }
  return absl::StrCat(
      "--request_header \"", absl::CEscape(header.name().substr(0, 64)),
      long_name ? "...\" has a name of " : "\" has a value of ",
      long_name ? header.name().size() : header.value().size(),
      " bytes; the limit is ",
      long_name ? core::kMaxHeaderNameBytes : core::kMaxHeaderValueBytes,
      " bytes, so it was left out and no rule read it");
}

absl::StatusOr<RequestFacts> ParseRequestFacts(const CliOptions& options) {
  if (absl::Status status = CheckRequestMethod(options.method); !status.ok()) {
    return status;
  }
  if (absl::Status status = CheckRequestVersion(options.request_version);
      !status.ok()) {
    return status;
  }
  RequestFacts facts;
  int past_count_limit = 0;
  for (const std::string& arg : options.request_headers) {
    absl::StatusOr<v1::HttpHeader> header = ParseRequestHeader(arg);
    if (!header.ok()) return header.status();
    if (std::optional<std::string> over = SizeOverLimit(*header)) {
      AddOverLimitFinding(*std::move(over), facts);
    } else if (facts.headers.size() == core::kMaxHeaders) {
      ++past_count_limit;
    } else {
      facts.headers.push_back(*std::move(header));
    }
  }
  if (past_count_limit > 0) {
    AddOverLimitFinding(
        absl::StrCat("--request_header gave more than ", core::kMaxHeaders,
                     " fields, the most a request may list; the last ",
                     past_count_limit, " were left out and no rule read them"),
        facts);
  }
  return facts;
}

// Input that is not a response head: exit 2, like a usage error, since the
// server was never asked.
int InputError(std::ostream& err, absl::string_view message) {
  err << "statusinfo: check: " << message << "\n";
  return kExitUsage;
}

// A failed call: the server refused the input (over its limits: exit 2) or
// could not be reached or failed (exit 3); it never judged the head.
int CheckFailed(const CommandContext& context, const absl::Status& status) {
  Fail(context, status);
  return status.code() == absl::StatusCode::kInvalidArgument ? kExitUsage
                                                             : kExitUnavailable;
}

// Reads and parses the heads from the file argument, or standard input when
// there is none or it is "-".
absl::StatusOr<std::vector<InputHead>> ReadHeads(
    const CommandContext& context) {
  if (context.args.empty() || context.args[0] == "-") {
    return ReadResponseHeads(context.in);
  }
  std::ifstream file(context.args[0], std::ios::binary);
  if (!file) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot open ", context.args[0], ": ", std::strerror(errno)));
  }
  return ReadResponseHeads(file);
}

// Leaves out the findings that only advise on the reason phrase, which
// clients ignore (RFC 9112, Section 4).
void DropReasonPhraseAdvice(v1::ValidateStatusLineResponse& line) {
  auto* findings = line.mutable_findings();
  findings->erase(
      std::remove_if(findings->begin(), findings->end(),
                     [](const v1::Finding& finding) {
                       return finding.rule_id() == kPhraseDiffersRule ||
                              finding.rule_id() == kPhraseFormerRule;
                     }),
      findings->end());
}

// Calls ValidateStatusLine (unless the version has no status line), then
// ValidateResponse with the code the server parsed from the line and the
// request facts from the flags.
absl::Status Validate(const CommandContext& context, const RequestFacts& facts,
                      bool has_content, CheckReport& report) {
  int code = report.head.status_code;
  if (!HasNoStatusLine(report.head.http_version)) {
    absl::StatusOr<v1::ValidateStatusLineResponse> line =
        context.client.ValidateStatusLine(report.head.status_line);
    if (!line.ok()) return line.status();
    if (line->status_code() != 0) code = line->status_code();
    if (!context.options.reason_phrase_advice) DropReasonPhraseAdvice(*line);
    report.status_line = *std::move(line);
  }
  report.request = ToValidateResponseRequest(
      report.head, context.options.method, has_content);
  report.request.set_status_code(code);
  if (!context.options.request_version.empty()) {
    report.request.mutable_request()->set_http_version(
        context.options.request_version);
  }
  for (const v1::HttpHeader& header : facts.headers) {
    *report.request.mutable_request()->add_headers() = header;
  }
  report.input_findings = facts.input_findings;
  // Without a code there is no rule to apply; the status line's findings
  // say what is wrong with it.
  if (code == 0) return absl::OkStatus();
  absl::StatusOr<v1::ValidateResponseResponse> response =
      context.client.ValidateResponse(report.request);
  if (!response.ok()) return response.status();
  report.response = *std::move(response);
  return absl::OkStatus();
}

// Checks every head: --has_content, when given, is about the last one;
// the others have content as their framing says.
absl::StatusOr<std::vector<CheckReport>> CheckHeads(
    const CommandContext& context, const RequestFacts& facts,
    std::vector<InputHead> heads) {
  std::vector<CheckReport> reports(heads.size());
  for (std::size_t i = 0; i < heads.size(); ++i) {
    const bool last = i + 1 == heads.size();
    const bool has_content =
        last && context.options.has_content
            ? *context.options.has_content
            : InferHasContent(heads[i].head, context.options.method,
                              heads[i].bytes_follow);
    reports[i].head = std::move(heads[i].head);
    if (absl::Status status = Validate(context, facts, has_content, reports[i]);
        !status.ok()) {
      return status;
    }
  }
  return reports;
}

}  // namespace

// The line is every argument joined by one space, so that an unquoted line
// works; quote it to keep its exact spacing.
int RunValidateLine(const CommandContext& context) {
  const std::string line = absl::StrJoin(context.args, " ");
  absl::StatusOr<v1::ValidateStatusLineResponse> result =
      context.client.ValidateStatusLine(line);
  if (!result.ok()) return Fail(context, result.status());
  if (context.options.json) {
    const int printed = PrintJsonOrFail(context, *result);
    if (printed != kExitOk) return printed;
  } else {
    context.out << "Status line: \"" << absl::CEscape(line) << "\"\n";
    PrintStatusLineValidation(*result, context.out);
  }
  return result->valid() ? kExitOk : kExitFailure;
}

// Exits 1 when anything has ERROR severity, so that a script or CI job can
// gate on a server's responses; 2 for bad flags or input, 3 when the server
// could not answer. The flags are checked before the input is read, so that
// a typo does not consume the head.
int RunCheck(const CommandContext& context) {
  if (!context.options.har.empty()) {
    // The HAR gives each entry's request: the head's flags do not apply.
    if (!context.args.empty() || context.options.has_content.has_value() ||
        !context.options.request_headers.empty() ||
        !context.options.request_version.empty()) {
      return UsageError(context.err,
                        "check --har takes no FILE argument, --has_content, "
                        "--request_version or --request_header: the HAR "
                        "gives every request");
    }
    return RunHarCheck(context);
  }
  absl::StatusOr<RequestFacts> facts = ParseRequestFacts(context.options);
  if (!facts.ok()) return UsageError(context.err, facts.status().message());
  absl::StatusOr<std::vector<InputHead>> heads = ReadHeads(context);
  if (!heads.ok()) return InputError(context.err, heads.status().message());
  for (std::size_t i = 0; i < heads->size(); ++i) {
    const ResponseHead& head = (*heads)[i].head;
    if (head.status_code == 0 && HasNoStatusLine(head.http_version)) {
      return InputError(
          context.err,
          absl::StrCat(
              heads->size() > 1 ? absl::StrCat("head ", i + 1, ": ") : "",
              "the status line has no status code"));
    }
  }
  absl::StatusOr<std::vector<CheckReport>> reports =
      CheckHeads(context, *facts, *std::move(heads));
  if (!reports.ok()) return CheckFailed(context, reports.status());
  if (context.options.json) {
    if (absl::Status status = PrintChecksJson(*reports, context.out);
        !status.ok()) {
      return CheckFailed(context, status);
    }
  } else {
    PrintChecksText(*reports, context.out);
  }
  for (const CheckReport& report : *reports) {
    if (Count(report).errors > 0 || !report.response) return kExitFailure;
  }
  return kExitOk;
}

absl::Status CheckRequestMethod(absl::string_view method) {
  if (method.empty() || IsToken(method)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("--method: \"", absl::CEscape(method),
                   "\" is not a request method (a token such as GET or HEAD, "
                   "RFC 9110, Section 9.1; empty for unknown)"));
}

absl::Status CheckRequestVersion(absl::string_view version) {
  if (version.empty() || version == "HTTP/1.0" || version == "HTTP/1.1" ||
      version == "HTTP/2" || version == "HTTP/3") {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      absl::StrCat("--request_version: \"", absl::CEscape(version),
                   "\" is not an HTTP version; use HTTP/1.0, HTTP/1.1, HTTP/2 "
                   "or HTTP/3 (case-sensitive, RFC 9112, Section 2.3), or "
                   "nothing when unknown"));
}

absl::StatusOr<v1::HttpHeader> ParseRequestHeader(absl::string_view arg) {
  const std::size_t colon = arg.find(':');
  if (colon == absl::string_view::npos) {
    return RequestHeaderError(arg, "has no colon");
  }
  const absl::string_view name = arg.substr(0, colon);
  if (name.empty()) return RequestHeaderError(arg, "has no field name");
  if (IsOws(name.back())) {
    return RequestHeaderError(
        arg, "has whitespace before the colon (RFC 9112, Section 5.1)");
  }
  if (!IsToken(name)) {
    return RequestHeaderError(
        arg, "has a field name that is not a token (RFC 9110, Section 5.1)");
  }
  const absl::string_view value = TrimOws(arg.substr(colon + 1));
  if (HasControl(value)) {
    return RequestHeaderError(
        arg, "has a control character in its value (RFC 9110, Section 5.5)");
  }
  v1::HttpHeader header;
  header.set_name(std::string(name));
  header.set_value(core::ToValidUtf8(value));
  return header;
}

}  // namespace statusinfo::cli
