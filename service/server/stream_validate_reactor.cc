#include "service/server/stream_validate_reactor.h"

#include "absl/strings/str_cat.h"
#include "service/core/errors.h"
#include "service/core/response_rules.h"
#include "service/server/grpc_status.h"
#include "service/server/metrics.h"

namespace statusinfo::server {

StreamValidateReactor::StreamValidateReactor(int max_batch,
                                             const ServerMetrics* metrics)
    : max_batch_(max_batch), metrics_(metrics) {
  StartRead(&request_);
}

void StreamValidateReactor::OnReadDone(bool ok) {
  if (!ok) {
    // The client half-closed (or the call ended): everything read has been
    // answered, because reads wait for the previous write.
    Finish(grpc::Status::OK);
    return;
  }
  if (request_.responses_size() > max_batch_) {
    Finish(ToGrpcStatus(core::InvalidArgument(
        "responses",
        absl::StrCat("may hold at most ", max_batch_,
                     " responses per message, got ", request_.responses_size()),
        "STREAM_BATCH_TOO_LARGE")));
    return;
  }
  response_.Clear();
  for (int i = 0; i < request_.responses_size(); ++i) {
    const v1::ValidateResponseRequest& one = request_.responses(i);
    // The field prefix is built only for the error, not for every response.
    if (!core::CheckResponseLimits(one).ok()) {
      Finish(ToGrpcStatus(
          core::CheckResponseLimits(one, absl::StrCat("responses[", i, "]."))));
      return;
    }
    *response_.add_results() = core::ValidateResponse(one);
  }
  // Counted only now, so that a message refused half-way counts nothing.
  if (metrics_ != nullptr) {
    for (const v1::ValidateResponseResponse& result : response_.results()) {
      metrics_->RecordFindings(result.findings());
    }
  }
  StartWrite(&response_);
}

void StreamValidateReactor::OnWriteDone(bool ok) {
  if (!ok) {
    Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    return;
  }
  StartRead(&request_);
}

}  // namespace statusinfo::server
