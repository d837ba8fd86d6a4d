// statusinfo: the command-line client. Flags and the client are set up here;
// the subcommands live behind commands.h.
#include <iostream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client/cli/commands.h"
#include "client/cli/repeated_flag.h"
#include "client/lib/status_info_client.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051",
          "the statusinfo server: host:port or any gRPC target");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(2),
          "deadline of each call, e.g. 500ms or 2s");
ABSL_FLAG(bool, json, false,
          "print responses in protobuf's JSON mapping, one document per line");
ABSL_FLAG(bool, tls, false, "connect with TLS");
ABSL_FLAG(std::string, ca_file, "",
          "with --tls: PEM root certificates (default: the system's)");
ABSL_FLAG(std::string, cert_file, "",
          "with --tls: PEM client certificate chain, for mutual TLS");
ABSL_FLAG(std::string, key_file, "",
          "with --tls: PEM client private key, for mutual TLS");
ABSL_FLAG(std::string, class, "",
          "list: only this class: 4xx, 4, client_error...");
ABSL_FLAG(bool, unofficial, false, "list: include unofficial codes");
ABSL_FLAG(bool, grpc, false,
          "translate: read a number as a gRPC code (0-16), not an HTTP status");
ABSL_FLAG(std::string, method, "HEAD",
          "check: the request method the head answers (HEAD is what curl -I "
          "sends; use GET for curl -i and curl -D -)");
ABSL_FLAG(bool, has_content, false,
          "check: the last response has content; when not given, inferred "
          "from the method, status, Content-Length, Transfer-Encoding and the "
          "bytes after the head; --has_content=false says it has none");
ABSL_FLAG(std::string, request_version, "",
          "check: the request's HTTP version: HTTP/1.0, HTTP/1.1, HTTP/2 or "
          "HTTP/3 (curl --http1.0...); empty for unknown");
ABSL_FLAG(bool, reason_phrase_advice, true,
          "check: report the INFO advice on reason phrases (one that differs "
          "from the registered or is a former one); "
          "--reason_phrase_advice=false or --noreason_phrase_advice leaves it "
          "out");
ABSL_FLAG(std::string, har, "",
          "check: check every entry of this HAR 1.2 file (- for stdin) "
          "instead of response heads; exit 3 if the server fails");
// Repeatable: main() takes every --request_header out of the arguments
// before abseil, which would keep only the last, parses them (see
// repeated_flag.h). The flag is defined so that --help lists it, and so
// that a --flagfile line still counts.
ABSL_FLAG(std::string, request_header, "",
          "check: a header field the request sent, e.g. 'Range: bytes=0-99' "
          "or 'If-None-Match: \"abc\"'; repeat the flag for each field");

