// The request limits of the API, in one place.
//
// Each caps the work one request may ask for. The .proto comments
// (proto/statusinfo/v1/status_info_service.proto) and docs/operators.md
// state the same numbers; tests/core/limits_test.cc reads them from there
// and fails when they differ from these constants.
//
// Example:
//
//   if (request.codes_size() > kMaxBatchSize) {
//     return InvalidArgument("codes", "...", v1::BATCH_TOO_LARGE);
//   }
#ifndef STATUSINFO_SERVICE_CORE_LIMITS_H_
#define STATUSINFO_SERVICE_CORE_LIMITS_H_

namespace statusinfo::core {

// BatchGetStatusCodes: the most codes one call may ask for.
inline constexpr int kMaxBatchSize = 100;

// ListStatusCodes: the page size used when a request leaves it at 0, and the
// largest page (larger requested sizes are lowered to it).
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// SearchStatusCodes: the longest query, in bytes; the results returned when
// page_size is 0, and the most ever returned.
inline constexpr int kMaxQueryBytes = 256;
inline constexpr int kDefaultSearchResults = 10;
inline constexpr int kMaxSearchResults = 100;

// ValidateStatusLine: the longest status line, in bytes.
inline constexpr int kMaxStatusLineBytes = 8192;

// ValidateResponse (and each response of a stream): header lines per list
// (headers, request_headers), bytes per name and per value, and the lengths
// of the method and the version; request.target's length.
inline constexpr int kMaxHeaders = 256;
inline constexpr int kMaxHeaderNameBytes = 256;
inline constexpr int kMaxHeaderValueBytes = 8192;
inline constexpr int kMaxMethodBytes = 64;
inline constexpr int kMaxVersionBytes = 16;
inline constexpr int kMaxTargetBytes = 8192;

// StreamValidateResponses: the most responses in one message. The server's
// --max_stream_batch may lower it, never raise it.
inline constexpr int kMaxStreamBatch = 1000;

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_LIMITS_H_
