// Fuzzes the response validator: a ValidateResponseRequest is built from the
// input with FuzzedDataProvider (method, status code, version, headers and
// request headers, each either a value the rules care about or arbitrary
// bytes), then checked the way the server does: core::CheckResponseLimits
// first, core::ValidateResponse only when the limits hold.
//
// Invariants checked: the limits refuse exactly the requests the .proto
// says they do, with an ErrorInfo reason; findings come ERROR first, name
// rules of ResponseRules(), at most one per rule and header line, and
// `valid` is true exactly when no finding is an ERROR; the response
// round-trips through the wire format; validating twice gives the same
// answer.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/types/span.h"
#include "service/core/catalog_loader.h"
#include "service/core/errors.h"
#include "service/core/exchange.h"
#include "service/core/response_rules.h"
#include "tests/fuzz/fuzz_common.h"

namespace statusinfo::fuzz {
namespace {

constexpr const char* kMethods[] = {"GET",   "HEAD",   "CONNECT", "POST",
                                    "PUT",   "DELETE", "OPTIONS", "PATCH",
                                    "TRACE", "get",    "head",    ""};
constexpr const char* kVersions[] = {"",       "HTTP/1.0", "HTTP/1.1",
                                     "HTTP/2", "HTTP/3",   "HTTP/0.9"};
// Every field some rule looks at, in several spellings, and a few it
// ignores.
constexpr const char* kNames[] = {"Allow",
                                  "Connection",
                                  "Content-Encoding",
                                  "Content-Language",
                                  "Content-Length",
                                  "content-length",
                                  "Content-Location",
                                  "Content-Range",
                                  "Content-Type",
                                  "Date",
                                  "Early-Data",
                                  "ETag",
                                  "If-Modified-Since",
                                  "If-None-Match",
                                  "Last-Modified",
                                  "Link",
                                  "Location",
                                  "Proxy-Authenticate",
                                  "Range",
                                  "Retry-After",
                                  "Transfer-Encoding",
                                  "TRANSFER-ENCODING",
                                  "Upgrade",
                                  "WWW-Authenticate",
                                  "Vary",
                                  "Cache-Control",
                                  "X-Custom",
                                  "Bad Name",
                                  "Bad:Name",
                                  ""};
// Values that reach the deeper branches of the rules.
constexpr const char* kValues[] = {
    "0",
    "42",
    "42, 42",
    "42,43",
    "00000000000000000000000000000000000000042",
    "chunked",
    "gzip, chunked",
    "chunked, chunked",
    "bytes 0-499/1234",
    "bytes 0-499/*",
    "bytes */47022",
    "bytes 500-499/1234",
    "bytes 0-99999999999999999999999/100000000000000000000000",
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "Sun, 31 Feb 1994 23:59:60 GMT",
    "120",
    "multipart/byteranges; boundary=THIS",
    "text/html; charset=utf-8",
    "upgrade",
    "keep-alive, Upgrade",
    "websocket",
    "h2c, websocket/13",
    "HTTP/2.0",
    "1",
    "<https://example.org/>; rel=\"blocked-by\"",
    "bytes=0-1",
    "bytes=0-1, 5-9",
    "items=0-1",
    "Basic realm=\"x\"",
    "Basic realm=\"a, b\", charset=UTF-8, Negotiate a0B+/9==",
    "max-age=60, no-cache=\"Set-Cookie, X\"",
    "Accept-Encoding, Origin",
    "text/html; charset=\"utf\\-8\";",
    "\"etag\"",
    "*",
    "a\r\nb",
    "a\001b",
    "\t",
    ""};

template <std::size_t N>
std::string Pick(FuzzedDataProvider& input, const char* const (&options)[N],
                 std::size_t max_random) {
  if (input.ConsumeBool()) return input.PickValueInArray(options);
  return input.ConsumeRandomLengthString(max_random);
}

void AddHeaders(FuzzedDataProvider& input, int max_count,
                google::protobuf::RepeatedPtrField<v1::HttpHeader>& headers) {
  const int count = input.ConsumeIntegralInRange<int>(0, max_count);
  for (int i = 0; i < count && input.remaining_bytes() > 0; ++i) {
    v1::HttpHeader* header = headers.Add();
    header->set_name(Pick(input, kNames, core::kMaxHeaderNameBytes + 8));
    header->set_value(Pick(input, kValues, core::kMaxHeaderValueBytes + 8));
  }
}

// The deprecated request fields are exercised on purpose, next to the
// HttpRequest message that replaces them.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

// The request's description: in the deprecated fields, in `request`, or
// (refused by the limits) in both.
void AddRequest(FuzzedDataProvider& input,
                v1::ValidateResponseRequest& request) {
  const int where = input.ConsumeIntegralInRange<int>(0, 2);
  if (where != 1) {
    request.set_request_method(
        Pick(input, kMethods, core::kMaxMethodBytes + 8));
    AddHeaders(input, 8, *request.mutable_request_headers());
  }
  if (where != 0) {
    v1::HttpRequest& described = *request.mutable_request();
    described.set_method(Pick(input, kMethods, core::kMaxMethodBytes + 8));
    described.set_http_version(
        Pick(input, kVersions, core::kMaxVersionBytes + 8));
    described.set_target(input.ConsumeRandomLengthString(64));
    AddHeaders(input, 8, *described.mutable_headers());
  }
}

v1::ValidateResponseRequest BuildRequest(FuzzedDataProvider& input) {
  v1::ValidateResponseRequest request;
  switch (input.ConsumeIntegralInRange<int>(0, 2)) {
    case 0:
      request.set_status_code(input.ConsumeIntegralInRange<int32_t>(100, 599));
      break;
    case 1:
      request.set_status_code(input.ConsumeIntegralInRange<int32_t>(0, 1000));
      break;
    default:
      request.set_status_code(input.ConsumeIntegral<int32_t>());
      break;
  }
  request.set_http_version(Pick(input, kVersions, core::kMaxVersionBytes + 8));
  request.set_has_content(input.ConsumeBool());
  // A little over the limit, so that the limit itself is exercised.
  AddHeaders(input, core::kMaxHeaders + 4, *request.mutable_headers());
  AddRequest(input, request);
  return request;
}

// Whether `request` is within the limits the .proto documents, worked out
// independently of CheckResponseLimits.
bool WithinLimits(const v1::ValidateResponseRequest& request) {
  const auto headers_ok =
      [](const google::protobuf::RepeatedPtrField<v1::HttpHeader>& headers) {
        if (headers.size() > core::kMaxHeaders) return false;
        for (const v1::HttpHeader& header : headers) {
          if (header.name().size() > core::kMaxHeaderNameBytes ||
              header.value().size() > core::kMaxHeaderValueBytes) {
            return false;
          }
        }
        return true;
      };
  // Request header fields are limited in number only: one over a size limit
  // is left out and reported as a finding.
  const bool deprecated =
      !request.request_method().empty() || !request.request_headers().empty();
  const v1::HttpRequest& described = request.request();
  const std::size_t method_size = request.has_request()
                                      ? described.method().size()
                                      : request.request_method().size();
  const int request_headers = request.has_request()
                                  ? described.headers_size()
                                  : request.request_headers_size();
  return !(request.has_request() && deprecated) &&
         method_size <= core::kMaxMethodBytes &&
         described.target().size() <= core::kMaxTargetBytes &&
         described.http_version().size() <= core::kMaxVersionBytes &&
         request.http_version().size() <= core::kMaxVersionBytes &&
         headers_ok(request.headers()) && request_headers <= core::kMaxHeaders;
}

#pragma GCC diagnostic pop

const absl::flat_hash_set<std::string>& RuleIds() {
  static const auto* const ids = [] {
    auto* set = new absl::flat_hash_set<std::string>();
    for (const core::RuleInfo& rule : core::ResponseRules()) {
      set->insert(std::string(rule.id));
    }
    return set;
  }();
  return *ids;
}

void CheckResult(const v1::ValidateResponseRequest& request,
                 const v1::ValidateResponseResponse& result) {
  bool has_error = false;
  int previous = v1::SEVERITY_ERROR;
  for (const v1::Finding& finding : result.findings()) {
    FUZZ_CHECK(RuleIds().contains(finding.rule_id()), finding.rule_id());
    FUZZ_CHECK(finding.severity() != v1::SEVERITY_UNSPECIFIED,
               finding.rule_id());
    // "Everything found, ERROR first."
    FUZZ_CHECK(finding.severity() <= previous, result.ShortDebugString());
    previous = finding.severity();
    has_error = has_error || finding.severity() == v1::SEVERITY_ERROR;
  }
  FUZZ_CHECK(result.valid() == !has_error, result.ShortDebugString());
  // A rule reports at most once per header line: the response stays in
  // proportion to the request (one finding per list member once let a 41 KB
  // request produce 2 MB of findings).
  absl::flat_hash_map<std::string, int> per_rule;
  const int lines =
      request.headers_size() + core::RequestHeadersOf(request).size();
  for (const v1::Finding& finding : result.findings()) {
    FUZZ_CHECK(++per_rule[finding.rule_id()] <= std::max(1, lines),
               finding.rule_id());
  }
  if (!core::IsValidStatusCode(request.status_code())) {
    FUZZ_CHECK(!result.valid(), request.ShortDebugString());
  }
  CheckRoundTrip(result);
}

void FuzzResponse(const uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const v1::ValidateResponseRequest request = BuildRequest(input);
  const absl::Status limits = core::CheckResponseLimits(request);
  FUZZ_CHECK(limits.ok() == WithinLimits(request), limits.ToString());
  if (!limits.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(limits), limits.ToString());
    FUZZ_CHECK(!core::ErrorReason(limits).empty(), limits.ToString());
    return;
  }
  // The catalog the server serves without --catalog_file, loaded once for
  // the whole run.
  static const core::Catalog* const catalog =
      new core::Catalog(*core::LoadCatalog(""));
  const v1::ValidateResponseResponse result =
      core::ValidateResponse(*catalog, request);
  CheckResult(request, result);
  const v1::ValidateResponseResponse again =
      core::ValidateResponse(*catalog, request);
  FUZZ_CHECK(
      again.SerializeAsString() == result.SerializeAsString(),
      "ValidateResponse is not deterministic: " + request.ShortDebugString());
}

}  // namespace
}  // namespace statusinfo::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  statusinfo::fuzz::FuzzResponse(data, size);
  return 0;
}
