// ValidationStream: one StreamValidateResponses call that keeps several
// batches in flight, for callers that produce responses as they go (a HAR
// file read entry by entry) and want the results as they come, in order,
// in bounded memory.
//
// StatusInfoClient::ValidateResponses holds every response and result in
// memory and waits for each answer before sending the next batch. Here the
// caller sends batches as it makes them; Send() blocks while
// `max_in_flight` batches are unanswered, so memory holds at most that many
// batches on the client, and the server holds one (it reads a message only
// after answering the one before). Answers are handed to `on_results` on
// the stream's reader thread, one call per batch, in the order sent.
//
// There is no deadline on the whole call, which may run for minutes; a
// batch that gets no answer within ClientOptions::timeout (while the
// caller waits for one, or a write is stuck) cancels the stream with
// DEADLINE_EXCEEDED.
//
// Example:
//
//   std::unique_ptr<ValidationStream> stream = client.OpenValidationStream(
//       /*max_in_flight=*/4, [&](v1::StreamValidateResponsesResponse& answer) {
//         for (const auto& result : answer.results()) Print(result);
//         return absl::OkStatus();  // an error cancels the stream
//       });
//   for (v1::StreamValidateResponsesRequest& batch : batches) {
//     if (!stream->Send(batch).ok()) break;  // Finish() says why
//   }
//   absl::Status status = stream->Finish();  // every answer handed over
#ifndef STATUSINFO_CLIENT_LIB_VALIDATION_STREAM_H_
#define STATUSINFO_CLIENT_LIB_VALIDATION_STREAM_H_

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "client/lib/client_options.h"
#include "grpcpp/client_context.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"

namespace statusinfo::client {

class ValidationStream {
 public:
  // Called with each batch's answer, on the reader thread; its results are
  // in the order of the batch's responses (their count is checked first).
  using OnResults =
      std::function<absl::Status(v1::StreamValidateResponsesResponse&)>;

  // Opens the call. `max_in_flight` (at least 1) bounds the unanswered
  // batches; options.timeout is the longest wait for an answer and
  // options.wait_for_ready applies.
  ValidationStream(v1::StatusInfoService::StubInterface& stub,
                   const ClientOptions& options, int max_in_flight,
                   OnResults on_results);
  // Cancels the call if Finish() was not called, and waits for the threads.
  ~ValidationStream();

  ValidationStream(const ValidationStream&) = delete;
  ValidationStream& operator=(const ValidationStream&) = delete;

  // Sends one batch (1 to 1000 responses), first waiting while
  // `max_in_flight` batches are unanswered. After an error the stream is
  // over: call Finish() for the reason (this returns it too).
  absl::Status Send(const v1::StreamValidateResponsesRequest& batch);

  // Half-closes, waits until every batch is answered (or the stream
  // fails), and returns the outcome: OK, the server's status, the first
  // error of on_results, INTERNAL for a wrong result count, or
  // DEADLINE_EXCEEDED. Later calls return the same.
  absl::Status Finish();

 private:
  void ReadLoop();
  void WatchLoop();
  // Answers one batch: checks the count and calls on_results_.
  absl::Status Deliver(v1::StreamValidateResponsesResponse& answer);

  const absl::Duration timeout_;
  const int max_in_flight_;
  OnResults on_results_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderWriterInterface<
      v1::StreamValidateResponsesRequest, v1::StreamValidateResponsesResponse>>
      stream_;

  absl::Mutex mu_;
  // The sizes of the unanswered batches, oldest first.
  std::deque<int> in_flight_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool closing_ ABSL_GUARDED_BY(mu_) = false;     // Finish() has begun
  bool delivering_ ABSL_GUARDED_BY(mu_) = false;  // in on_results_
  bool reader_done_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time last_progress_ ABSL_GUARDED_BY(mu_);
  // Why the stream was cut short on this side, if it was.
  absl::Status local_error_ ABSL_GUARDED_BY(mu_);
  std::optional<absl::Status> outcome_;  // set by Finish()

  std::thread reader_;
  std::thread watchdog_;
};

}  // namespace statusinfo::client

#endif  // STATUSINFO_CLIENT_LIB_VALIDATION_STREAM_H_
