// UTF-8 (RFC 3629) checks for the strings the service receives and sends.
//
// Every string of a protobuf message the service sends must be UTF-8, or
// the client cannot parse the message; but an HTTP reason phrase may carry
// any octet (obs-text), a catalog file in text format may hold any bytes, and
// a request that is not UTF-8 must be named precisely, not just refused.
// One definition of "valid" serves all three.
//
// Example:
//
//   if (!statusinfo::core::IsValidUtf8(phrase)) {
//     response.set_reason_phrase(statusinfo::core::ToValidUtf8(phrase));
//   }
#ifndef STATUSINFO_SERVICE_CORE_UTF8_H_
#define STATUSINFO_SERVICE_CORE_UTF8_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace statusinfo::core {

// The length (1 to 4) of the well-formed UTF-8 sequence at the start of
// `text`, or 0 when `text` is empty or does not start with one. Overlong
// forms, surrogates and code points above U+10FFFF are not well-formed.
std::size_t Utf8SequenceLength(absl::string_view text);

// True when all of `text` is well-formed UTF-8.
bool IsValidUtf8(absl::string_view text);

// `text` with every octet that does not start a well-formed sequence
// replaced by U+FFFD (the replacement character); valid text is unchanged.
std::string ToValidUtf8(absl::string_view text);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_UTF8_H_
