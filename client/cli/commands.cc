#include "client/cli/commands.h"

#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "client/cli/format.h"

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
      "is not found or not valid, not SERVING); 2 usage error.\n");
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

int RunCli(absl::Span<const std::string> args, const CliOptions& options,
           std::ostream& out, std::ostream& err,
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
  return command->run(CommandContext{rest, options, out, err, client});
}

}  // namespace statusinfo::cli
