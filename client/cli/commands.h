// The statusinfo command line: subcommands over a StatusInfoClient.
//
// main.cc parses the flags (abseil) and builds the client; everything else
// lives behind this header, in functions that take their streams and client
// as arguments so that tests can run the CLI against an in-process server.
//
// Exit codes: 0 success; 1 the server said no (an RPC error, a code that is
// not found, an invalid code for `validate`, an invalid line for
// `validate-line`, no match for `search`, a health status other than
// SERVING); 2 a usage error (unknown subcommand, missing or non-numeric
// argument, bad flag value, unknown gRPC code name). `check` has its own:
// 0 no ERROR finding; 1 an ERROR finding in any head; 2 a usage error, or
// input that is not a response head or that the server refuses as over its
// limits (INVALID_ARGUMENT); 3 (kExitUnavailable) the server cannot be
// reached or fails, so that a script can tell "the response is wrong" from
// "nothing was checked".
//
// `check` reads raw response heads (from a file or standard input, so that
// `curl -sI https://example.org | statusinfo check` works) to the end of the
// input: one head, a head and its body (`curl -i`), each interim 1xx head
// before the final one, or every hop of a redirect chain (`curl -sIL`);
// response_heads.h says how they are told apart. Each head's status line
// goes to ValidateStatusLine and the response to ValidateResponse, and each
// is reported in order (under "Head N of M:" when there are several; with
// --json, one document per head). An HTTP/2 or HTTP/3 head ("HTTP/2 200",
// as curl prints it) has no status line to check: the line only renders
// the :status pseudo-header field, so `check` skips ValidateStatusLine and
// validates the response as HTTP/2.
//
// The request: --method (HEAD by default, the method `curl -I` sends),
// --request_version (HTTP/1.0, HTTP/1.1, HTTP/2 or HTTP/3; the rules about
// the client's version read it) and --request_header='Range: bytes=0-99'
// (repeatable; a field not passed counts as not sent) describe it for every
// head. A request field over the API's limits (service/core/limits.h) is
// left out and reported as a request-field-over-limit finding about the
// input. Whether a response has content is inferred (InferHasContent in
// response_heads.h) unless --has_content or --has_content=false says so
// for the last head. --reason_phrase_advice=false leaves out the INFO
// advice on reason phrases. `statusinfo help check` lists all of this.
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
#include <optional>
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
  // `check`: whether the last response on the input has content; unset to
  // infer it for every head (see InferHasContent in response_heads.h).
  std::optional<bool> has_content;
  // `check`: the HTTP version of the request ("HTTP/1.0", "HTTP/1.1",
  // "HTTP/2" or "HTTP/3"); empty when unknown.
  std::string request_version;
  // `check`: report the INFO findings that only advise on the reason phrase
  // (status-line-phrase-differs, status-line-phrase-former).
  bool reason_phrase_advice = true;
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
  // The flags it reads besides the connection flags, by name and separated
  // by spaces ("json class"), for `statusinfo help NAME`.
  const char* flags;
  // More about its input, output and exit status for `help NAME`; "" when
  // the one line and the general exit status say it all.
  const char* details;
};
inline constexpr int kUnlimited = -1;

// The subcommand table.
absl::Span<const Command> Commands();

// The --help text: synopsis and one line per subcommand. abseil prints it
// after "statusinfo: ", so it starts with a verb.
std::string UsageText();

// `statusinfo help NAME` and `statusinfo NAME --help`: the subcommand's
// usage, its details, its flags (with their defaults and help when the
// binary defines them, as main.cc does) and its exit statuses.
// INVALID_ARGUMENT, listing the subcommands, for an unknown NAME.
absl::StatusOr<std::string> SubcommandHelp(absl::string_view name);

// The help of the flag `name` as --help prints it: "  --name=default\n
// <6 spaces>help\n" (defaults of string flags in quotes), or just
// "  --name\n" when the binary does not define the flag (as the CLI's
// library in a test).
std::string DescribeFlag(absl::string_view name);

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

// Checks a --request_version value: empty (unknown), HTTP/1.0, HTTP/1.1,
// HTTP/2 or HTTP/3, as HttpRequest.http_version spells them. INVALID_ARGUMENT
// naming --request_version otherwise.
absl::Status CheckRequestVersion(absl::string_view version);

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