namespace {

namespace cli = statusinfo::cli;

// The options of the subcommands, from their flags; `request_headers` are
// the --request_header values main() took out of the arguments, and
// `has_content_given` says whether the arguments set --has_content.
cli::CliOptions CliOptionsFromFlags(std::vector<std::string> request_headers,
                                    bool has_content_given) {
  cli::CliOptions options;
  options.json = absl::GetFlag(FLAGS_json);
  options.status_class = absl::GetFlag(FLAGS_class);
  options.unofficial = absl::GetFlag(FLAGS_unofficial);
  options.grpc = absl::GetFlag(FLAGS_grpc);
  options.method = absl::GetFlag(FLAGS_method);
  // Only true can come from a --flagfile line: false is the default.
  if (has_content_given || absl::GetFlag(FLAGS_has_content)) {
    options.has_content = absl::GetFlag(FLAGS_has_content);
  }
  options.request_version = absl::GetFlag(FLAGS_request_version);
  options.reason_phrase_advice = absl::GetFlag(FLAGS_reason_phrase_advice);
  options.request_headers = std::move(request_headers);
  options.har = absl::GetFlag(FLAGS_har);
  if (std::string from_flagfile = absl::GetFlag(FLAGS_request_header);
      !from_flagfile.empty()) {
    options.request_headers.push_back(std::move(from_flagfile));
  }
  return options;
}

bool IsHelpFlag(absl::string_view arg) {
  return arg == "--help" || arg == "-help" || arg == "--helpshort" ||
         arg == "-helpshort";
}

// Takes the --help flags (and -help, --helpshort) out of `args`, the flags
// before a "--" that ends them; true when there was one.
bool TakeHelpFlags(std::vector<char*>& args) {
  bool found = false;
  for (auto it = args.begin() + 1; it != args.end();) {
    const absl::string_view arg = *it;
    if (arg == "--") break;
    if (IsHelpFlag(arg)) {
      found = true;
      it = args.erase(it);
    } else {
      ++it;
    }
  }
  return found;
}

// Our --help: the usage text, then the flags of this file with their
// defaults. abseil's own --help looks for flags in a file named after the
// program, finds none here and says so ("No flags matched"); --helpfull
// stays abseil's, for every flag of the binary.
std::string HelpText() {
  std::map<std::string, const absl::CommandLineFlag*> ours;  // by name
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    // abseil stores the file name without its leading '/'.
    if (!flag->Filename().empty() &&
        absl::EndsWith(__FILE__, flag->Filename())) {
      ours.emplace(std::string(name), flag);
    }
  }
  std::string text =
      absl::StrCat("statusinfo: ", cli::UsageText(), "\nFlags:\n");
  for (const auto& [name, flag] : ours) {
    absl::StrAppend(&text, cli::DescribeFlag(name));
  }
  return text;
}

// --help with a subcommand (`statusinfo check --help`) is that subcommand's
// help, as `statusinfo help check` prints it; the general help otherwise.
int PrintHelp(const std::vector<char*>& flag_args) {
  std::vector<char*> args = flag_args;
  const std::vector<char*> positional =
      absl::ParseCommandLine(static_cast<int>(args.size()), args.data());
  if (positional.size() < 2) {
    std::cout << HelpText();
    return cli::kExitOk;
  }
  absl::StatusOr<std::string> help = cli::SubcommandHelp(positional[1]);
  if (!help.ok()) {
    std::cerr << "statusinfo: " << help.status().message()
              << " (see statusinfo --help)\n";
    return cli::kExitUsage;
  }
  std::cout << *help;
  return cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  namespace client = statusinfo::client;
  absl::SetProgramUsageMessage(cli::UsageText());
  std::vector<char*> flag_args(argv, argv + argc);
  absl::StatusOr<std::vector<std::string>> request_headers =
      cli::TakeRepeatedFlag("request_header", flag_args);
  if (!request_headers.ok()) {
    std::cerr << "statusinfo: " << request_headers.status().message()
              << " (see statusinfo --help)\n";
    return cli::kExitUsage;
  }
  const bool has_content_given = cli::HasFlag("has_content", flag_args);
  if (TakeHelpFlags(flag_args)) return PrintHelp(flag_args);
  std::vector<char*> positional = absl::ParseCommandLine(
      static_cast<int>(flag_args.size()), flag_args.data());
  const std::vector<std::string> args(positional.begin() + 1, positional.end());

  client::ClientOptions options;
  options.target = absl::GetFlag(FLAGS_target);
  options.timeout = absl::GetFlag(FLAGS_timeout);
  options.tls = absl::GetFlag(FLAGS_tls);
  options.ca_file = absl::GetFlag(FLAGS_ca_file);
  options.cert_file = absl::GetFlag(FLAGS_cert_file);
  options.key_file = absl::GetFlag(FLAGS_key_file);
  absl::StatusOr<std::unique_ptr<client::StatusInfoClient>> created =
      client::StatusInfoClient::Create(options);
  if (!created.ok()) {
    // Only the options can be wrong here (no connection is made yet).
    std::cerr << "statusinfo: " << client::DescribeError(created.status())
              << "\n";
    return cli::kExitUsage;
  }
  return cli::RunCli(
      args, CliOptionsFromFlags(*std::move(request_headers), has_content_given),
      std::cout, std::cerr, **created);
}
