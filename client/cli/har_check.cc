#include "client/cli/har_check.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "client/cli/har_reader.h"
#include "client/cli/har_report.h"
#include "client/lib/errors.h"

namespace statusinfo::cli {
namespace {

// The progress line: rewritten in place at most four times a second.
class Progress {
 public:
  explicit Progress(std::ostream* err) : err_(err) {}

  void Update(std::int64_t entries, std::int64_t findings) {
    if (err_ == nullptr) return;
    const absl::Time now = absl::Now();
    if (now - last_ < absl::Milliseconds(250)) return;
    last_ = now;
    const double seconds = absl::ToDoubleSeconds(now - start_);
    *err_ << absl::StrFormat(
                 "\r%d entries, %.0f entries/s, %d findings\x1b[K", entries,
                 seconds > 0 ? static_cast<double>(entries) / seconds : 0.0,
                 findings)
          << std::flush;
  }

  // Clears the line, so that the next output starts on an empty one.
  void Done() {
    if (err_ != nullptr) *err_ << "\r\x1b[K" << std::flush;
  }

 private:
  std::ostream* err_;
  const absl::Time start_ = absl::Now();
  absl::Time last_ = absl::InfinitePast();
};

// One check --har run: the reader's entries become batches on the stream;
// the stream's answers, matched with the batches' exchanges kept here, go
// to the report.
class HarCheck {
 public:
  HarCheck(const CommandContext& context, const HarCheckTuning& tuning,
           bool progress)
      : context_(context),
        tuning_(tuning),
        report_(context.options.json),
        progress_(progress ? &context.err : nullptr) {}

  int Run(std::istream& in);

 private:
  absl::Status Take(HarEntry& entry);
  absl::Status SendBatch();
  absl::Status Answer(v1::StreamValidateResponsesResponse& answer);

  const CommandContext& context_;
  const HarCheckTuning tuning_;
  std::unique_ptr<client::ValidationStream> stream_;
  // The batch being filled, its exchanges, and their size.
  v1::StreamValidateResponsesRequest batch_;
  std::vector<HarExchange> exchanges_;
  std::size_t batch_bytes_ = 0;
  absl::Mutex mu_;
  // Per batch sent and unanswered: its exchanges in entry order; the
  // checked ones match the batch's results in turn, the others (status 0)
  // are printed between them, so that output stays in entry order.
  std::deque<std::vector<HarExchange>> sent_ ABSL_GUARDED_BY(mu_);
  HarReport report_;  // written by the stream's reader thread only
  Progress progress_;
};

absl::Status HarCheck::Take(HarEntry& entry) {
  const std::size_t bytes = ApproximateBytes(entry);
  // Send first when this entry would take the batch over its byte budget.
  if (batch_bytes_ + bytes > tuning_.max_batch_bytes) {
    if (absl::Status status = SendBatch(); !status.ok()) return status;
  }
  batch_bytes_ += bytes;
  // Built in place: the batch's cleared messages, and their strings, are
  // reused from one batch to the next.
  HarExchange exchange = ToHarExchange(entry, *batch_.add_responses());
  if (!exchange.checked) batch_.mutable_responses()->RemoveLast();
  exchanges_.push_back(std::move(exchange));
  if (batch_.responses_size() >= tuning_.batch_size) return SendBatch();
  return absl::OkStatus();
}

absl::Status HarCheck::SendBatch() {
  if (exchanges_.empty()) return absl::OkStatus();
  {
    absl::MutexLock lock(&mu_);
    sent_.push_back(std::move(exchanges_));
  }
  exchanges_.clear();
  batch_bytes_ = 0;
  // A batch of unchecked entries only still goes out (empty), so that its
  // entries are printed in turn, when the answers before them are.
  absl::Status status = stream_->Send(batch_);
  batch_.Clear();
  return status;
}

absl::Status HarCheck::Answer(v1::StreamValidateResponsesResponse& answer) {
  std::vector<HarExchange> exchanges;
  {
    absl::MutexLock lock(&mu_);
    exchanges = std::move(sent_.front());
    sent_.pop_front();
  }
  static const v1::ValidateResponseResponse kNotChecked;
  int next = 0;
  for (const HarExchange& exchange : exchanges) {
    report_.Add(exchange,
                exchange.checked ? answer.results(next++) : kNotChecked,
                context_.out);
  }
  progress_.Update(report_.entries(), report_.findings());
  return absl::OkStatus();
}

int HarCheck::Run(std::istream& in) {
  stream_ = context_.client.OpenValidationStream(
      tuning_.max_in_flight,
      [this](v1::StreamValidateResponsesResponse& answer) {
        return Answer(answer);
      });
  absl::Status read =
      ReadHar(in, [this](HarEntry& entry) { return Take(entry); });
  // The entries read before a problem are checked and printed too, as
  // they would have been in a longer file.
  absl::Status sent = SendBatch();
  if (read.ok()) read = std::move(sent);
  const absl::Status finished = stream_->Finish();
  progress_.Done();
  if (!finished.ok()) {
    context_.err << "statusinfo: check --har: "
                 << client::DescribeError(finished) << "\n";
    return kExitUnavailable;
  }
  if (!read.ok()) {
    context_.err << "statusinfo: check --har: " << context_.options.har << ": "
                 << read.message() << "\n";
    return kExitUsage;
  }
  report_.PrintSummary(context_.out);
  return report_.errors() > 0 ? kExitFailure : kExitOk;
}

}  // namespace

int RunHarCheck(const CommandContext& context, const HarCheckTuning& tuning) {
  const bool progress = &context.err == &std::cerr && isatty(STDERR_FILENO);
  HarCheck check(context, tuning, progress);
  if (context.options.har == "-") return check.Run(context.in);
  std::ifstream file(context.options.har, std::ios::binary);
  if (!file) {
    context.err << "statusinfo: check --har: cannot open "
                << context.options.har << ": " << std::strerror(errno) << "\n";
    return kExitUsage;
  }
  return check.Run(file);
}

}  // namespace statusinfo::cli
