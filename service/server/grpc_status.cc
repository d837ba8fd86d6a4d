#include "service/server/grpc_status.h"

#include <string>

#include "google/rpc/status.pb.h"
#include "grpcpp/support/error_details.h"

namespace statusinfo::server {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  google::rpc::Status proto;
  proto.set_code(static_cast<int>(status.code()));
  proto.set_message(std::string(status.message()));
  status.ForEachPayload(
      [&proto](absl::string_view type_url, const absl::Cord& payload) {
        google::protobuf::Any* any = proto.add_details();
        any->set_type_url(std::string(type_url));
        any->set_value(std::string(payload));
      });
  grpc::Status result;
  // absl::StatusCode and grpc::StatusCode share the canonical numbering;
  // SetErrorDetails copies the code and message from `proto`.
  grpc::SetErrorDetails(proto, &result);
  return result;
}

}  // namespace statusinfo::server
