// The rules that depend on the status code and the request: 1xx, 101, 206,
// CONNECT, 304, 416, 451, error explanations and 425. The checks that apply
// to every response are in response_checks.cc.
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "service/core/http_grammar.h"
#include "service/core/internal/response_checks.h"

namespace statusinfo::core {
namespace {

// Case-insensitive substring search (absl's StrContainsIgnoreCase is newer
// than the abseil this builds with).
bool ContainsIgnoreCase(absl::string_view haystack, absl::string_view needle) {
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (absl::EqualsIgnoreCase(haystack.substr(i, needle.size()), needle)) {
      return true;
    }
  }
  return false;
}

bool IsMultipartByteranges(const ResponseView& view) {
  return HasMediaType(view.fields.first(Field::kContentType),
                      "multipart/byteranges");
}

}  // namespace

void CheckInformationalHttp10(const RuleDescriptor& rule,
                              const ResponseView& view, FindingSink& sink) {
  // The client's version is the request's; unknown means silent.
  if (view.client_version != ClientVersion::kBelow11) return;
  sink.Add(rule, absl::StrCat("The ", view.code, " response answers an ",
                              view.request.request().http_version(),
                              " request, and HTTP/1.0 defines no 1xx codes; a "
                              "server must not send a 1xx response to an "
                              "HTTP/1.0 client"));
}

void CheckUpgradeRequested(const RuleDescriptor& rule, const ResponseView& view,
                           FindingSink& sink) {
  if (!view.request_fields.has(Field::kUpgrade)) return;
  // The protocol names the request offers, collected once: comparing every
  // switched-to protocol with every offered one costs the product of two
  // lists of thousands of members, seconds of CPU for one request within
  // the size limits (see docs/reliability.md).
  absl::flat_hash_set<std::string> offered;
  view.request_fields.ForEach(Field::kUpgrade, [&](absl::string_view asked) {
    ForEachListMember(asked, [&](absl::string_view candidate) {
      offered.insert(absl::AsciiStrToLower(ProtocolName(candidate)));
      return true;
    });
  });
  // One finding per Upgrade line (like the other per-field rules), naming
  // the first protocol not offered: a finding per list member would let a
  // 1 MiB request ask for a response of over 100 MiB.
  view.fields.ForEach(Field::kUpgrade, [&](absl::string_view value) {
    absl::string_view first;
    int not_offered = 0;
    ForEachListMember(value, [&](absl::string_view protocol) {
      if (!offered.contains(absl::AsciiStrToLower(ProtocolName(protocol)))) {
        if (not_offered++ == 0) first = protocol;
      }
      return true;
    });
    if (not_offered == 0) return;
    const std::string more =
        not_offered > 1 ? absl::StrCat(" (and ", not_offered - 1, " more)")
                        : "";
    sink.Add(rule, absl::StrCat(
                       "The 101 response switches to ", QuoteValue(first), more,
                       ", which the request's Upgrade (",
                       QuoteValue(view.request_fields.first(Field::kUpgrade)),
                       ") did not offer; a server must not switch to a "
                       "protocol the client did not ask for"));
  });
}

void CheckPartialContentRange(const RuleDescriptor& rule,
                              const ResponseView& view, FindingSink& sink) {
  if (view.fields.has(Field::kContentRange) || IsMultipartByteranges(view)) {
    return;
  }
  sink.Add(rule,
           "The 206 response has neither Content-Range nor a "
           "multipart/byteranges Content-Type; a single-part 206 must "
           "say which range it carries in Content-Range");
}

void CheckMultipartContentRange(const RuleDescriptor& rule,
                                const ResponseView& view, FindingSink& sink) {
  if (!IsMultipartByteranges(view) || !view.fields.has(Field::kContentRange)) {
    return;
  }
  sink.Add(rule,
           "The 206 response is multipart/byteranges but has "
           "Content-Range in its header section; in a multipart "
           "response each part carries its own Content-Range instead");
}

void CheckMultipartSingleRange(const RuleDescriptor& rule,
                               const ResponseView& view, FindingSink& sink) {
  if (!IsMultipartByteranges(view) || !view.request_fields.has(Field::kRange)) {
    return;
  }
  const absl::string_view range = view.request_fields.first(Field::kRange);
  if (ParseRangeRequest(range).range_count != 1) return;
  sink.Add(rule, absl::StrCat("The request asked for a single range (Range: ",
                              QuoteValue(range),
                              ") but the 206 response is "
                              "multipart/byteranges; a server must not send a "
                              "multipart response to a single-range request"));
}

