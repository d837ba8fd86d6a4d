#include "tests/server/metrics_scrape.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace statusinfo::testing {
namespace {

// Parses `a="x",b="y"` (values have no escaped quotes in our metrics).
absl::StatusOr<Labels> ParseLabels(absl::string_view text) {
  Labels labels;
  while (!text.empty()) {
    const size_t eq = text.find("=\"");
    const size_t end = text.find('"', eq + 2);
    if (eq == absl::string_view::npos || end == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat("bad labels: ", text));
    }
    labels[std::string(text.substr(0, eq))] =
        std::string(text.substr(eq + 2, end - eq - 2));
    text.remove_prefix(end + 1);
    absl::ConsumePrefix(&text, ",");
  }
  return labels;
}

}  // namespace

absl::StatusOr<Samples> Samples::Parse(const std::string& text) {
  Samples samples;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    if (absl::StartsWith(line, "#")) continue;
    const size_t space = line.rfind(' ');
    if (space == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat("bad sample: ", line));
    }
    absl::string_view series = line.substr(0, space);
    double value = 0;
    if (!absl::SimpleAtod(line.substr(space + 1), &value)) {
      value = std::nan("");  // prometheus-cpp writes "Nan"
    }
    std::string name(series.substr(0, series.find('{')));
    Labels labels;
    if (const size_t brace = series.find('{');
        brace != absl::string_view::npos) {
      absl::StatusOr<Labels> parsed =
          ParseLabels(series.substr(brace + 1, series.size() - brace - 2));
      if (!parsed.ok()) return parsed.status();
      labels = *std::move(parsed);
    }
    samples.samples_[{std::move(name), std::move(labels)}] = value;
  }
  return samples;
}

std::optional<double> Samples::Get(const std::string& name,
                                   const Labels& labels) const {
  auto it = samples_.find({name, labels});
  if (it == samples_.end()) return std::nullopt;
  return it->second;
}

double Samples::Sum(const std::string& name, const Labels& subset) const {
  double sum = 0;
  for (const auto& [key, value] : samples_) {
    if (key.first != name) continue;
    bool match = true;
    for (const auto& [label, label_value] : subset) {
      auto it = key.second.find(label);
      match = match && it != key.second.end() && it->second == label_value;
    }
    if (match) sum += value;
  }
  return sum;
}

int Samples::Count(const std::string& name) const {
  int count = 0;
  for (const auto& entry : samples_) count += entry.first.first == name;
  return count;
}

absl::StatusOr<std::string> HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError(std::strerror(errno));
  // A hung endpoint fails the test instead of hanging it.
  timeval timeout = {10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    const std::string error = std::strerror(errno);
    close(fd);
    return absl::UnavailableError(absl::StrCat("connect: ", error));
  }
  const std::string request =
      absl::StrCat("GET ", path,
                   " HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  (void)!write(fd, request.data(), request.size());
  std::string response;
  char buffer[8192];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) response.append(buffer, n);
  close(fd);
  const size_t body = response.find("\r\n\r\n");
  if (!absl::StartsWith(response, "HTTP/1.") || body == std::string::npos) {
    return absl::InternalError(absl::StrCat("not HTTP: ", response));
  }
  if (!absl::StrContains(response.substr(0, response.find("\r\n")), " 200")) {
    return absl::InternalError(response.substr(0, response.find("\r\n")));
  }
  return response.substr(body + 4);
}

absl::StatusOr<Samples> Scrape(int port) {
  absl::StatusOr<std::string> body = HttpGet(port, "/metrics");
  if (!body.ok()) return body.status();
  return Samples::Parse(*body);
}

}  // namespace statusinfo::testing
