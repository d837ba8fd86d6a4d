// `statusinfo check --har FILE`: checks every entry of a HAR 1.2 file (the
// request method, URL, version and header fields; the response status,
// version, header fields and whether it has content) over one
// StreamValidateResponses call, streaming: the file is read entry by entry
// (har_reader.h), entries go out in batches with a few batches in flight
// (client/lib/validation_stream.h), and results are printed in entry order
// as they come back (har_report.h).
//
// Exit status: 0 no ERROR finding; 1 an ERROR finding; 2 bad usage or a file
// that is not HAR (the message names the JSON path of the first problem);
// kExitUnavailable (3) when the server cannot be reached or fails.
//
// Example:
//
//   CliOptions options;
//   options.har = "capture.har";  // "-" reads context.in
//   int exit_code = RunCli({"check"}, options, out, err, client);
#ifndef STATUSINFO_CLIENT_CLI_HAR_CHECK_H_
#define STATUSINFO_CLIENT_CLI_HAR_CHECK_H_

#include "client/cli/commands.h"

namespace statusinfo::cli {

// How the entries are batched; the defaults are what the benchmark
// (bench/har_check_benchmark.sh) found fastest on loopback.
struct HarCheckTuning {
  // Responses per StreamValidateResponses message (at most 1000).
  int batch_size = 500;
  // A batch is sent early rather than grow past about this many bytes: the
  // server takes messages of up to 1 MiB by default
  // (--max_receive_message_bytes), and one entry takes at most
  // 2 * kMaxHarHeaderBytes plus its URL (har_report.h).
  std::size_t max_batch_bytes = std::size_t{384} << 10;
  // Unanswered batches at a time.
  int max_in_flight = 4;
};

// Runs `check --har` for context.options.har ("-" for context.in). The
// progress line goes to context.err when `progress` is set (main.cc sets it
// when standard error is a terminal).
int RunHarCheck(const CommandContext& context,
                const HarCheckTuning& tuning = {});

}  // namespace statusinfo::cli

#endif  // STATUSINFO_CLIENT_CLI_HAR_CHECK_H_
