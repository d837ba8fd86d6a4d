#include "client/cli/response_heads.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "service/core/http_grammar.h"

namespace statusinfo::cli {
namespace {

namespace v1 = ::statusinfo::v1;

constexpr absl::string_view kHeadStart = "HTTP/";

bool IsInformational(const ResponseHead& head) {
  return head.status_code >= 100 && head.status_code <= 199;
}

// A 1xx other than 101, after which the next head must follow. After a 101
// the connection speaks another protocol: a head follows only when curl
// prints one (an h2c upgrade), so it is read like a final head.
bool IsInterim(const ResponseHead& head) {
  return IsInformational(head) && head.status_code != 101;
}

// What follows a head on the input.
enum class Next { kEnd, kHead, kContent };

// Skips the CR and LF bytes after a head, then looks at what follows: a
// head when it starts with "HTTP/" (or after a 1xx, always), content
// otherwise. The bytes taken from `in` to tell go to `start`.
Next LookAhead(std::istream& in, bool interim, std::string& start) {
  int c = in.get();
  while (c == '\r' || c == '\n') c = in.get();
  if (c == std::char_traits<char>::eof()) return Next::kEnd;
  start.assign(1, static_cast<char>(c));
  if (interim) return Next::kHead;
  while (start.size() < kHeadStart.size() &&
         absl::StartsWith(kHeadStart, start)) {
    c = in.get();
    if (c == std::char_traits<char>::eof()) break;
    start.push_back(static_cast<char>(c));
  }
  return start == kHeadStart ? Next::kHead : Next::kContent;
}

// Reads `in` to its end without keeping it.
void Drain(std::istream& in) {
  in.ignore(std::numeric_limits<std::streamsize>::max());
}

// The value of Content-Length when it is a decimal number, or a list of
// equal ones; nullopt otherwise (the grammar rules report it).
std::optional<std::uint64_t> ContentLength(const ResponseHead& head) {
  std::optional<std::uint64_t> length;
  for (const v1::HttpHeader& header : head.headers) {
    if (!absl::EqualsIgnoreCase(header.name(), "Content-Length")) continue;
    for (absl::string_view member : absl::StrSplit(header.value(), ',')) {
      member = core::TrimOws(member);
      std::uint64_t value = 0;
      if (member.empty() || !absl::c_all_of(member, absl::ascii_isdigit) ||
          !absl::SimpleAtoi(member, &value) || (length && *length != value)) {
        return std::nullopt;
      }
      length = value;
    }
  }
  return length;
}

bool HasTransferEncoding(const ResponseHead& head) {
  for (const v1::HttpHeader& header : head.headers) {
    if (absl::EqualsIgnoreCase(header.name(), "Transfer-Encoding") &&
        !header.value().empty()) {
      return true;
    }
  }
  return false;
}

}  // namespace

absl::StatusOr<std::vector<InputHead>> ReadResponseHeads(
    std::istream& in, std::size_t max_bytes) {
  std::vector<InputHead> heads;
  std::string start;
  while (true) {
    absl::StatusOr<std::string> raw =
        ReadResponseHeadFrom(start, in, max_bytes);
    absl::StatusOr<ResponseHead> head =
        raw.ok() ? ParseResponseHead(*raw) : raw.status();
    if (!head.ok()) {
      if (heads.empty()) return head.status();
      return absl::InvalidArgumentError(absl::StrCat(
          "head ", heads.size() + 1, " (after ", heads.back().head.status_code,
          "): ", head.status().message()));
    }
    if (heads.size() == kMaxHeads) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the input holds more than ", kMaxHeads, " response heads"));
    }
    heads.push_back({*std::move(head), false});
    switch (LookAhead(in, IsInterim(heads.back().head), start)) {
      case Next::kEnd:
        return heads;
      case Next::kHead:
        break;
      case Next::kContent:
        heads.back().bytes_follow = true;
        Drain(in);
        return heads;
    }
  }
}

bool InferHasContent(const ResponseHead& head, absl::string_view method,
                     bool bytes_follow) {
  const int code = head.status_code;
  if (method == "HEAD" || IsInformational(head) || code == 204 || code == 304 ||
      (method == "CONNECT" && code >= 200 && code <= 299)) {
    return false;
  }
  if (bytes_follow || HasTransferEncoding(head)) return true;
  const std::optional<std::uint64_t> length = ContentLength(head);
  return length && *length > 0;
}

}  // namespace statusinfo::cli
