#include "service/core/errors.h"

#include <algorithm>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"

namespace statusinfo::core {

void AttachErrorInfo(absl::Status& status, statusinfo::v1::ErrorReason reason) {
  google::rpc::ErrorInfo info;
  info.set_reason(statusinfo::v1::ErrorReason_Name(reason));
  info.set_domain(std::string(kErrorDomain));
  status.SetPayload(kErrorInfoTypeUrl, absl::Cord(info.SerializeAsString()));
}

absl::Status InvalidArgument(absl::string_view field,
                             absl::string_view description,
                             statusinfo::v1::ErrorReason reason) {
  absl::Status status =
      absl::InvalidArgumentError(absl::StrCat(field, ": ", description));
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field(std::string(field));
  violation->set_description(std::string(description));
  status.SetPayload(kBadRequestTypeUrl,
                    absl::Cord(bad_request.SerializeAsString()));
  AttachErrorInfo(status, reason);
  return status;
}

absl::Status NotFound(absl::string_view message,
                      statusinfo::v1::ErrorReason reason) {
  absl::Status status = absl::NotFoundError(message);
  AttachErrorInfo(status, reason);
  return status;
}

std::string ErrorReason(const absl::Status& status) {
  auto payload = status.GetPayload(kErrorInfoTypeUrl);
  if (!payload.has_value()) return "";
  google::rpc::ErrorInfo info;
  if (!info.ParseFromString(std::string(*payload))) return "";
  return info.reason();
}

google::rpc::Status ToRpcStatus(const absl::Status& status) {
  google::rpc::Status proto;
  proto.set_code(static_cast<int>(status.code()));
  proto.set_message(std::string(status.message()));
  status.ForEachPayload(
      [&proto](absl::string_view type_url, const absl::Cord& payload) {
        google::protobuf::Any* any = proto.add_details();
        any->set_type_url(std::string(type_url));
        any->set_value(std::string(payload));
      });
  // absl visits payloads in an order that varies from one status to the
  // next (on purpose); by type URL, the details of equal errors are equal,
  // whichever transport sends them.
  std::sort(proto.mutable_details()->begin(), proto.mutable_details()->end(),
            [](const google::protobuf::Any& a, const google::protobuf::Any& b) {
              return a.type_url() < b.type_url();
            });
  return proto;
}

}  // namespace statusinfo::core
