// The subcommands that find and map codes: search and translate.
#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "client/cli/commands.h"
#include "client/cli/format.h"
#include "client/cli/subcommands.h"
#include "google/rpc/code.pb.h"

namespace statusinfo::cli {

// The query is every argument, so that `search not found` needs no quotes.
// Exits 1 when nothing matches, like grep.
int RunSearch(const CommandContext& context) {
  const std::string query = absl::StrJoin(context.args, " ");
  absl::StatusOr<v1::SearchStatusCodesResponse> results =
      context.client.SearchStatusCodes(query);
  if (!results.ok()) return Fail(context, results.status());
  if (context.options.json) {
    const int printed = PrintJsonOrFail(context, *results);
    if (printed != kExitOk) return printed;
  } else if (results->results().empty()) {
    context.out << "No status code matches \"" << query << "\".\n";
  } else {
    PrintSearchResults(*results, context.out);
  }
  return results->results().empty() ? kExitFailure : kExitOk;
}

int RunTranslate(const CommandContext& context) {
  absl::StatusOr<v1::TranslateStatusRequest> request =
      ParseTranslateRequest(context.args[0], context.options.grpc);
  if (!request.ok()) return UsageError(context.err, request.status().message());
  absl::StatusOr<v1::TranslateStatusResponse> response =
      context.client.TranslateStatus(*request);
  if (!response.ok()) return Fail(context, response.status());
  if (context.options.json) return PrintJsonOrFail(context, *response);
  PrintTranslations(*response, context.out);
  return kExitOk;
}

namespace {

// "NotFound" -> "NOT_FOUND"; "kNotFound" (absl's spelling) too.
std::string CamelToUpperSnake(absl::string_view name) {
  if (name.size() > 1 && name[0] == 'k' && absl::ascii_isupper(name[1])) {
    name.remove_prefix(1);
  }
  std::string upper;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (i > 0 && absl::ascii_isupper(name[i])) upper.push_back('_');
    upper.push_back(absl::ascii_toupper(name[i]));
  }
  return upper;
}

// "NOT_FOUND, ..." for the error message.
std::string GrpcCodeNames() {
  std::vector<std::string> names;
  for (int i = google::rpc::Code_MIN; i <= google::rpc::Code_MAX; ++i) {
    if (google::rpc::Code_IsValid(i)) {
      names.push_back(
          google::rpc::Code_Name(static_cast<google::rpc::Code>(i)));
    }
  }
  return absl::StrJoin(names, ", ");
}

}  // namespace

absl::StatusOr<int> ParseGrpcCodeName(absl::string_view arg) {
  absl::string_view name = absl::StripAsciiWhitespace(arg);
  // "codes.NotFound", "grpc.StatusCode.NOT_FOUND": the last part is the name.
  if (const size_t dot = name.rfind('.'); dot != absl::string_view::npos) {
    name.remove_prefix(dot + 1);
  }
  const bool camel = name.find_first_of("_- ") == absl::string_view::npos &&
                     std::any_of(name.begin(), name.end(), absl::ascii_islower);
  std::string upper = camel ? CamelToUpperSnake(name)
                            : absl::AsciiStrToUpper(absl::StrReplaceAll(
                                  name, {{"-", "_"}, {" ", "_"}}));
  if (upper == "CANCELED") upper = "CANCELLED";  // Go's and Java's spelling
  google::rpc::Code code = google::rpc::OK;
  if (!upper.empty() && google::rpc::Code_Parse(upper, &code)) {
    return static_cast<int>(code);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("\"", arg, "\" is neither a number nor a gRPC code name (",
                   GrpcCodeNames(), ")"));
}

absl::StatusOr<v1::TranslateStatusRequest> ParseTranslateRequest(
    absl::string_view arg, bool grpc) {
  v1::TranslateStatusRequest request;
  int number = 0;
  if (absl::SimpleAtoi(arg, &number)) {
    if (grpc) {
      request.set_grpc_code(number);
    } else {
      request.set_http_status_code(number);
    }
    return request;
  }
  absl::StatusOr<int> code = ParseGrpcCodeName(arg);
  if (!code.ok()) return code.status();
  request.set_grpc_code(*code);
  return request;
}

}  // namespace statusinfo::cli
