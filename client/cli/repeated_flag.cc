#include "client/cli/repeated_flag.h"

#include <cstddef>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace statusinfo::cli {

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
    if (!absl::ConsumePrefix(&rest, "-") ||
        (absl::ConsumePrefix(&rest, "-") && absl::StartsWith(rest, "-")) ||
        !absl::ConsumePrefix(&rest, name)) {
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
