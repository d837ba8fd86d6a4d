#include "client/cli/commands.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "client/cli/format.h"
#include "client/cli/response_head.h"
#include "google/rpc/code.pb.h"

namespace statusinfo::cli {
namespace {

using client::DescribeError;

// A failed call: one line with everything the server said; exit code 1.
int Fail(const CommandContext& context, const absl::Status& status) {
  context.err << "statusinfo: " << DescribeError(status) << "\n";
  return kExitFailure;
}

int UsageError(std::ostream& err, absl::string_view message) {
  err << "statusinfo: " << message << " (see statusinfo --help)\n";
  return kExitUsage;
}

std::string CommandNames() {
  std::vector<std::string> names;
  for (const Command& command : Commands()) names.push_back(command.name);
  return absl::StrJoin(names, ", ");
}

// Prints `message` as JSON; a failure to render is not the server's fault,
// but it still means no answer, so it exits 1.
int PrintJsonOrFail(const CommandContext& context,
                    const google::protobuf::Message& message) {
  absl::Status status = PrintJson(message, context.out);
  return status.ok() ? kExitOk : Fail(context, status);
}

int RunGet(const CommandContext& context) {
  std::vector<int> codes;
  for (const std::string& arg : context.args) {
    absl::StatusOr<int> code = ParseCode(arg);
    if (!code.ok()) return UsageError(context.err, code.status().message());
    codes.push_back(*code);
  }
  if (codes.size() == 1) {
    absl::StatusOr<v1::StatusCode> entry =
        context.client.GetStatusCode(codes[0]);
    if (!entry.ok()) return Fail(context, entry.status());
    if (context.options.json) return PrintJsonOrFail(context, *entry);
    PrintStatusCode(*entry, context.out);
    return kExitOk;
  }
  // One call for all codes: all or nothing, like the RPC.
  absl::StatusOr<v1::BatchGetStatusCodesResponse> batch =
      context.client.BatchGetStatusCodes(codes);
  if (!batch.ok()) return Fail(context, batch.status());
  if (context.options.json) return PrintJsonOrFail(context, *batch);
  for (int i = 0; i < batch->status_codes_size(); ++i) {
    if (i > 0) context.out << "\n";
    PrintStatusCode(batch->status_codes(i), context.out);
  }
  return kExitOk;
}

int RunList(const CommandContext& context) {
  absl::StatusOr<v1::StatusClass> status_class =
      ParseStatusClass(context.options.status_class);
  if (!status_class.ok()) {
    return UsageError(context.err, status_class.status().message());
  }
  v1::ListStatusCodesRequest filters;
  filters.set_status_class(*status_class);
  filters.set_include_unofficial(context.options.unofficial);
  filters.set_page_size(1000);  // the server's maximum: fewest round trips
  absl::StatusOr<v1::ListStatusCodesResponse> all =
      context.client.ListAllStatusCodes(filters);
  if (!all.ok()) return Fail(context, all.status());
  if (context.options.json) return PrintJsonOrFail(context, *all);
  PrintStatusCodeTable(all->status_codes(), context.out);
  return kExitOk;
}

// Exits 1 for a number that is not a valid status code, so that scripts can
// test the verdict; an unassigned but valid code (299) is valid.
int RunValidate(const CommandContext& context) {
  absl::StatusOr<int> code = ParseCode(context.args[0]);
  if (!code.ok()) return UsageError(context.err, code.status().message());
  absl::StatusOr<v1::ValidateStatusCodeResponse> validation =
      context.client.ValidateStatusCode(*code);
  if (!validation.ok()) return Fail(context, validation.status());
  if (context.options.json) {
    const int printed = PrintJsonOrFail(context, *validation);
    if (printed != kExitOk) return printed;
  } else {
    PrintValidation(*validation, context.out);
  }
  return validation->valid() ? kExitOk : kExitFailure;
}

// Exits 1 unless SERVING, so that it works as a readiness probe.
int RunHealth(const CommandContext& context) {
  const std::string service = context.args.empty() ? "" : context.args[0];
  absl::StatusOr<client::ServingStatus> status = context.client.Check(service);
  if (!status.ok()) return Fail(context, status.status());
  grpc::health::v1::HealthCheckResponse response;
  response.set_status(*status);
  if (context.options.json) {
    const int printed = PrintJsonOrFail(context, response);
    if (printed != kExitOk) return printed;
  } else {
    context.out << grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
                       *status)
                << "\n";
  }
  return *status == grpc::health::v1::HealthCheckResponse::SERVING
             ? kExitOk
             : kExitFailure;
}

// The query is every argument, so that `search not found` needs no quotes.
// Exits 1 when nothing matches, like grep.
int RunSearch(const CommandContext& context) {
  const std::string query = absl::StrJoin(context.args, " ");
  absl::StatusOr<v1::SearchStatusCodesResponse> results =
      context.client.SearchStatusCodes(query);
  if (!results.ok()) return Fail(context, results.status());
  if (context.options.json) {
    const int printed = PrintJsonOrFail(context, *results);
    if (printed != kExitOk) return printed;
  } else if (results->results().empty()) {
    context.out << "No status code matches \"" << query << "\".\n";
  } else {
    PrintSearchResults(*results, context.out);
  }
  return results->results().empty() ? kExitFailure : kExitOk;
}

int RunTranslate(const CommandContext& context) {
  absl::StatusOr<v1::TranslateStatusRequest> request =
      ParseTranslateRequest(context.args[0], context.options.grpc);
  if (!request.ok()) return UsageError(context.err, request.status().message());
  absl::StatusOr<v1::TranslateStatusResponse> response =
      context.client.TranslateStatus(*request);
  if (!response.ok()) return Fail(context, response.status());
  if (context.options.json) return PrintJsonOrFail(context, *response);
  PrintTranslations(*response, context.out);
  return kExitOk;
}

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

// What `check` learnt: the status line's verdict (none for HTTP/2 and
// HTTP/3), the request it sent to ValidateResponse, and its verdict.
struct CheckReport {
  ResponseHead head;
  std::optional<v1::ValidateStatusLineResponse> status_line;
  v1::ValidateResponseRequest request;
  std::optional<v1::ValidateResponseResponse> response;
};

// Calls ValidateStatusLine (unless the version has no status line), then
// ValidateResponse with the code the server parsed from the line.
absl::Status Validate(const CommandContext& context, CheckReport& report) {
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
  // Without a code there is no rule to apply; the status line's findings
  // say what is wrong with it.
  if (code == 0) return absl::OkStatus();
  absl::StatusOr<v1::ValidateResponseResponse> response =
      context.client.ValidateResponse(report.request);
  if (!response.ok()) return response.status();
  report.response = *std::move(response);
  return absl::OkStatus();
}

// Counts of findings by severity, over everything `check` found.
struct Tally {
  int errors = 0;
  int warnings = 0;
  int infos = 0;

