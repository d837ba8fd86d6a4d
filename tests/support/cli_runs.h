// Running the CLI's subcommands in tests: standard input from a string,
// standard output and error captured as strings, with the exit status, as a
// shell would see them.
//
// Example:
//
//   CliResult result = RunStatusinfo({"get", "404"}, options, "", *client);
//   EXPECT_EQ(result.exit_code, cli::kExitOk) << result.err;
//   EXPECT_THAT(result.out, HasSubstr("Not Found"));
#ifndef STATUSINFO_TESTS_SUPPORT_CLI_RUNS_H_
#define STATUSINFO_TESTS_SUPPORT_CLI_RUNS_H_

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "client/cli/commands.h"
#include "client/lib/status_info_client.h"

namespace statusinfo::testing {

// What one run gave.
struct CliResult {
  int exit_code = 0;
  std::string out;
  std::string err;
};

// Calls `command` with `input` as its standard input and string streams as
// its standard output and error; `command` returns the exit status. For
// the parts of the CLI that RunCli does not reach with their own arguments.
CliResult CaptureRun(const std::string& input,
                     absl::FunctionRef<int(std::istream& in, std::ostream& out,
                                           std::ostream& err)>
                         command);

// `statusinfo ARGS...` (cli::RunCli) with the flags in `options` and
// `input` on standard input, against `client`.
CliResult RunStatusinfo(const std::vector<std::string>& args,
                        const cli::CliOptions& options,
                        const std::string& input,
                        client::StatusInfoClient& client);

}  // namespace statusinfo::testing

#endif  // STATUSINFO_TESTS_SUPPORT_CLI_RUNS_H_
