#include "tests/support/cli_runs.h"

#include <sstream>

namespace statusinfo::testing {

CliResult CaptureRun(const std::string& input,
                     absl::FunctionRef<int(std::istream& in, std::ostream& out,
                                           std::ostream& err)>
                         command) {
  std::istringstream in(input);
  std::ostringstream out;
  std::ostringstream err;
  const int exit_code = command(in, out, err);
  return {exit_code, out.str(), err.str()};
}

CliResult RunStatusinfo(const std::vector<std::string>& args,
                        const cli::CliOptions& options,
                        const std::string& input,
                        client::StatusInfoClient& client) {
  return CaptureRun(
      input, [&](std::istream& in, std::ostream& out, std::ostream& err) {
        return cli::RunCli(args, options, in, out, err, client);
      });
}

}  // namespace statusinfo::testing