  void Add(const google::protobuf::RepeatedPtrField<v1::Finding>& findings) {
    for (const v1::Finding& finding : findings) {
      if (finding.severity() == v1::SEVERITY_ERROR) ++errors;
      if (finding.severity() == v1::SEVERITY_WARNING) ++warnings;
      if (finding.severity() == v1::SEVERITY_INFO) ++infos;
    }
  }
};

google::protobuf::RepeatedPtrField<v1::Finding> HeadFindings(
    const ResponseHead& head) {
  return {head.head_findings.begin(), head.head_findings.end()};
}

Tally Count(const CheckReport& report) {
  Tally tally;
  tally.Add(HeadFindings(report.head));
  if (report.status_line) tally.Add(report.status_line->findings());
  if (report.response) tally.Add(report.response->findings());
  return tally;
}

// One JSON document: {"statusLine": ..., "headFindings": [...],
// "request": ..., "response": ...}, each part in protobuf's JSON mapping;
// statusLine, headFindings and response are left out when absent.
absl::Status PrintCheckJson(const CheckReport& report, std::ostream& out) {
  std::vector<std::string> parts;
  const auto add = [&](absl::string_view key,
                       const google::protobuf::Message& message) {
    absl::StatusOr<std::string> json = JsonString(message);
    if (!json.ok()) return json.status();
    parts.push_back(absl::StrCat("\"", key, "\":", *json));
    return absl::OkStatus();
  };
  if (report.status_line) {
    if (absl::Status s = add("statusLine", *report.status_line); !s.ok()) {
      return s;
    }
  }
  if (!report.head.head_findings.empty()) {
    std::vector<std::string> findings;
    for (const v1::Finding& finding : report.head.head_findings) {
      absl::StatusOr<std::string> json = JsonString(finding);
      if (!json.ok()) return json.status();
      findings.push_back(*std::move(json));
    }
    parts.push_back(
        absl::StrCat("\"headFindings\":[", absl::StrJoin(findings, ","), "]"));
  }
  if (absl::Status s = add("request", report.request); !s.ok()) return s;
  if (report.response) {
    if (absl::Status s = add("response", *report.response); !s.ok()) return s;
  }
  out << "{" << absl::StrJoin(parts, ",") << "}\n";
  return absl::OkStatus();
}

void PrintCheckText(const CheckReport& report, std::ostream& out) {
  if (report.status_line) {
    out << "Status line: \"" << absl::CEscape(report.head.status_line)
        << "\"\n";
    PrintStatusLineValidation(*report.status_line, out);
  } else {
    out << "Status line: not checked: " << report.head.http_version
        << " has no status line (\"" << report.head.http_version << " "
        << report.head.status_code
        << "\" only renders the :status pseudo-header field)\n";
  }
  if (!report.head.head_findings.empty()) {
    out << "Head:\n";
    PrintFindings(HeadFindings(report.head), out);
  }
  const v1::ValidateResponseRequest& request = report.request;
  if (!report.response) {
    out << "Response: not checked: the status line has no status code\n";
  } else {
    out << "Response: " << request.status_code() << " to "
        << (request.request_method().empty() ? "an unknown method"
                                             : request.request_method())
        << ", " << request.headers_size() << " header field"
        << (request.headers_size() == 1 ? "" : "s") << ", "
        << (request.has_content() ? "with content" : "no content") << "\n";
    PrintFindings(report.response->findings(), out);
  }
  const Tally tally = Count(report);
  out << "Result: " << (tally.errors > 0 ? "not valid" : "valid") << " ("
      << tally.errors << (tally.errors == 1 ? " error, " : " errors, ")
      << tally.warnings << (tally.warnings == 1 ? " warning, " : " warnings, ")
      << tally.infos << " info)\n";
}

// Exits 1 when anything has ERROR severity, so that a script or CI job can
// gate on a server's responses.
int RunCheck(const CommandContext& context) {
  CheckReport report;
  absl::StatusOr<ResponseHead> head = ReadHead(context);
  if (!head.ok()) return InputError(context.err, head.status().message());
  report.head = *std::move(head);
  if (report.head.status_code == 0 &&
      HasNoStatusLine(report.head.http_version)) {
    return InputError(context.err, "the status line has no status code");
  }
  if (absl::Status status = Validate(context, report); !status.ok()) {
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

int RunHelp(const CommandContext& context) {
  context.out << "statusinfo: " << UsageText();
  return kExitOk;
}

// "get CODE...", or just "list" for a subcommand without arguments.
std::string Synopsis(const Command& command) {
  return std::string(absl::StripTrailingAsciiWhitespace(
      absl::StrCat(command.name, " ", command.args_usage)));
}

const Command* FindCommand(absl::string_view name) {
  for (const Command& command : Commands()) {
    if (name == command.name) return &command;
  }
  return nullptr;
}

}  // namespace

absl::Span<const Command> Commands() {
  static constexpr Command kCommands[] = {
      {"get", "CODE...", "show everything about one or more HTTP status codes",
       1, kUnlimited, RunGet},
      {"list", "", "list status codes (--class=4xx, --unofficial) as a table",
       0, 0, RunList},
      {"validate", "CODE",
       "say whether CODE is a valid HTTP status code and what it is", 1, 1,
       RunValidate},
      {"search", "QUERY...",
       "find status codes by phrase, keyword or number, best first", 1,
       kUnlimited, RunSearch},
      {"translate", "CODE|NAME",
       "translate an HTTP status to gRPC, or a gRPC code (a name such as "
       "NOT_FOUND, or a number with --grpc) to HTTP",
       1, 1, RunTranslate},
      {"validate-line", "LINE",
       "parse and check a status line, e.g. \"HTTP/1.1 404 Not Found\"", 1,
       kUnlimited, RunValidateLine},
      {"check", "[FILE]",
       "check a raw response head from FILE or stdin (curl -sI URL | "
       "statusinfo check); --method (default HEAD), --has_content",
       0, 1, RunCheck},
      {"health", "[SERVICE]",
       "check the server's health (grpc.health.v1), or one service's", 0, 1,
       RunHealth},
      {"help", "", "show this help", 0, 0, RunHelp},
  };
  return kCommands;
}

std::string UsageText() {
  std::string text =
      "looks up and checks HTTP status codes on a statusinfo server.\n\n"
      "Usage: statusinfo [flags] SUBCOMMAND [ARGS]\n\n"
      "Subcommands:\n";
  for (const Command& command : Commands()) {
    absl::StrAppendFormat(&text, "  %-20s %s\n", Synopsis(command),
                          command.help);
  }
  absl::StrAppend(
      &text,
      "\nExit status: 0 success; 1 the server said no (an error, a code that "
      "is not found or not valid, an invalid status line, no search match, an "
      "ERROR finding from check, not SERVING); 2 usage error, or input to "
      "check that is not a response head.\n");
  return text;
}

absl::StatusOr<int> ParseCode(absl::string_view arg) {
  int code = 0;
  if (!absl::SimpleAtoi(arg, &code)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", arg, "\" is not a status code (an integer such as 404)"));
  }
  return code;
}

