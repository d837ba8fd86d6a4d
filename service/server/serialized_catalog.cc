#include "service/server/serialized_catalog.h"

#include <string>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::server {
namespace {

using google::protobuf::internal::WireFormatLite;

grpc::Slice SliceOf(const std::string& bytes) {
  return grpc::Slice(bytes.data(), bytes.size());
}

// Field 1 of BatchGetStatusCodesResponse, status_codes, holding `entry`.
std::string BatchElement(const std::string& entry) {
  std::string element;
  {
    google::protobuf::io::StringOutputStream out(&element);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.WriteTag(WireFormatLite::MakeTag(
        v1::BatchGetStatusCodesResponse::kStatusCodesFieldNumber,
        WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
    coded.WriteVarint32(static_cast<uint32_t>(entry.size()));
    coded.WriteRaw(entry.data(), static_cast<int>(entry.size()));
  }
  return element;
}

}  // namespace

SerializedCatalog::SerializedCatalog(const core::Catalog& catalog) {
  for (const v1::StatusCode* entry : catalog.entries()) {
    const std::string bytes = entry->SerializeAsString();
    entries_[Index(entry->code())] = SliceOf(bytes);
    batch_elements_[Index(entry->code())] = SliceOf(BatchElement(bytes));
  }
  for (const v1::GrpcStatusCode* entry : catalog.grpc_entries()) {
    grpc_entries_[entry->code()] = SliceOf(entry->SerializeAsString());
  }
}

}  // namespace statusinfo::server
