#include "client/lib/validation_stream.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/lib/errors.h"

namespace statusinfo::client {

ValidationStream::ValidationStream(v1::StatusInfoService::StubInterface& stub,
                                   const ClientOptions& options,
                                   int max_in_flight, OnResults on_results)
    : timeout_(options.timeout),
      max_in_flight_(std::max(max_in_flight, 1)),
      on_results_(std::move(on_results)) {
  context_.set_wait_for_ready(options.wait_for_ready);
  {
    absl::MutexLock lock(&mu_);
    last_progress_ = absl::Now();
  }
  stream_ = stub.StreamValidateResponses(&context_);
  reader_ = std::thread([this] { ReadLoop(); });
  watchdog_ = std::thread([this] { WatchLoop(); });
}

ValidationStream::~ValidationStream() {
  if (!outcome_) {
    context_.TryCancel();
    Finish().IgnoreError();  // nobody asked for the outcome
  }
}

absl::Status ValidationStream::Send(
    const v1::StreamValidateResponsesRequest& batch) {
  if (outcome_) return *outcome_;
  bool ended = false;
  {
    absl::MutexLock lock(&mu_);
    auto can_send = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return reader_done_ ||
             static_cast<int>(in_flight_.size()) < max_in_flight_;
    };
    mu_.Await(absl::Condition(&can_send));
    ended = reader_done_;
    if (!ended) {
      in_flight_.push_back(batch.responses_size());
      writing_ = true;
      last_progress_ = absl::Now();
    }
  }
  if (ended) return Finish();
  const bool written = stream_->Write(batch);
  {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    last_progress_ = absl::Now();
  }
  return written ? absl::OkStatus() : Finish();
}

absl::Status ValidationStream::Finish() {
  if (outcome_) return *outcome_;
  bool half_close = false;
  {
    absl::MutexLock lock(&mu_);
    half_close = !reader_done_;
    closing_ = true;
    last_progress_ = absl::Now();
  }
  // After a failed write WritesDone fails too, harmlessly.
  if (half_close) stream_->WritesDone();
  {
    absl::MutexLock lock(&mu_);
    auto answered = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return reader_done_ || in_flight_.empty();
    };
    mu_.Await(absl::Condition(&answered));
  }
  // The server ends the stream once it has read the half-close.
  reader_.join();
  {
    absl::MutexLock lock(&mu_);
    finished_ = true;
  }
  watchdog_.join();
  const grpc::Status status = stream_->Finish();
  absl::MutexLock lock(&mu_);
  if (!local_error_.ok()) {
    outcome_ = local_error_;
  } else if (!status.ok()) {
    outcome_ = FromGrpcStatus(status);
  } else if (!in_flight_.empty()) {
    outcome_ = absl::InternalError(
        "StreamValidateResponses: the stream ended before every batch was "
        "answered");
  } else {
    outcome_ = absl::OkStatus();
  }
  return *outcome_;
}

absl::Status ValidationStream::Deliver(
    v1::StreamValidateResponsesResponse& answer) {
  {
    absl::MutexLock lock(&mu_);
    if (in_flight_.empty() || in_flight_.front() != answer.results_size()) {
      return absl::InternalError(
          "StreamValidateResponses: the server answered a batch with a "
          "different number of results");
    }
    delivering_ = true;
  }
  // Outside the lock, and not timed: the callback may take its time
  // (printing to a pipe that a person reads slowly).
  absl::Status status = on_results_(answer);
  absl::MutexLock lock(&mu_);
  delivering_ = false;
  in_flight_.pop_front();
  last_progress_ = absl::Now();
  return status;
}

void ValidationStream::ReadLoop() {
  v1::StreamValidateResponsesResponse answer;
  while (stream_->Read(&answer)) {
    absl::Status status = Deliver(answer);
    if (!status.ok()) {
      context_.TryCancel();
      absl::MutexLock lock(&mu_);
      if (local_error_.ok()) local_error_ = std::move(status);
      break;
    }
  }
  // Drain: after a cancel, Read returns false at once.
  while (stream_->Read(&answer)) {
  }
  absl::MutexLock lock(&mu_);
  reader_done_ = true;
}

// Wakes a few times per timeout; cancels when the stream waits on the
// server (a batch unanswered, a write under way, the end of the call after
// the half-close) and nothing moved for longer
// than the timeout.
void ValidationStream::WatchLoop() {
  const absl::Duration tick =
      std::clamp(timeout_ / 4, absl::Milliseconds(10), absl::Seconds(1));
  absl::MutexLock lock(&mu_);
  while (!mu_.AwaitWithTimeout(absl::Condition(&finished_), tick)) {
    const bool busy =
        (writing_ || closing_ || !in_flight_.empty()) && !delivering_;
    if (busy && !reader_done_ && absl::Now() - last_progress_ > timeout_) {
      if (local_error_.ok()) {
        local_error_ = absl::DeadlineExceededError(absl::StrCat(
            "StreamValidateResponses: no answer from the server within ",
            absl::FormatDuration(timeout_), " (--timeout)"));
      }
      context_.TryCancel();
      return;
    }
  }
}

}  // namespace statusinfo::client