absl::StatusOr<v1::StatusClass> ParseStatusClass(absl::string_view arg) {
  if (arg.empty()) return v1::STATUS_CLASS_UNSPECIFIED;
  std::string name = absl::AsciiStrToUpper(absl::StrReplaceAll(
      absl::StripAsciiWhitespace(arg), {{"-", "_"}, {" ", "_"}}));
  absl::string_view digits = name;
  absl::ConsumeSuffix(&digits, "XX");
  int digit = 0;
  if (digits.size() == 1 && absl::SimpleAtoi(digits, &digit) && digit >= 1 &&
      digit <= 5) {
    return static_cast<v1::StatusClass>(digit);
  }
  if (!absl::StartsWith(name, "STATUS_CLASS_")) name.insert(0, "STATUS_CLASS_");
  v1::StatusClass status_class = v1::STATUS_CLASS_UNSPECIFIED;
  if (!v1::StatusClass_Parse(name, &status_class) ||
      status_class == v1::STATUS_CLASS_UNSPECIFIED) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--class: \"", arg,
        "\" is not a status class (1xx-5xx, informational, successful, "
        "redirection, client_error, server_error)"));
  }
  return status_class;
}

absl::StatusOr<int> ParseGrpcCodeName(absl::string_view arg) {
  absl::string_view name = absl::StripAsciiWhitespace(arg);
  // "codes.NotFound", "grpc.StatusCode.NOT_FOUND": the last part is the name.
  if (const size_t dot = name.rfind('.'); dot != absl::string_view::npos) {
    name.remove_prefix(dot + 1);
  }
  std::string upper;
  const bool camel = name.find_first_of("_- ") == absl::string_view::npos &&
                     std::any_of(name.begin(), name.end(), absl::ascii_islower);
  if (camel) {
    // "kNotFound" is absl's spelling.
    if (name.size() > 1 && name[0] == 'k' && absl::ascii_isupper(name[1])) {
      name.remove_prefix(1);
    }
    for (size_t i = 0; i < name.size(); ++i) {
      if (i > 0 && absl::ascii_isupper(name[i])) upper.push_back('_');
      upper.push_back(absl::ascii_toupper(name[i]));
    }
  } else {
    upper = absl::AsciiStrToUpper(
        absl::StrReplaceAll(name, {{"-", "_"}, {" ", "_"}}));
  }
  if (upper == "CANCELED") upper = "CANCELLED";  // Go's and Java's spelling
  google::rpc::Code code = google::rpc::OK;
  if (!upper.empty() && google::rpc::Code_Parse(upper, &code)) {
    return static_cast<int>(code);
  }
  std::vector<std::string> names;
  for (int i = google::rpc::Code_MIN; i <= google::rpc::Code_MAX; ++i) {
    if (google::rpc::Code_IsValid(i)) {
      names.push_back(
          google::rpc::Code_Name(static_cast<google::rpc::Code>(i)));
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat("\"", arg, "\" is neither a number nor a gRPC code name (",
                   absl::StrJoin(names, ", "), ")"));
}

absl::StatusOr<v1::TranslateStatusRequest> ParseTranslateRequest(
    absl::string_view arg, bool grpc) {
  v1::TranslateStatusRequest request;
  int number = 0;
  if (absl::SimpleAtoi(arg, &number)) {
    if (grpc) {
      request.set_grpc_code(number);
    } else {
      request.set_http_status_code(number);
    }
    return request;
  }
  absl::StatusOr<int> code = ParseGrpcCodeName(arg);
  if (!code.ok()) return code.status();
  request.set_grpc_code(*code);
  return request;
}

int RunCli(absl::Span<const std::string> args, const CliOptions& options,
           std::ostream& out, std::ostream& err,
           client::StatusInfoClient& client) {
  return RunCli(args, options, std::cin, out, err, client);
}

int RunCli(absl::Span<const std::string> args, const CliOptions& options,
           std::istream& in, std::ostream& out, std::ostream& err,
           client::StatusInfoClient& client) {
  if (args.empty()) {
    return UsageError(
        err, absl::StrCat("missing subcommand; one of: ", CommandNames()));
  }
  const Command* command = FindCommand(args[0]);
  if (command == nullptr) {
    return UsageError(err, absl::StrCat("unknown subcommand \"", args[0],
                                        "\"; one of: ", CommandNames()));
  }
  const absl::Span<const std::string> rest = args.subspan(1);
  const int count = static_cast<int>(rest.size());
  if (count < command->min_args ||
      (command->max_args != kUnlimited && count > command->max_args)) {
    return UsageError(
        err, absl::StrCat(count < command->min_args ? "missing arguments"
                                                    : "too many arguments",
                          "; usage: statusinfo ", Synopsis(*command)));
  }
  return command->run(CommandContext{rest, options, in, out, err, client});
}

}  // namespace statusinfo::cli
