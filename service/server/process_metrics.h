// The standard Prometheus process metrics, read from /proc at each scrape:
// prometheus-cpp has no process collector (the Go and Java clients do).
//
//   process_cpu_seconds_total      user + system CPU time
//   process_resident_memory_bytes  resident set size
//   process_virtual_memory_bytes   virtual memory size
//   process_open_fds               open file descriptors
//   process_max_fds                the RLIMIT_NOFILE soft limit
//   process_start_time_seconds     start time, seconds since the epoch
//
// Example:
//
//   auto registry = std::make_shared<prometheus::Registry>();
//   auto process = std::make_shared<ProcessCollector>();
//   exposer.RegisterCollectable(registry);
//   exposer.RegisterCollectable(process);
#ifndef STATUSINFO_SERVICE_SERVER_PROCESS_METRICS_H_
#define STATUSINFO_SERVICE_SERVER_PROCESS_METRICS_H_

#include <vector>

#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace statusinfo::server {

class ProcessCollector : public prometheus::Collectable {
 public:
  // Reads the start time once: it does not change.
  ProcessCollector();

  // The families above; a family whose /proc file cannot be read is left
  // out rather than reported as 0.
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  double start_time_seconds_ = 0;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_PROCESS_METRICS_H_
