// Fuzzes how `statusinfo check` reads its input (client/cli/response_heads.h):
// ReadResponseHeads on the raw bytes, as a file or a pipe would give them,
// then InferHasContent and the ValidateResponse request of every head.
//
// Beyond "no crash, no hang, no sanitizer report", it checks what check
// relies on: a failure is INVALID_ARGUMENT with a message; there are at most
// kMaxHeads heads; only the last head can have bytes after it; the input is
// read to its end; a response to HEAD, a 1xx, 204 or 304 never has content;
// and the request for the server carries only UTF-8, so it reaches it.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "client/cli/response_head.h"
#include "client/cli/response_heads.h"
#include "tests/fuzz/fuzz_common.h"

namespace statusinfo::fuzz {
namespace {

using cli::InputHead;

void CheckHead(const InputHead& input, bool last) {
  const cli::ResponseHead& head = input.head;
  FUZZ_CHECK(last || !input.bytes_follow, head.status_line);
  FUZZ_CHECK(head.status_code >= 0 && head.status_code <= 999,
             head.status_line);
  const int code = head.status_code;
  for (const char* method : {"HEAD", "GET", "CONNECT", ""}) {
    const bool content = cli::InferHasContent(head, method, true);
    const bool never = absl::string_view(method) == "HEAD" ||
                       (code >= 100 && code <= 199) || code == 204 ||
                       code == 304;
    FUZZ_CHECK(!(never && content), head.status_line);
    // Bytes after the head are content whenever content is allowed.
    FUZZ_CHECK(never || absl::string_view(method) == "CONNECT" || content,
               head.status_line);
    const v1::ValidateResponseRequest request =
        cli::ToValidateResponseRequest(head, method, content);
    FUZZ_CHECK(IsValidUtf8(request.http_version()), request.http_version());
    CheckRoundTrip(request);
  }
}

void FuzzCheckInput(const std::string& bytes) {
  std::istringstream in(bytes);
  absl::StatusOr<std::vector<InputHead>> heads = cli::ReadResponseHeads(in);
  if (!heads.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(heads.status()),
               heads.status().ToString());
    FUZZ_CHECK(!heads.status().message().empty(), "no message");
    return;
  }
  FUZZ_CHECK(!heads->empty(), "no head and no error");
  FUZZ_CHECK(heads->size() <= static_cast<std::size_t>(cli::kMaxHeads),
             std::to_string(heads->size()));
  FUZZ_CHECK(in.peek() == std::char_traits<char>::eof(),
             "the input was not read to its end");
  for (std::size_t i = 0; i < heads->size(); ++i) {
    CheckHead((*heads)[i], i + 1 == heads->size());
  }
}

}  // namespace
}  // namespace statusinfo::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  statusinfo::fuzz::FuzzCheckInput(
      std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
