// The subcommand table, the help text and the dispatcher. The subcommands
// themselves are in lookup_commands.cc, translate_commands.cc and
// validation_commands.cc (see subcommands.h).
#include "client/cli/commands.h"

#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/cli/format.h"
#include "client/cli/subcommands.h"

namespace statusinfo::cli {
namespace {

std::string CommandNames() {
  std::vector<std::string> names;
  for (const Command& command : Commands()) names.push_back(command.name);
  return absl::StrJoin(names, ", ");
}

// The exit statuses every subcommand but check shares.
constexpr char kExitStatusText[] =
    "0 success; 1 the server said no (an error, a code that is "
    "not found or not valid, an invalid status line, no search match, not "
    "SERVING); 2 usage error.";

// check's own, also in commands.h.
constexpr char kCheckExitStatusText[] =
    "0 no ERROR finding; 1 an ERROR finding; 2 usage error, or "
    "input that is not a response head or is over the server's limits; 3 "
    "the server cannot be reached or fails.";

constexpr char kCheckDetails[] =
    "Reads raw response heads as curl prints them: one head (curl -sI, "
    "curl -s -D - -o /dev/null), a head then its body (curl -i), each 1xx "
    "head before the final one (100 Continue, 103 Early Hints), or every hop "
    "of a redirect chain (curl -sIL). Each head is checked with "
    "ValidateStatusLine and ValidateResponse and reported in order, under a "
    "heading when there are several; --json prints one document per head. "
    "(Typed at a terminal, the input ends with Ctrl-D.) "
    "Whether a response has content is inferred from the method, the status, "
    "Content-Length, Transfer-Encoding and the bytes after the last head; "
    "--has_content or --has_content=false overrides it for the last head. "
    "The request facts (--method, --request_version, --request_header) apply "
    "to every head. Request header fields over the API's limits are left out "
    "and reported as request-field-over-limit (INFO). "
    "With --har=FILE (- for stdin) it checks every entry of a HAR 1.2 file "
    "instead, over StreamValidateResponses, with each entry's own request; "
    "--json then prints one line per entry and a summary (docs/client.md).";

int RunHelp(const CommandContext& context) {
  if (context.args.empty()) {
    context.out << "statusinfo: " << UsageText();
    return kExitOk;
  }
  absl::StatusOr<std::string> help = SubcommandHelp(context.args[0]);
  if (!help.ok()) return UsageError(context.err, help.status().message());
  context.out << *help;
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

int Fail(const CommandContext& context, const absl::Status& status) {
  context.err << "statusinfo: " << client::DescribeError(status) << "\n";
  return kExitFailure;
}

int UsageError(std::ostream& err, absl::string_view message) {
  err << "statusinfo: " << message << " (see statusinfo --help)\n";
  return kExitUsage;
}

int PrintJsonOrFail(const CommandContext& context,
                    const google::protobuf::Message& message) {
  absl::Status status = PrintJson(message, context.out);
  return status.ok() ? kExitOk : Fail(context, status);
}

std::string DescribeFlag(absl::string_view name) {
  const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
  if (flag == nullptr) return absl::StrCat("  --", name, "\n");
  const bool quote = flag->IsOfType<std::string>();
  return absl::StrCat("  --", name, "=", quote ? "\"" : "",
                      flag->DefaultValue(), quote ? "\"" : "", "\n      ",
                      flag->Help(), "\n");
}

absl::Span<const Command> Commands() {
  static constexpr Command kCommands[] = {
      {"get", "CODE...", "show everything about one or more HTTP status codes",
       1, kUnlimited, RunGet, "json", ""},
      {"list", "", "list status codes (--class=4xx, --unofficial) as a table",
       0, 0, RunList, "class unofficial json", ""},
      {"validate", "CODE",
       "say whether CODE is a valid HTTP status code and what it is", 1, 1,
       RunValidate, "json", ""},
      {"search", "QUERY...",
       "find status codes by phrase, keyword or number, best first", 1,
       kUnlimited, RunSearch, "json", ""},
      {"translate", "CODE|NAME",
       "translate an HTTP status to gRPC, or a gRPC code (a name such as "
       "NOT_FOUND, or a number with --grpc) to HTTP",
       1, 1, RunTranslate, "grpc json", ""},
      {"validate-line", "LINE",
       "parse and check a status line, e.g. \"HTTP/1.1 404 Not Found\"", 1,
       kUnlimited, RunValidateLine, "json", ""},
      {"check", "[FILE]",
       "check raw response heads from FILE or stdin (curl -sI URL | "
       "statusinfo check); the request: --method (default HEAD), "
       "--request_version, --request_header (repeatable); or every entry of "
       "a HAR file with --har=FILE",
       0, 1, RunCheck,
       "method request_version request_header has_content "
       "reason_phrase_advice har json",
       kCheckDetails},
      {"health", "[SERVICE]",
       "check the server's health (grpc.health.v1), or one service's", 0, 1,
       RunHealth, "json", ""},
      {"help", "[SUBCOMMAND]",
       "show this help, or a subcommand's usage and flags", 0, 1, RunHelp, "",
       ""},
  };
  return kCommands;
}

absl::StatusOr<std::string> SubcommandHelp(absl::string_view name) {
  const Command* command = FindCommand(name);
  if (command == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown subcommand \"", name, "\"; one of: ", CommandNames()));
  }
  std::string text =
      absl::StrCat("Usage: statusinfo [flags] ", Synopsis(*command), "\n\n",
                   command->help, ".\n");
  if (*command->details != '\0') {
    absl::StrAppend(&text, "\n", command->details, "\n");
  }
  if (*command->flags != '\0') {
    absl::StrAppend(&text, "\nFlags:\n");
    for (absl::string_view flag :
         absl::StrSplit(command->flags, ' ', absl::SkipEmpty())) {
      absl::StrAppend(&text, DescribeFlag(flag));
    }
  }
  absl::StrAppend(
      &text,
      "\nConnection flags: --target, --timeout, --tls, --ca_file, "
      "--cert_file, --key_file (see statusinfo --help).\n\nExit status: ",
      absl::string_view(command->name) == "check" ? kCheckExitStatusText
                                                  : kExitStatusText,
      "\n");
  return text;
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
  absl::StrAppend(&text,
                  "\nstatusinfo help SUBCOMMAND (or statusinfo SUBCOMMAND "
                  "--help) shows its usage and flags.\n\nExit status: ",
                  kExitStatusText,
                  "\nExit status of check: ", kCheckExitStatusText, "\n");
  return text;
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
