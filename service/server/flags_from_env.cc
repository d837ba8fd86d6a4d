#include "service/server/flags_from_env.h"

#include <cstdlib>

#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace statusinfo::server {

std::string EnvVarForFlag(absl::string_view prefix, absl::string_view flag) {
  return absl::StrCat(prefix, absl::AsciiStrToUpper(flag));
}

absl::Status SetFlagsFromEnvironment(absl::string_view prefix,
                                     absl::string_view defined_in) {
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (!absl::StrContains(flag->Filename(), defined_in)) continue;
    const std::string variable = EnvVarForFlag(prefix, name);
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      return absl::InvalidArgumentError(
          absl::StrCat(variable, "=\"", value, "\": ", error));
    }
  }
  return absl::OkStatus();
}

}  // namespace statusinfo::server