void CheckPartialRangeRequest(const RuleDescriptor& rule,
                              const ResponseView& view, FindingSink& sink) {
  if (!view.request_headers_known || view.request_fields.has(Field::kRange)) {
    return;
  }
  sink.Add(rule,
           "A 206 answers a range request, but the request has no Range "
           "header field (if it had one, pass it in request_headers)");
}

void CheckConnectFraming(const RuleDescriptor& rule, const ResponseView& view,
                         FindingSink& sink) {
  for (Field field : {Field::kContentLength, Field::kTransferEncoding}) {
    if (!view.fields.has(field)) continue;
    sink.Add(rule, absl::StrCat("The ", view.code, " response to CONNECT has ",
                                FieldName(field),
                                "; a successful CONNECT response starts a "
                                "tunnel and must not carry framing fields"));
  }
}

void CheckNotModifiedMetadata(const RuleDescriptor& rule,
                              const ResponseView& view, FindingSink& sink) {
  std::vector<absl::string_view> present;
  for (Field field : {Field::kContentType, Field::kContentEncoding,
                      Field::kContentLanguage}) {
    if (view.fields.has(field)) present.push_back(FieldName(field));
  }
  if (present.empty()) return;
  sink.Add(rule, absl::StrCat("The 304 response carries ",
                              absl::StrJoin(present, ", "),
                              "; a 304 should not carry representation "
                              "metadata other than Content-Location, Date, "
                              "ETag, Vary, Cache-Control and Expires"));
}

void CheckNotModifiedConditional(const RuleDescriptor& rule,
                                 const ResponseView& view, FindingSink& sink) {
  if (view.method != Method::kUnknown && view.method != Method::kGet &&
      view.method != Method::kHead) {
    sink.Add(rule, absl::StrCat("A 304 answers a conditional GET or HEAD, but "
                                "the request method is ",
                                QuoteValue(view.method_name)));
    return;
  }
  if (!view.request_headers_known ||
      view.request_fields.FirstPresent(
          {Field::kIfNoneMatch, Field::kIfModifiedSince}) != Field::kOther) {
    return;
  }
  sink.Add(rule,
           "A 304 answers a conditional GET or HEAD, but the request "
           "has neither If-None-Match nor If-Modified-Since (if it had "
           "them, pass them in request_headers)");
}

void CheckRangeNotSatisfiableContentRange(const RuleDescriptor& rule,
                                          const ResponseView& view,
                                          FindingSink& sink) {
  // The requirement is for byte-range requests only: silent without Range.
  if (!view.request_fields.has(Field::kRange) ||
      !absl::EqualsIgnoreCase(
          ParseRangeRequest(view.request_fields.first(Field::kRange)).unit,
          "bytes")) {
    return;
  }
  if (view.fields.has(Field::kContentRange)) return;
  sink.Add(rule,
           "The 416 response has no Content-Range; it should send the "
           "current length, e.g. \"Content-Range: bytes */47022\"");
}

void CheckUnsatisfiedRange(const RuleDescriptor& rule, const ResponseView& view,
                           FindingSink& sink) {
  view.fields.ForEach(Field::kContentRange, [&](absl::string_view value) {
    const std::optional<ContentRange> range = ParseContentRange(value);
    if (!range.has_value() || range->unsatisfied) return;
    sink.Add(rule, absl::StrCat("Content-Range is ", QuoteValue(value),
                                "; a 416 response should use the "
                                "unsatisfied-range form \"",
                                range->unit, " */<complete length>\""));
  });
}

void CheckBlockedByLink(const RuleDescriptor& rule, const ResponseView& view,
                        FindingSink& sink) {
  if (view.fields.AnyLine(Field::kLink, [](absl::string_view value) {
        return ContainsIgnoreCase(value, "blocked-by");
      })) {
    return;
  }
  sink.Add(rule,
           "The 451 response has no Link header field with "
           "rel=\"blocked-by\"; the entity blocking access should "
           "identify itself with one");
}

void CheckExplanation(const RuleDescriptor& rule, const ResponseView& view,
                      FindingSink& sink) {
  if (view.request.has_content()) return;
  sink.Add(rule,
           absl::StrCat("The ", view.code,
                        " response has no content; except for HEAD, a "
                        "server should send a representation that "
                        "explains the error and whether it is temporary"));
}

void CheckTooEarly(const RuleDescriptor& rule, const ResponseView& view,
                   FindingSink& sink) {
  if (!view.request_headers_known ||
      view.request_fields.first(Field::kEarlyData) == "1") {
    return;
  }
  sink.Add(rule,
           "The request has no \"Early-Data: 1\"; a server should not "
           "send 425 unless the request came in TLS early data (which "
           "this check cannot see) or carries Early-Data: 1");
}

}  // namespace statusinfo::core
