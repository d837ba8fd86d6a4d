// Helpers shared by the fuzz targets: the built-in catalog, loaded once, and
// checks that abort (which libFuzzer reports as a crash, with the input).
#ifndef STATUSINFO_TESTS_FUZZ_FUZZ_COMMON_H_
#define STATUSINFO_TESTS_FUZZ_FUZZ_COMMON_H_

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "google/protobuf/stubs/logging.h"
#include "service/core/catalog.h"
#include "service/core/catalog_loader.h"

// Aborts with `what` when `condition` is false: a broken invariant is a
// crash to libFuzzer, like a sanitizer report.
#define FUZZ_CHECK(condition, what)                                        \
  do {                                                                     \
    if (!(condition)) {                                                    \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: %s\n", __FILE__, \
                   __LINE__, #condition, std::string(what).c_str());       \
      std::abort();                                                        \
    }                                                                      \
  } while (false)

namespace statusinfo::fuzz {

// protobuf logs an ERROR line for every string that is not UTF-8 it parses
// or serializes, which fuzz inputs do all the time; the checks below say
// what matters. Runs once, before LLVMFuzzerTestOneInput.
inline const bool kProtobufLogsOff = [] {
  google::protobuf::SetLogHandler(nullptr);
  return true;
}();

// The built-in catalog, as the server loads it. Never destroyed.
inline const core::Catalog& BuiltinCatalog() {
  static const core::Catalog* const catalog = [] {
    absl::StatusOr<core::Catalog> loaded = core::LoadCatalog("");
    FUZZ_CHECK(loaded.ok(), loaded.status().ToString());
    return new core::Catalog(*std::move(loaded));
  }();
  return *catalog;
}

// True when `text` is well-formed UTF-8 (RFC 3629): no overlong forms, no
// surrogates, nothing above U+10FFFF.
inline bool IsValidUtf8(absl::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = [&](std::size_t k) {
      return static_cast<unsigned char>(text[k]);
    };
    const unsigned char lead = b(i);
    std::size_t length;
    unsigned char low = 0x80, high = 0xbf;
    if (lead < 0x80) {
      length = 1;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead == 0xe0) low = 0xa0;
      if (lead == 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead == 0xf0) low = 0x90;
      if (lead == 0xf4) high = 0x8f;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    if (length > 1 && (b(i + 1) < low || b(i + 1) > high)) return false;
    for (std::size_t k = 2; k < length; ++k) {
      if (b(i + k) < 0x80 || b(i + k) > 0xbf) return false;
    }
    i += length;
  }
  return true;
}

// Checks that `message` survives the wire as a client sees it: protobuf
// refuses to parse a proto3 string field that is not UTF-8, so a response
// that does not round-trip is one the client cannot read.
template <typename Message>
void CheckRoundTrip(const Message& message) {
  std::string bytes;
  FUZZ_CHECK(message.SerializeToString(&bytes), message.ShortDebugString());
  Message parsed;
  FUZZ_CHECK(parsed.ParseFromString(bytes),
             "the serialized response does not parse (invalid UTF-8?): " +
                 message.ShortDebugString());
}

}  // namespace statusinfo::fuzz

#endif  // STATUSINFO_TESTS_FUZZ_FUZZ_COMMON_H_
