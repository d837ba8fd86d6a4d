#include "tests/e2e/server_process.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

namespace statusinfo::testing {

std::optional<google::protobuf::Struct> ParseJsonLine(const std::string& line) {
  google::protobuf::Struct parsed;
  if (!google::protobuf::util::JsonStringToMessage(line, &parsed).ok()) {
    return std::nullopt;
  }
  return parsed;
}

ServerProcess::ServerProcess(const std::vector<std::string>& extra_args,
                             const std::vector<std::string>& extra_env) {
  std::vector<std::string> argv = {STATUSINFO_SERVER_BINARY,
                                   "--address=127.0.0.1:0", "--drain_delay=0s"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<Subprocess>(argv, extra_env);
  std::optional<std::string> line =
      process_->WaitForLine("\"event\":\"serving\"", absl::Seconds(20));
  if (!line.has_value()) return;
  std::optional<google::protobuf::Struct> parsed = ParseJsonLine(*line);
  if (!parsed.has_value()) return;
  serving_ = *std::move(parsed);
  const auto& fields = serving_.fields();
  if (auto it = fields.find("port"); it != fields.end()) {
    port_ = static_cast<int>(it->second.number_value());
  }
  if (auto it = fields.find("metrics_port"); it != fields.end()) {
    metrics_port_ = static_cast<int>(it->second.number_value());
  }
}

std::string ServerProcess::target() const {
  return absl::StrCat("127.0.0.1:", port_);
}

}  // namespace statusinfo::testing
