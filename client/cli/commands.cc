// The subcommand table, the help text and the dispatcher. The subcommands
// themselves are in lookup_commands.cc, translate_commands.cc and
// validation_commands.cc (see subcommands.h).
#include "client/cli/commands.h"

#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/cli/format.h"
#include "client/cli/subcommands.h"

namespace statusinfo::cli {
namespace {

std::string CommandNames() {
  std::vector<std::string> names;
  for (const Command& command : Commands()) names.push_back(command.name);
  return absl::StrJoin(names, ", ");
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
       "statusinfo check); the request: --method (default HEAD), "
       "--request_header (repeatable), --has_content; or every entry of a "
       "HAR file with --har=FILE (exit 3: server unreachable)",
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
