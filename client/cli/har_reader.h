// Reading HAR 1.2 files (HTTP Archive, as browsers' developer tools, proxies
// and load testers export them) one entry at a time, for
// `statusinfo check --har`.
//
// The document is parsed with RapidJSON's SAX reader over a buffered stream,
// so memory holds one entry (and the parser's stack), never the file: a
// 100,000-entry HAR streams in a few megabytes. Only what the conformance
// rules read is kept from each entry (the spec: log.entries[i], its request
// and response objects); everything else (timings, cookies, bodies...) is
// skipped as it streams by.
//
// Input that is not HAR is an INVALID_ARGUMENT whose message starts with the
// JSON path of the first problem, e.g.
// "log.entries[17].response.status: missing" or
// "log.entries[3].request.headers[2].value: expected a string, got a
// number"; a JSON syntax error names the path it occurred in and the byte
// offset. Entries before the problem have already been handed over.
//
// Example:
//
//   std::ifstream file("capture.har", std::ios::binary);
//   absl::Status status = ReadHar(file, [&](HarEntry& entry) {
//     std::cout << entry.index << " " << entry.method << " " << entry.url
//               << " -> " << entry.status << "\n";
//     return absl::OkStatus();  // an error here stops the reading
//   });
//   if (!status.ok()) std::cerr << status.message() << "\n";
#ifndef STATUSINFO_CLIENT_CLI_HAR_READER_H_
#define STATUSINFO_CLIENT_CLI_HAR_READER_H_

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "statusinfo/v1/conformance.pb.h"

namespace statusinfo::cli {

// The longest JSON string (key or value) the reader accepts, in bytes.
// Real HARs hold response bodies in content.text, a few MiB at most; the cap
// keeps one hostile string from taking all memory. Longer is an error.
inline constexpr std::size_t kMaxHarStringBytes = std::size_t{64} << 20;

// The deepest nesting of arrays and objects the reader accepts. HAR itself
// nests six deep; the cap keeps the parser's stack bounded.
inline constexpr int kMaxHarDepth = 64;

// What the rules need from one entry of log.entries. Numbers the file does
// not give are -1, as the spec writes unknown sizes.
struct HarEntry {
  // The entry's position in log.entries, from 0.
  std::int64_t index = 0;
  // request.method, request.url, request.httpVersion, request.headers.
  std::string method;
  std::string url;
  std::string request_version;
  google::protobuf::RepeatedPtrField<v1::HttpHeader> request_headers;
  // response.status (0 when the client got no response, as browsers write
  // for aborted or blocked requests), response.statusText,
  // response.httpVersion, response.headers.
  int status = 0;
  std::string status_text;
  std::string response_version;
  google::protobuf::RepeatedPtrField<v1::HttpHeader> response_headers;
  // response.bodySize and response.content.size.
  std::int64_t body_size = -1;
  std::int64_t content_size = -1;
};

// Reads the HAR document in `in` and calls `on_entry` with each entry of
// log.entries, in order, as soon as its closing brace has been read. The
// entry may be moved from; the reader reuses it for the next one (header
// fields are kept in RepeatedPtrFields, whose cleared elements are reused,
// so that reading allocates little once it runs). Required members: log,
// log.entries, and in each entry request.{method,url,httpVersion,headers} and
// response.{status,statusText,httpVersion,headers}, each header with a
// string name and value. Anything else may be absent or of any type. The
// strings kept must be UTF-8 (the spec requires it of the whole file; the
// rest is not checked). A UTF-8 byte order mark is skipped (the spec allows
// one). An error from
// `on_entry` stops the reading and is returned unchanged.
absl::Status ReadHar(std::istream& in,
                     absl::FunctionRef<absl::Status(HarEntry&)> on_entry);

}  // namespace statusinfo::cli

#endif  // STATUSINFO_CLIENT_CLI_HAR_READER_H_
