#include "service/server/process_metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace statusinfo::server {
namespace {

// The fields of /proc/self/stat after the command name, which is in
// parentheses and may itself hold spaces: fields[0] is field 3 (state).
std::optional<std::vector<std::string>> ReadStatFields() {
  std::ifstream in("/proc/self/stat");
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  const size_t close = line.rfind(')');
  if (close == std::string::npos || close + 2 > line.size()) {
    return std::nullopt;
  }
  return std::vector<std::string>(
      absl::StrSplit(line.substr(close + 2), ' ', absl::SkipEmpty()));
}

// The field numbered `n` in proc(5) (1-based, counting pid and comm).
std::optional<double> StatField(const std::vector<std::string>& fields, int n) {
  double value = 0;
  const size_t index = static_cast<size_t>(n - 3);
  if (index >= fields.size() || !absl::SimpleAtod(fields[index], &value)) {
    return std::nullopt;
  }
  return value;
}

// The boot time, seconds since the epoch, from /proc/stat's btime line.
std::optional<double> BootTime() {
  std::ifstream in("/proc/stat");
  std::string line;
  while (std::getline(in, line)) {
    double value = 0;
    absl::string_view view(line);
    if (absl::ConsumePrefix(&view, "btime ") &&
        absl::SimpleAtod(view, &value)) {
      return value;
    }
  }
  return std::nullopt;
}

std::optional<double> OpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return std::nullopt;
  double count = 0;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count - 1;  // the descriptor opendir itself holds
}

prometheus::MetricFamily Family(const char* name, const char* help,
                                prometheus::MetricType type, double value) {
  prometheus::MetricFamily family;
  family.name = name;
  family.help = help;
  family.type = type;
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  family.metric.push_back(std::move(metric));
  return family;
}

// CPU time and memory, from /proc/self/stat.
void AppendStatFamilies(std::vector<prometheus::MetricFamily>& out) {
  using prometheus::MetricType;
  std::optional<std::vector<std::string>> fields = ReadStatFields();
  if (!fields.has_value()) return;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  std::optional<double> utime = StatField(*fields, 14);
  std::optional<double> stime = StatField(*fields, 15);
  std::optional<double> vsize = StatField(*fields, 23);
  std::optional<double> rss = StatField(*fields, 24);
  if (utime && stime) {
    out.push_back(Family("process_cpu_seconds_total",
                         "Total user and system CPU time spent in seconds.",
                         MetricType::Counter, (*utime + *stime) / ticks));
  }
  if (vsize) {
    out.push_back(Family("process_virtual_memory_bytes",
                         "Virtual memory size in bytes.", MetricType::Gauge,
                         *vsize));
  }
  if (rss) {
    out.push_back(Family("process_resident_memory_bytes",
                         "Resident memory size in bytes.", MetricType::Gauge,
                         *rss * static_cast<double>(sysconf(_SC_PAGESIZE))));
  }
}

}  // namespace

ProcessCollector::ProcessCollector() {
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  std::optional<std::vector<std::string>> fields = ReadStatFields();
  std::optional<double> boot = BootTime();
  if (fields.has_value() && boot.has_value()) {
    if (std::optional<double> start = StatField(*fields, 22)) {
      start_time_seconds_ = *boot + *start / ticks;
    }
  }
}

std::vector<prometheus::MetricFamily> ProcessCollector::Collect() const {
  using prometheus::MetricType;
  std::vector<prometheus::MetricFamily> out;
  AppendStatFamilies(out);
  if (std::optional<double> fds = OpenFds()) {
    out.push_back(Family("process_open_fds", "Number of open file descriptors.",
                         MetricType::Gauge, *fds));
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    out.push_back(
        Family("process_max_fds", "Maximum number of open file descriptors.",
               MetricType::Gauge, static_cast<double>(limit.rlim_cur)));
  }
  if (start_time_seconds_ > 0) {
    out.push_back(
        Family("process_start_time_seconds",
               "Start time of the process since unix epoch in seconds.",
               MetricType::Gauge, start_time_seconds_));
  }
  return out;
}

}  // namespace statusinfo::server
