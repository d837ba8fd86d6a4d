#include "client/cli/repeated_flag.h"

#include <cstddef>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace statusinfo::cli {

namespace {

// Takes the one or two dashes that start a flag off `arg` ("--name=x"
// leaves "name=x"); false when `arg` is no flag (no dash, or three).
bool ConsumeDashes(absl::string_view& arg) {
  return absl::ConsumePrefix(&arg, "-") &&
         !(absl::ConsumePrefix(&arg, "-") && absl::StartsWith(arg, "-"));
}

}  // namespace

bool HasFlag(absl::string_view name, const std::vector<char*>& args) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    absl::string_view rest = args[i];
    if (rest == "--") break;
    if (!ConsumeDashes(rest)) continue;
    absl::ConsumePrefix(&rest, "no");
    if (!absl::ConsumePrefix(&rest, name)) continue;
    if (rest.empty() || absl::StartsWith(rest, "=")) return true;
  }
  return false;
}

absl::StatusOr<std::vector<std::string>> TakeRepeatedFlag(
    absl::string_view name, std::vector<char*>& args) {
  std::vector<std::string> values;
  std::vector<char*> kept;
  std::size_t i = 0;
  if (!args.empty()) kept.push_back(args[i++]);
  for (; i < args.size(); ++i) {
    absl::string_view arg = args[i];
    if (arg == "--") break;  // the rest is positional, as abseil reads it
    absl::string_view rest = arg;
    // "--name" or "-name"; "---name" is no flag of abseil's either.
    if (!ConsumeDashes(rest) || !absl::ConsumePrefix(&rest, name)) {
      kept.push_back(args[i]);
      continue;
    }
    if (absl::ConsumePrefix(&rest, "=")) {
      values.emplace_back(rest);
    } else if (!rest.empty()) {
      kept.push_back(args[i]);  // another flag: --name_suffix
    } else if (i + 1 < args.size()) {
      values.emplace_back(args[++i]);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("--", name, ": missing value"));
    }
  }
  for (; i < args.size(); ++i) kept.push_back(args[i]);
  args = std::move(kept);
  return values;
}

}  // namespace statusinfo::cli
