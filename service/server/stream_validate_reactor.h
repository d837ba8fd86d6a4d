// The reactor behind StreamValidateResponses.
//
// It reads one request message, validates every response in it, writes one
// response message, and only then reads the next: at most one message is in
// flight each way, so a slow reader holds the server to one batch of memory
// and HTTP/2 flow control pushes back on the writer.
//
// Messages arrive as bytes and are parsed here (raw_call.h), so that one
// that does not parse ends the stream with INVALID_ARGUMENT naming the
// field; with a typed reactor gRPC reports it as a failed read, which looks
// like the client half-closing, and the stream would end OK.
#ifndef STATUSINFO_SERVICE_SERVER_STREAM_VALIDATE_REACTOR_H_
#define STATUSINFO_SERVICE_SERVER_STREAM_VALIDATE_REACTOR_H_

#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"
#include "service/core/catalog.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::server {

class ServerMetrics;

class StreamValidateReactor final
    : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  // Starts reading; the reactor deletes itself when the call is done.
  // Responses are judged against `catalog`, which must outlive the call;
  // `max_batch` limits the responses in one request message; findings are
  // counted in `metrics` unless it is null.
  StreamValidateReactor(const core::Catalog& catalog, int max_batch,
                        const ServerMetrics* metrics);

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnDone() override { delete this; }

 private:
  // Validates the message in request_ into response_; an error ends the
  // stream.
  grpc::Status Answer();

  const core::Catalog& catalog_;
  const int max_batch_;
  const ServerMetrics* const metrics_;
  grpc::ByteBuffer request_bytes_;
  grpc::ByteBuffer response_bytes_;
  statusinfo::v1::StreamValidateResponsesRequest request_;
  statusinfo::v1::StreamValidateResponsesResponse response_;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_STREAM_VALIDATE_REACTOR_H_
