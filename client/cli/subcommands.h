// The subcommands behind the table in commands.cc, and the helpers they
// share for reporting. Internal to the CLI: commands.h is the interface.
//
// The subcommands live by what they ask the server:
//   lookup_commands.cc      get, list, validate, health
//   translate_commands.cc   search, translate
//   validation_commands.cc  validate-line, check (its report: check_report.h)
#ifndef STATUSINFO_CLIENT_CLI_SUBCOMMANDS_H_
#define STATUSINFO_CLIENT_CLI_SUBCOMMANDS_H_

#include <ostream>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "client/cli/commands.h"
#include "google/protobuf/message.h"

namespace statusinfo::cli {

// A failed call: one line "statusinfo: ..." with everything the server
// said on context.err; returns kExitFailure.
int Fail(const CommandContext& context, const absl::Status& status);

// A usage error: one line "statusinfo: MESSAGE (see statusinfo --help)" on
// `err`; returns kExitUsage.
int UsageError(std::ostream& err, absl::string_view message);

// Prints `message` as JSON; a failure to render is not the server's fault,
// but it still means no answer, so it returns kExitFailure.
int PrintJsonOrFail(const CommandContext& context,
                    const google::protobuf::Message& message);

// lookup_commands.cc
int RunGet(const CommandContext& context);
int RunList(const CommandContext& context);
int RunValidate(const CommandContext& context);
int RunHealth(const CommandContext& context);

// translate_commands.cc
int RunSearch(const CommandContext& context);
int RunTranslate(const CommandContext& context);

// validation_commands.cc
int RunValidateLine(const CommandContext& context);
int RunCheck(const CommandContext& context);

}  // namespace statusinfo::cli

#endif  // STATUSINFO_CLIENT_CLI_SUBCOMMANDS_H_
