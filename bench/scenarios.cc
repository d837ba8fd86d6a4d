#include "bench/scenarios.h"

#include <cstdint>

namespace statusinfo::bench {

v1::GetStatusCodeRequest GetRequest() {
  v1::GetStatusCodeRequest request;
  request.set_code(kLookupCode);
  return request;
}

v1::BatchGetStatusCodesRequest BatchRequest() {
  v1::BatchGetStatusCodesRequest request;
  for (int code : {200, 201, 204, 301, 302, 304, 400, 401, 403, 404,
                   405, 409, 410, 412, 429, 500, 501, 502, 503, 504}) {
    request.add_codes(code);
  }
  return request;
}

v1::ValidateResponseRequest ValidateRequest() {
  v1::ValidateResponseRequest request;
  request.set_request_method("GET");
  request.set_status_code(200);
  request.set_has_content(true);
  request.set_http_version("HTTP/1.1");
  const char* headers[kValidateHeaders][2] = {
      {"Date", "Sun, 06 Nov 1994 08:49:37 GMT"},
      {"Content-Type", "application/json; charset=utf-8"},
      {"Content-Length", "1523"},
      {"Cache-Control", "max-age=60, public"},
      {"ETag", "\"33a64df551425fcc55e4d42a148795d9f25f89d4\""},
      {"Last-Modified", "Sat, 05 Nov 1994 08:00:00 GMT"},
      {"Vary", "Accept-Encoding"},
      {"Server", "envoy"},
      {"X-Request-Id", "7f3b2c1a-9d4e-4b8f-a2c6-1e5d8f0b3a97"},
      {"Content-Length", "1523"},
  };
  for (const auto& h : headers) {
    v1::HttpHeader* header = request.add_headers();
    header->set_name(h[0]);
    header->set_value(h[1]);
  }
  return request;
}

v1::SearchStatusCodesRequest SearchRequest() {
  v1::SearchStatusCodesRequest request;
  request.set_query("gateway timout");
  return request;
}

v1::StreamValidateResponsesRequest StreamRequest() {
  v1::StreamValidateResponsesRequest request;
  const int codes[] = {200, 404, 304, 503, 201};
  for (int i = 0; i < kStreamBatch; ++i) {
    v1::ValidateResponseRequest* one = request.add_responses();
    *one = ValidateRequest();
    one->set_status_code(codes[i % 5]);
  }
  return request;
}

v1::ListStatusCodesRequest ListRequest() {
  v1::ListStatusCodesRequest request;
  request.set_page_size(50);
  return request;
}

std::string GrpcFrame(const std::string& message) {
  std::string frame(5, '\0');
  const uint32_t n = static_cast<uint32_t>(message.size());
  frame[1] = static_cast<char>(n >> 24);
  frame[2] = static_cast<char>(n >> 16);
  frame[3] = static_cast<char>(n >> 8);
  frame[4] = static_cast<char>(n);
  return frame + message;
}

}  // namespace statusinfo::bench
