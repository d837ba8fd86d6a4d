// The subcommands that look codes up: get, list, validate, and health.
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "client/cli/commands.h"
#include "client/cli/format.h"
#include "client/cli/subcommands.h"

namespace statusinfo::cli {

int RunGet(const CommandContext& context) {
  std::vector<int> codes;
  for (const std::string& arg : context.args) {
    absl::StatusOr<int> code = ParseCode(arg);
    if (!code.ok()) return UsageError(context.err, code.status().message());
    codes.push_back(*code);
  }
  if (codes.size() == 1) {
    absl::StatusOr<v1::StatusCode> entry =
        context.client.GetStatusCode(codes[0]);
    if (!entry.ok()) return Fail(context, entry.status());
    if (context.options.json) return PrintJsonOrFail(context, *entry);
    PrintStatusCode(*entry, context.out);
    return kExitOk;
  }
  // One call for all codes: all or nothing, like the RPC.
  absl::StatusOr<v1::BatchGetStatusCodesResponse> batch =
      context.client.BatchGetStatusCodes(codes);
  if (!batch.ok()) return Fail(context, batch.status());
  if (context.options.json) return PrintJsonOrFail(context, *batch);
  for (int i = 0; i < batch->status_codes_size(); ++i) {
    if (i > 0) context.out << "\n";
    PrintStatusCode(batch->status_codes(i), context.out);
  }
  return kExitOk;
}

int RunList(const CommandContext& context) {
  absl::StatusOr<v1::StatusClass> status_class =
      ParseStatusClass(context.options.status_class);
  if (!status_class.ok()) {
    return UsageError(context.err, status_class.status().message());
  }
  v1::ListStatusCodesRequest filters;
  filters.set_status_class(*status_class);
  filters.set_include_unofficial(context.options.unofficial);
  filters.set_page_size(1000);  // the server's maximum: fewest round trips
  absl::StatusOr<v1::ListStatusCodesResponse> all =
      context.client.ListAllStatusCodes(filters);
  if (!all.ok()) return Fail(context, all.status());
  if (context.options.json) return PrintJsonOrFail(context, *all);
  PrintStatusCodeTable(all->status_codes(), context.out);
  return kExitOk;
}

// Exits 1 for a number that is not a valid status code, so that scripts can
// test the verdict; an unassigned but valid code (299) is valid.
int RunValidate(const CommandContext& context) {
  absl::StatusOr<int> code = ParseCode(context.args[0]);
  if (!code.ok()) return UsageError(context.err, code.status().message());
  absl::StatusOr<v1::ValidateStatusCodeResponse> validation =
      context.client.ValidateStatusCode(*code);
  if (!validation.ok()) return Fail(context, validation.status());
  if (context.options.json) {
    const int printed = PrintJsonOrFail(context, *validation);
    if (printed != kExitOk) return printed;
  } else {
    PrintValidation(*validation, context.out);
  }
  return validation->valid() ? kExitOk : kExitFailure;
}

// Exits 1 unless SERVING, so that it works as a readiness probe.
int RunHealth(const CommandContext& context) {
  const std::string service = context.args.empty() ? "" : context.args[0];
  absl::StatusOr<client::ServingStatus> status = context.client.Check(service);
  if (!status.ok()) return Fail(context, status.status());
  grpc::health::v1::HealthCheckResponse response;
  response.set_status(*status);
  if (context.options.json) {
    const int printed = PrintJsonOrFail(context, response);
    if (printed != kExitOk) return printed;
  } else {
    context.out << grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
                       *status)
                << "\n";
  }
  return *status == grpc::health::v1::HealthCheckResponse::SERVING
             ? kExitOk
             : kExitFailure;
}

absl::StatusOr<int> ParseCode(absl::string_view arg) {
  int code = 0;
  if (!absl::SimpleAtoi(arg, &code)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", arg, "\" is not a status code (an integer such as 404)"));
  }
  return code;
}

absl::StatusOr<v1::StatusClass> ParseStatusClass(absl::string_view arg) {
  if (arg.empty()) return v1::STATUS_CLASS_UNSPECIFIED;
  std::string name = absl::AsciiStrToUpper(absl::StrReplaceAll(
      absl::StripAsciiWhitespace(arg), {{"-", "_"}, {" ", "_"}}));
  absl::string_view digits = name;
  absl::ConsumeSuffix(&digits, "XX");
  int digit = 0;
  if (digits.size() == 1 && absl::SimpleAtoi(digits, &digit) && digit >= 1 &&
      digit <= 5) {
    return static_cast<v1::StatusClass>(digit);
  }
  if (!absl::StartsWith(name, "STATUS_CLASS_")) name.insert(0, "STATUS_CLASS_");
  v1::StatusClass status_class = v1::STATUS_CLASS_UNSPECIFIED;
  if (!v1::StatusClass_Parse(name, &status_class) ||
      status_class == v1::STATUS_CLASS_UNSPECIFIED) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--class: \"", arg,
        "\" is not a status class (1xx-5xx, informational, successful, "
        "redirection, client_error, server_error)"));
  }
  return status_class;
}

}  // namespace statusinfo::cli
