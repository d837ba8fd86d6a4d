// A flag that may be given more than once, e.g.
//   statusinfo --request_header='Range: bytes=0-99'
//              --request_header='If-None-Match: "abc"' check
// abseil keeps only the last value of a repeated flag (and a
// std::vector<std::string> flag splits at commas, which header values
// contain), so main.cc takes such a flag out of the arguments before abseil
// parses the rest.
//
// Example:
//
//   std::vector<char*> args(argv, argv + argc);
//   absl::StatusOr<std::vector<std::string>> headers =
//       TakeRepeatedFlag("request_header", args);
//   absl::ParseCommandLine(static_cast<int>(args.size()), args.data());
#ifndef STATUSINFO_CLIENT_CLI_REPEATED_FLAG_H_
#define STATUSINFO_CLIENT_CLI_REPEATED_FLAG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace statusinfo::cli {

// Removes every occurrence of the flag `name` from `args` and returns its
// values in order. An occurrence is spelt as abseil spells flags:
// --NAME=VALUE, --NAME VALUE, or the same with one dash. args[0] (the
// program) is kept, and so is everything from a "--" argument on, since
// abseil reads no flag after it. INVALID_ARGUMENT, naming the flag, when
// the last argument is --NAME with no value after it.
absl::StatusOr<std::vector<std::string>> TakeRepeatedFlag(
    absl::string_view name, std::vector<char*>& args);

// True when `args` set the flag `name` (a bool flag): --NAME, --NAME=VALUE
// or --noNAME, or the same with one dash, before a "--" argument. abseil
// cannot tell a flag left at its default from one set to it, and
// `check --has_content=false` must differ from no --has_content at all.
bool HasFlag(absl::string_view name, const std::vector<char*>& args);

}  // namespace statusinfo::cli

#endif  // STATUSINFO_CLIENT_CLI_REPEATED_FLAG_H_
