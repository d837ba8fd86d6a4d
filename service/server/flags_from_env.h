// Lets every command-line flag also come from the environment, for
// containers: --name=value can be given as STATUSINFO_NAME=value. The
// command line wins over the environment.
//
// Example (in main, before absl::ParseCommandLine):
//
//   if (absl::Status s = SetFlagsFromEnvironment("STATUSINFO_"); !s.ok()) {
//     std::cerr << s.message() << "\n";
//     return 2;
//   }
#ifndef STATUSINFO_SERVICE_SERVER_FLAGS_FROM_ENV_H_
#define STATUSINFO_SERVICE_SERVER_FLAGS_FROM_ENV_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace statusinfo::server {

// The environment variable for a flag: prefix + the name in upper case.
std::string EnvVarForFlag(absl::string_view prefix, absl::string_view flag);

// Sets each flag defined in a file whose path contains `defined_in` from its
// environment variable, when that is set. INVALID_ARGUMENT naming the
// variable when a value does not parse.
absl::Status SetFlagsFromEnvironment(absl::string_view prefix,
                                     absl::string_view defined_in);

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_FLAGS_FROM_ENV_H_
