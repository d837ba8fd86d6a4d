// The subcommands that check conformance: validate-line, and check, which
// reads a raw response head and asks ValidateStatusLine and ValidateResponse
// about it.
#include <cerrno>
#include <cstring>
#include <fstream>
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
#include "client/cli/subcommands.h"
#include "service/core/http_grammar.h"
#include "service/core/utf8.h"

namespace statusinfo::cli {
namespace {

using core::IsOws;
using core::IsToken;
using core::TrimOws;

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

// The request facts the flags give: each --request_header, parsed.
absl::StatusOr<std::vector<v1::HttpHeader>> ParseRequestFacts(
    const CliOptions& options) {
  if (absl::Status status = CheckRequestMethod(options.method); !status.ok()) {
    return status;
  }
  std::vector<v1::HttpHeader> headers;
  for (const std::string& arg : options.request_headers) {
    absl::StatusOr<v1::HttpHeader> header = ParseRequestHeader(arg);
    if (!header.ok()) return header.status();
    headers.push_back(*std::move(header));
  }
  return headers;
}

// Input that is not a response head: exit 2, like a usage error, since the
// server was never asked.
int InputError(std::ostream& err, absl::string_view message) {
  err << "statusinfo: check: " << message << "\n";
  return kExitUsage;
}

// Reads and parses the head from the file argument, or standard input when
// there is none or it is "-".
absl::StatusOr<ResponseHead> ReadHead(const CommandContext& context) {
  absl::StatusOr<std::string> raw;
  if (context.args.empty() || context.args[0] == "-") {
    raw = ReadResponseHead(context.in);
  } else {
    std::ifstream file(context.args[0], std::ios::binary);
    if (!file) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cannot open ", context.args[0], ": ", std::strerror(errno)));
    }
    raw = ReadResponseHead(file);
  }
  if (!raw.ok()) return raw.status();
  return ParseResponseHead(*raw);
}

// Calls ValidateStatusLine (unless the version has no status line), then
// ValidateResponse with the code the server parsed from the line and the
// request facts from the flags.
absl::Status Validate(const CommandContext& context,
                      std::vector<v1::HttpHeader> request_headers,
                      CheckReport& report) {
  int code = report.head.status_code;
  if (!HasNoStatusLine(report.head.http_version)) {
    absl::StatusOr<v1::ValidateStatusLineResponse> line =
        context.client.ValidateStatusLine(report.head.status_line);
    if (!line.ok()) return line.status();
    if (line->status_code() != 0) code = line->status_code();
    report.status_line = *std::move(line);
  }
  report.request = ToValidateResponseRequest(
      report.head, context.options.method, context.options.has_content);
  report.request.set_status_code(code);
  for (v1::HttpHeader& header : request_headers) {
    *report.request.mutable_request()->add_headers() = std::move(header);
  }
  // Without a code there is no rule to apply; the status line's findings
  // say what is wrong with it.
  if (code == 0) return absl::OkStatus();
  absl::StatusOr<v1::ValidateResponseResponse> response =
      context.client.ValidateResponse(report.request);
  if (!response.ok()) return response.status();
  report.response = *std::move(response);
  return absl::OkStatus();
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
// gate on a server's responses. The flags are checked before the input is
// read, so that a typo does not consume the head.
int RunCheck(const CommandContext& context) {
  if (!context.options.har.empty()) {
    // The HAR gives each entry's request: the head's flags do not apply.
    if (!context.args.empty() || context.options.has_content ||
        !context.options.request_headers.empty()) {
      return UsageError(context.err,
                        "check --har takes no FILE argument, --has_content "
                        "or --request_header: the HAR gives every request");
    }
    return RunHarCheck(context);
  }
  absl::StatusOr<std::vector<v1::HttpHeader>> request_headers =
      ParseRequestFacts(context.options);
  if (!request_headers.ok()) {
    return UsageError(context.err, request_headers.status().message());
  }
  CheckReport report;
  absl::StatusOr<ResponseHead> head = ReadHead(context);
  if (!head.ok()) return InputError(context.err, head.status().message());
  report.head = *std::move(head);
  if (report.head.status_code == 0 &&
      HasNoStatusLine(report.head.http_version)) {
    return InputError(context.err, "the status line has no status code");
  }
  if (absl::Status status =
          Validate(context, *std::move(request_headers), report);
      !status.ok()) {
    return Fail(context, status);
  }
  if (context.options.json) {
    if (absl::Status status = PrintCheckJson(report, context.out);
        !status.ok()) {
      return Fail(context, status);
    }
  } else {
    PrintCheckText(report, context.out);
  }
  return Count(report).errors > 0 || !report.response ? kExitFailure : kExitOk;
}

absl::Status CheckRequestMethod(absl::string_view method) {
  if (method.empty() || IsToken(method)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("--method: \"", absl::CEscape(method),
                   "\" is not a request method (a token such as GET or HEAD, "
                   "RFC 9110, Section 9.1; empty for unknown)"));
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
