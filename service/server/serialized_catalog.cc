#include "service/server/serialized_catalog.h"

#include <cstring>
#include <string>
#include <vector>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "grpc/slice.h"
#include "service/core/lookup.h"

namespace statusinfo::server {
namespace {

using google::protobuf::io::CodedOutputStream;

// A field's tag, as the wire format defines it: the field number shifted
// left by three bits, or'ed with the wire type
// (https://protobuf.dev/programming-guides/encoding/#structure).
enum WireType : uint32_t { kI64 = 1, kLen = 2 };
constexpr uint32_t Tag(int field_number, WireType type) {
  return static_cast<uint32_t>(field_number) << 3 | type;
}

// BatchGetStatusCodesResponse.status_codes and
// ScoredStatusCode.status_code are both field 1, so one serialized element
// serves both.
static_assert(int{v1::BatchGetStatusCodesResponse::kStatusCodesFieldNumber} ==
              int{v1::ScoredStatusCode::kStatusCodeFieldNumber});
constexpr uint32_t kElementTag =
    Tag(v1::BatchGetStatusCodesResponse::kStatusCodesFieldNumber, kLen);
constexpr uint32_t kResultsTag =
    Tag(v1::SearchStatusCodesResponse::kResultsFieldNumber, kLen);
constexpr uint32_t kScoreTag =
    Tag(v1::ScoredStatusCode::kScoreFieldNumber, kI64);

grpc::Slice SliceOf(const std::string& bytes) {
  return grpc::Slice(bytes.data(), bytes.size());
}

// `entry` as field 1 of a message: tag, length, bytes.
std::string Element(const std::string& entry) {
  std::string element;
  {
    google::protobuf::io::StringOutputStream out(&element);
    CodedOutputStream coded(&out);
    coded.WriteTag(kElementTag);
    coded.WriteVarint32(static_cast<uint32_t>(entry.size()));
    coded.WriteRaw(entry.data(), static_cast<int>(entry.size()));
  }
  return element;
}

absl::Status NotSerialized() {
  return absl::InternalError("catalog entry not serialized");
}

// The SearchStatusCodesResponse of `hits`, whose entries are `elements`.
// Per hit: the results element's tag and length and the hit's score, in
// one small slice allocated for all hits, around a reference to the entry's
// element. Byte for byte what protobuf writes for the typed response.
absl::StatusOr<Serialized<v1::SearchStatusCodesResponse>> SearchResults(
    absl::Span<const core::SearchHit> hits,
    absl::Span<const grpc::Slice* const> elements) {
  constexpr size_t kScoreBytes = 1 + sizeof(double);  // tag, fixed64
  // Per hit: the results tag and a varint length (at most 1 + 5 bytes),
  // then, after the entry, the score.
  constexpr size_t kMaxFraming = 1 + 5 + kScoreBytes;
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
    const double score = hits[i].score;
    const bool has_score = score != 0;
    at = CodedOutputStream::WriteTagToArray(kResultsTag, at);
    at = CodedOutputStream::WriteVarint32ToArray(
        static_cast<uint32_t>(elements[i]->size() +
                              (has_score ? kScoreBytes : 0)),
        at);
    ends.push_back(static_cast<size_t>(at - base));
    if (has_score) {
      uint64_t bits;
      std::memcpy(&bits, &score, sizeof bits);
      at = CodedOutputStream::WriteTagToArray(kScoreTag, at);
      at = CodedOutputStream::WriteLittleEndian64ToArray(bits, at);
    }
    ends.push_back(static_cast<size_t>(at - base));
  }
  const grpc::Slice framing(raw, grpc::Slice::STEAL_REF);
  // Built in place and returned as is: the slices are never moved.
  absl::StatusOr<Serialized<v1::SearchStatusCodesResponse>> response(
      absl::in_place);
  auto& slices = response->slices;
  slices.reserve(3 * hits.size());
  size_t begin = 0;
  for (size_t i = 0; i < hits.size(); ++i) {
    slices.push_back(framing.sub(begin, ends[2 * i]));
    slices.push_back(*elements[i]);
    if (ends[2 * i + 1] > ends[2 * i]) {
      slices.push_back(framing.sub(ends[2 * i], ends[2 * i + 1]));
    }
    begin = ends[2 * i + 1];
  }
  return response;
}

}  // namespace

SerializedCatalog::SerializedCatalog(const core::Catalog& catalog)
    : catalog_(catalog), search_index_(catalog) {
  for (const v1::StatusCode* entry : catalog.entries()) {
    const std::string bytes = entry->SerializeAsString();
    entries_[Index(entry->code())] = SliceOf(bytes);
    elements_[Index(entry->code())] = SliceOf(Element(bytes));
  }
  for (const v1::GrpcStatusCode* entry : catalog.grpc_entries()) {
    grpc_entries_[entry->code()] = SliceOf(entry->SerializeAsString());
  }
}

absl::StatusOr<Serialized<v1::StatusCode>> SerializedCatalog::GetStatusCode(
    int64_t code) const {
  if (core::IsValidStatusCode(code) && entries_[Index(code)].size() != 0) {
    return Serialized<v1::StatusCode>{{entries_[Index(code)]}};
  }
  return core::GetStatusCode(catalog_, code).status();
}

absl::StatusOr<Serialized<v1::GrpcStatusCode>>
SerializedCatalog::GetGrpcStatusCode(int64_t code) const {
  if (code >= core::kMinGrpcCode && code <= core::kMaxGrpcCode &&
      grpc_entries_[code].size() != 0) {
    return Serialized<v1::GrpcStatusCode>{{grpc_entries_[code]}};
  }
  return core::GetGrpcStatusCode(catalog_, code).status();
}

// A message with only a repeated field set serializes as its elements one
// after the other: the response is the entries' elements, referenced.
absl::StatusOr<Serialized<v1::BatchGetStatusCodesResponse>>
SerializedCatalog::BatchGetStatusCodes(absl::Span<const int32_t> codes) const {
  absl::StatusOr<std::vector<const v1::StatusCode*>> entries =
      core::BatchGetStatusCodes(catalog_, codes);
  if (!entries.ok()) return entries.status();
  Serialized<v1::BatchGetStatusCodesResponse> response;
  response.slices.reserve(entries->size());
  for (const v1::StatusCode* entry : *entries) {
    const grpc::Slice* element = FindElement(entry->code());
    if (element == nullptr) return NotSerialized();
    response.slices.push_back(*element);
  }
  return response;
}

absl::StatusOr<Serialized<v1::SearchStatusCodesResponse>>
SerializedCatalog::SearchStatusCodes(
    const v1::SearchStatusCodesRequest& request) const {
  absl::StatusOr<std::vector<core::SearchHit>> hits =
      search_index_.Rank(request);
  if (!hits.ok()) return hits.status();
  std::vector<const grpc::Slice*> elements;
  elements.reserve(hits->size());
  for (const core::SearchHit& hit : *hits) {
    elements.push_back(FindElement(hit.entry->code()));
    if (elements.back() == nullptr) return NotSerialized();
  }
  return SearchResults(*hits, elements);
}

}  // namespace statusinfo::server
