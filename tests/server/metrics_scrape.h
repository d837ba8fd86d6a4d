// Scraping the metrics endpoint as Prometheus would: an HTTP GET of
// /metrics over a plain socket, and the text format parsed into samples.
//
// Example:
//
//   absl::StatusOr<Samples> samples = Scrape(server->metrics_port());
//   ASSERT_TRUE(samples.ok());
//   EXPECT_EQ(samples->Get("grpc_server_started_total",
//                          {{"grpc_method", "GetStatusCode"}, ...}), 3);
#ifndef STATUSINFO_TESTS_SERVER_METRICS_SCRAPE_H_
#define STATUSINFO_TESTS_SERVER_METRICS_SCRAPE_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace statusinfo::testing {

using Labels = std::map<std::string, std::string>;

// The samples of one scrape, by metric name and label set.
class Samples {
 public:
  // Parses the Prometheus text exposition format (comments skipped).
  static absl::StatusOr<Samples> Parse(const std::string& text);

  // The value of the sample; nullopt when there is none.
  std::optional<double> Get(const std::string& name,
                            const Labels& labels = {}) const;
  // The sum over every sample of `name` whose labels include `subset`.
  double Sum(const std::string& name, const Labels& subset = {}) const;
  // How many samples `name` has.
  int Count(const std::string& name) const;

 private:
  std::map<std::pair<std::string, Labels>, double> samples_;
};

// GET http://127.0.0.1:<port><path>: the body, or an error with the status
// line when the answer is not 200.
absl::StatusOr<std::string> HttpGet(int port, const std::string& path);

// HttpGet(port, "/metrics"), parsed.
absl::StatusOr<Samples> Scrape(int port);

}  // namespace statusinfo::testing

#endif  // STATUSINFO_TESTS_SERVER_METRICS_SCRAPE_H_
