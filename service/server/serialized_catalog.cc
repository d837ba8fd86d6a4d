#include "service/server/serialized_catalog.h"

#include <string>
#include <vector>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "grpc/slice.h"
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

bool SerializedCatalog::AppendSearchResults(
    absl::Span<const core::SearchHit> hits,
    std::vector<grpc::Slice>& slices) const {
  using google::protobuf::io::CodedOutputStream;
  constexpr uint32_t kResultsTag = WireFormatLite::MakeTag(
      v1::SearchStatusCodesResponse::kResultsFieldNumber,
      WireFormatLite::WIRETYPE_LENGTH_DELIMITED);
  constexpr size_t kScoreBytes = 1 + sizeof(double);  // tag, fixed64
  // Per hit: the results tag and a varint length (at most 1 + 5 bytes),
  // then, after the entry, the score.
  constexpr size_t kMaxFraming = 1 + 5 + kScoreBytes;
  std::vector<const grpc::Slice*> elements;
  elements.reserve(hits.size());
  for (const core::SearchHit& hit : hits) {
    elements.push_back(FindBatchElement(hit.entry->code()));
    if (elements.back() == nullptr) return false;
  }
  // All the framing is written first, into one buffer, and only then
  // wrapped: a small slice keeps its bytes inline, in the struct itself.
  grpc_slice raw = grpc_slice_malloc(hits.size() * kMaxFraming);
  uint8_t* const base = GRPC_SLICE_START_PTR(raw);
  uint8_t* at = base;
  std::vector<size_t> ends;  // Per hit: end of its head, end of its score.
  ends.reserve(2 * hits.size());
  for (size_t i = 0; i < hits.size(); ++i) {
    // proto3 leaves a zero score out; a hit's score is never zero, but the
    // bytes must match protobuf's whatever it is.
    const bool has_score = hits[i].score != 0;
    at = CodedOutputStream::WriteTagToArray(kResultsTag, at);
    at = CodedOutputStream::WriteVarint32ToArray(
        static_cast<uint32_t>(elements[i]->size() +
                              (has_score ? kScoreBytes : 0)),
        at);
    ends.push_back(static_cast<size_t>(at - base));
    if (has_score) {
      at = WireFormatLite::WriteDoubleToArray(
          v1::ScoredStatusCode::kScoreFieldNumber, hits[i].score, at);
    }
    ends.push_back(static_cast<size_t>(at - base));
  }
  const grpc::Slice framing(raw, grpc::Slice::STEAL_REF);
  size_t begin = 0;
  for (size_t i = 0; i < hits.size(); ++i) {
    slices.push_back(framing.sub(begin, ends[2 * i]));
    slices.push_back(*elements[i]);
    if (ends[2 * i + 1] > ends[2 * i]) {
      slices.push_back(framing.sub(ends[2 * i], ends[2 * i + 1]));
    }
    begin = ends[2 * i + 1];
  }
  return true;
}

}  // namespace statusinfo::server
