#include "service/server/stream_validate_reactor.h"

#include "service/core/response_rules.h"
#include "service/server/grpc_status.h"
#include "service/server/metrics.h"
#include "service/server/raw_call.h"

namespace statusinfo::server {

StreamValidateReactor::StreamValidateReactor(const core::Catalog& catalog,
                                             int max_batch,
                                             const ServerMetrics* metrics)
    : catalog_(catalog), max_batch_(max_batch), metrics_(metrics) {
  StartRead(&request_bytes_);
}

void StreamValidateReactor::OnReadDone(bool ok) {
  if (!ok) {
    // The client half-closed (or the call ended): everything read has been
    // answered, because reads wait for the previous write.
    Finish(grpc::Status::OK);
    return;
  }
  if (grpc::Status status = Answer(); !status.ok()) {
    Finish(status);
    return;
  }
  grpc::Slice bytes = Serialize(response_);
  grpc::ByteBuffer buffer(&bytes, 1);
  response_bytes_.Swap(&buffer);
  StartWrite(&response_bytes_);
}

grpc::Status StreamValidateReactor::Answer() {
  if (absl::Status s = ParseRequest(request_bytes_, request_); !s.ok()) {
    return ToGrpcStatus(s);
  }
  request_bytes_.Clear();
  if (absl::Status s =
          core::ValidateResponses(catalog_, request_, max_batch_, response_);
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  // Counted only now, so that a message refused half-way counts nothing.
  if (metrics_ != nullptr) {
    for (const v1::ValidateResponseResponse& result : response_.results()) {
      metrics_->RecordFindings(result.findings());
    }
  }
  return grpc::Status::OK;
}

void StreamValidateReactor::OnWriteDone(bool ok) {
  if (!ok) {
    Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    return;
  }
  response_bytes_.Clear();
  StartRead(&request_bytes_);
}

}  // namespace statusinfo::server
