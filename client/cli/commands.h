// The statusinfo command line: subcommands over a StatusInfoClient.
//
// main.cc parses the flags (abseil) and builds the client; everything else
// lives behind this header, in functions that take their streams and client
// as arguments so that tests can run the CLI against an in-process server.
//
// Exit codes: 0 success; 1 the server said no (an RPC error, a code that is
// not found, an invalid code for `validate`, an invalid line for
// `validate-line`, no match for `search`, an ERROR finding for `check`, a
// health status other than SERVING); 2 a usage error (unknown subcommand,
// missing or non-numeric argument, bad flag value, unknown gRPC code name)
// or, for `check`, input that is not a response head.
//
// `check` reads a raw response head (from a file or standard input, so that
// `curl -sI https://example.org | statusinfo check` works), checks its
// status line with ValidateStatusLine and the response with
// ValidateResponse. The request method defaults to HEAD, the method
// `curl -I` sends, and has_content to false; pass --method=GET
// --has_content for the head of `curl -si` output of a GET with a body.
// Some rules depend on header fields of the request (206 answers a Range,
// 304 an If-None-Match or If-Modified-Since): pass each one the request sent
// with --request_header='Range: bytes=0-99' (repeatable); a field not passed
// counts as not sent. An
// HTTP/2 or HTTP/3 head ("HTTP/2 200", as curl prints it) has no status
// line to check: the line only renders the :status pseudo-header field, so
// `check` skips ValidateStatusLine and validates the response as HTTP/2.
// Only the first head of the input is checked: with `curl -sIL` that of the
// first response, and an interim 1xx head is checked as itself.
//
// To add a subcommand, write a `int Run<Name>(const CommandContext&)` in the
// file of its kind (see subcommands.h), declare it in subcommands.h and add
// a row to the table in Commands() (commands.cc).
//
// Example:
//
//   std::ostringstream out, err;
//   int exit_code = RunCli({"get", "404"}, CliOptions{}, out, err, client);
//   // out: "404 Not Found\n  ..."; exit_code: 0
#ifndef STATUSINFO_CLIENT_CLI_COMMANDS_H_
#define STATUSINFO_CLIENT_CLI_COMMANDS_H_

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "client/lib/status_info_client.h"

namespace statusinfo::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitUnavailable = 3;

// The flags that shape a subcommand's request or output (the connection
// flags go into the client instead).
struct CliOptions {
  // Print protobuf's JSON mapping instead of text.
  bool json = false;
  // `list`: only this class ("4xx", "4", "client_error", "client-error"...);
  // empty for every class.
  std::string status_class;
  // `list`: include unofficial codes.
  bool unofficial = false;
  // `translate`: a number is a gRPC code (0-16), not an HTTP status.
  bool grpc = false;
  // `check`: the method of the request the head answers. HEAD by default,
  // since that is what `curl -I` sends.
  std::string method = "HEAD";
  // `check`: content followed the head.
  bool has_content = false;
  // `check`: header fields of the request the head answers, each as given
  // to --request_header ("Range: bytes=0-99"); `check` parses them with
  // ParseRequestHeader.
  std::vector<std::string> request_headers;
  // `check --har`: the HAR file whose entries to check ("-" for standard
  // input); empty to check a response head (har_check.h).
  std::string har;
};

// What a subcommand gets: its own arguments (after the subcommand's name),
// the options, where to write, and the client.
struct CommandContext {
  absl::Span<const std::string> args;
  const CliOptions& options;
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  client::StatusInfoClient& client;
};

struct Command {
  const char* name;
  const char* args_usage;  // e.g. "CODE..."
  const char* help;        // one line
  int min_args;
  int max_args;  // kUnlimited for no limit
  int (*run)(const CommandContext&);
};
inline constexpr int kUnlimited = -1;

// The subcommand table.
absl::Span<const Command> Commands();

// The --help text: synopsis and one line per subcommand. abseil prints it
// after "statusinfo: ", so it starts with a verb.
std::string UsageText();

// Parses a status-code argument: an integer (any int32; the server judges
// the range). INVALID_ARGUMENT otherwise.
absl::StatusOr<int> ParseCode(absl::string_view arg);

// Parses --class: "4xx", "4", "client_error", "client-error", "client error"
// or "STATUS_CLASS_CLIENT_ERROR", any case; "" is STATUS_CLASS_UNSPECIFIED.
absl::StatusOr<statusinfo::v1::StatusClass> ParseStatusClass(
    absl::string_view arg);

// Parses a gRPC status code name as google.rpc.Code spells it, in any
// case, with '-' or ' ' for '_', in CamelCase ("NotFound", "kNotFound") or
// with a qualifier ("codes.NotFound", "StatusCode.NOT_FOUND"); CANCELED is
// CANCELLED. INVALID_ARGUMENT, listing the names, otherwise.
absl::StatusOr<int> ParseGrpcCodeName(absl::string_view arg);

// The TranslateStatus request for `translate ARG`: a number is an HTTP
// status, or a gRPC code when `grpc` is set; a name is a gRPC code.
absl::StatusOr<statusinfo::v1::TranslateStatusRequest> ParseTranslateRequest(
    absl::string_view arg, bool grpc);

// Checks a --method value: empty (an unknown method) or a token such as GET
// (RFC 9110, Section 9.1); compared case-sensitively, so it is kept as is.
// INVALID_ARGUMENT naming --method otherwise.
absl::Status CheckRequestMethod(absl::string_view method);

// Parses a --request_header value, a field line as the request sent it:
// "Name: value" with the name a token and no whitespace before the colon
// (RFC 9112, Section 5.1), a value without CR, LF, NUL or other controls but
// HTAB; whitespace around the value is dropped. INVALID_ARGUMENT naming
// --request_header otherwise.
absl::StatusOr<statusinfo::v1::HttpHeader> ParseRequestHeader(
    absl::string_view arg);

// Runs the subcommand args[0] with args[1...]. `check` reads `in` when it is
// given no file. Results go to `out`; a failure is one line
// "statusinfo: ..." on `err`. Returns the exit code.
int RunCli(absl::Span<const std::string> args, const CliOptions& options,
           std::istream& in, std::ostream& out, std::ostream& err,
           client::StatusInfoClient& client);

// As above, with standard input as `in`.
int RunCli(absl::Span<const std::string> args, const CliOptions& options,
           std::ostream& out, std::ostream& err,
           client::StatusInfoClient& client);

}  // namespace statusinfo::cli

#endif  // STATUSINFO_CLIENT_CLI_COMMANDS_H_
