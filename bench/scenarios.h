// The requests every part of the benchmark suite uses, so that the
// microbenchmarks, the h2load bodies, the baselines' fixed responses and the
// load generator all measure the same work.
#ifndef STATUSINFO_BENCH_SCENARIOS_H_
#define STATUSINFO_BENCH_SCENARIOS_H_

#include <string>

#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::bench {

namespace v1 = ::statusinfo::v1;

// GetStatusCode of a common code.
inline constexpr int kLookupCode = 404;
// How many codes BatchGetStatusCodes asks for.
inline constexpr int kBatchCodes = 20;
// Headers in the ValidateResponse request.
inline constexpr int kValidateHeaders = 10;
// Responses per StreamValidateResponses message.
inline constexpr int kStreamBatch = 100;

v1::GetStatusCodeRequest GetRequest();
// 20 different, common codes.
v1::BatchGetStatusCodesRequest BatchRequest();
// A 200 response to GET with 10 realistic headers (it draws one finding).
v1::ValidateResponseRequest ValidateRequest();
// A two-word query with a typo ("gateway timout").
v1::SearchStatusCodesRequest SearchRequest();
// kStreamBatch copies of ValidateRequest(), with the status codes varied.
v1::StreamValidateResponsesRequest StreamRequest();
// The first page of the registered codes (page size 50).
v1::ListStatusCodesRequest ListRequest();
// A typical status line.
inline constexpr char kStatusLine[] = "HTTP/1.1 404 Not Found\r\n";

// The body h2load sends for one unary call: the gRPC message frame
// (uncompressed flag, 4-byte big-endian length, message).
std::string GrpcFrame(const std::string& message);

}  // namespace statusinfo::bench

#endif  // STATUSINFO_BENCH_SCENARIOS_H_
