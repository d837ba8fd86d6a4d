// The rules of conditional requests (RFC 9110, Section 13): a response
// compared with the preconditions its request carried. Each rule reads the
// validators the response itself shows (ETag, Last-Modified): those of the
// selected representation, which the server compared. When a validator or
// precondition is absent, repeated or malformed, the rule stays silent.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/core/exchange_checks.h"

namespace statusinfo::core {
namespace {

bool AnyMatch(const EntityTagList& list, const EntityTag& tag, bool strong) {
  for (const EntityTag& member : list.tags) {
    if (strong ? StrongMatch(member, tag) : WeakMatch(member, tag)) return true;
  }
  return false;
}

// The reason the request's If-Match fails against the response's ETag, or
// an empty string when it holds or cannot be judged.
std::string IfMatchFailure(const ResponseView& view) {
  const std::optional<EntityTagList> if_match =
      RequestTags(view, Field::kIfMatch);
  const std::optional<EntityTag> etag = ResponseETag(view);
  if (!if_match.has_value() || if_match->any || !etag.has_value() ||
      AnyMatch(*if_match, *etag, /*strong=*/true)) {
    return "";
  }
  return absl::StrCat("the request's If-Match (",
                      QuoteValue(view.request_fields.first(Field::kIfMatch)),
                      ") does not strongly match the ETag ",
                      QuoteValue(view.fields.first(Field::kETag)));
}

// Likewise for If-Unmodified-Since, which counts only without If-Match.
std::string IfUnmodifiedSinceFailure(const ResponseView& view) {
  if (view.request_fields.has(Field::kIfMatch)) return "";
  const std::optional<std::int64_t> since =
      DateOf(view.request_fields, Field::kIfUnmodifiedSince);
  const std::optional<std::int64_t> modified =
      DateOf(view.fields, Field::kLastModified);
  if (!since.has_value() || !modified.has_value() || *modified <= *since) {
    return "";
  }
  return absl::StrCat(
      "the request's If-Unmodified-Since (",
      QuoteValue(view.request_fields.first(Field::kIfUnmodifiedSince)),
      ") is earlier than the Last-Modified ",
      QuoteValue(view.fields.first(Field::kLastModified)));
}

// Reports a 2xx to GET or HEAD although `failure` (from the functions
// above) shows that the precondition `field` was false. Only GET and HEAD:
// to a state-changing method, a 2xx may say that the change had already
// been applied, which Sections 13.1.1 and 13.1.4 allow.
void ReportPerformedDespite(const RuleDescriptor& rule,
                            const ResponseView& view,
                            const std::string& failure, absl::string_view field,
                            FindingSink& sink) {
  if (failure.empty() ||
      (view.method != Method::kGet && view.method != Method::kHead)) {
    return;
  }
  sink.Add(rule, absl::StrCat("The ", view.code, " response performs the ",
                              view.method_name, " although ", failure,
                              "; an origin server must not perform the method "
                              "when ",
                              field, " is false (412 instead)"));
}

}  // namespace

std::optional<absl::string_view> SingleValue(const FieldTable& fields,
                                             Field field) {
  if (fields.count(field) != 1) return std::nullopt;
  return fields.first(field);
}

std::optional<EntityTag> ResponseETag(const ResponseView& view) {
  const std::optional<absl::string_view> value =
      SingleValue(view.fields, Field::kETag);
  if (!value.has_value()) return std::nullopt;
  return ParseEntityTag(*value);
}

std::optional<std::int64_t> DateOf(const FieldTable& fields, Field field) {
  const std::optional<absl::string_view> value = SingleValue(fields, field);
  if (!value.has_value()) return std::nullopt;
  return HttpDateSeconds(*value);
}

std::optional<EntityTagList> RequestTags(const ResponseView& view,
                                         Field field) {
  if (!view.request_fields.has(field)) return std::nullopt;
  std::vector<absl::string_view> lines;
  view.request_fields.ForEach(
      field, [&](absl::string_view value) { lines.push_back(value); });
  return ParseEntityTagList(lines);
}

bool IsGetOrHead(const ResponseView& view) {
  return view.method == Method::kGet || view.method == Method::kHead;
}

void CheckIfMatchFailed(const RuleDescriptor& rule, const ResponseView& view,
                        FindingSink& sink) {
  ReportPerformedDespite(rule, view, IfMatchFailure(view), "If-Match", sink);
}

void CheckIfUnmodifiedSinceFailed(const RuleDescriptor& rule,
                                  const ResponseView& view, FindingSink& sink) {
  ReportPerformedDespite(rule, view, IfUnmodifiedSinceFailure(view),
                         "If-Unmodified-Since", sink);
}

void CheckIfNoneMatchMatched(const RuleDescriptor& rule,
                             const ResponseView& view, FindingSink& sink) {
  if (!IsGetOrHead(view)) return;
  const std::optional<EntityTagList> if_none_match =
      RequestTags(view, Field::kIfNoneMatch);
  if (!if_none_match.has_value()) return;
  const absl::string_view asked =
      view.request_fields.first(Field::kIfNoneMatch);
  std::string why;
  if (if_none_match->any) {
    // A 200, 203 or 206 to GET or HEAD shows that a current representation
    // exists (a 202 or 204 does not).
    if (view.code != 200 && view.code != 203 && view.code != 206) return;
    why = "If-None-Match: * is false when a current representation exists";
  } else {
    const std::optional<EntityTag> etag = ResponseETag(view);
    if (!etag.has_value() || !AnyMatch(*if_none_match, *etag, false)) return;
    why = absl::StrCat("the request's If-None-Match (", QuoteValue(asked),
                       ") matches the ETag ",
                       QuoteValue(view.fields.first(Field::kETag)),
                       " (weak comparison)");
  }
  sink.Add(rule, absl::StrCat("The ", view.code, " response answers a ",
                              view.method_name, " although ", why,
                              "; the server must answer 304 (Not Modified) "
                              "instead of performing the method"));
}

void CheckNotModifiedEtagMismatch(const RuleDescriptor& rule,
                                  const ResponseView& view, FindingSink& sink) {
  const std::optional<EntityTagList> if_none_match =
      RequestTags(view, Field::kIfNoneMatch);
  const std::optional<EntityTag> etag = ResponseETag(view);
  if (!if_none_match.has_value() || if_none_match->any || !etag.has_value() ||
      AnyMatch(*if_none_match, *etag, /*strong=*/false)) {
    return;
  }
  sink.Add(rule, absl::StrCat(
                     "The 304 response's ETag ",
                     QuoteValue(view.fields.first(Field::kETag)),
                     " matches none of the request's If-None-Match (",
                     QuoteValue(view.request_fields.first(Field::kIfNoneMatch)),
                     "), so the condition was true and the method must be "
                     "performed; If-Modified-Since does not count when "
                     "If-None-Match is present"));
}

void CheckNotModifiedEtag(const RuleDescriptor& rule, const ResponseView& view,
                          FindingSink& sink) {
  if (view.fields.has(Field::kETag)) return;
  const std::optional<EntityTagList> if_none_match =
      RequestTags(view, Field::kIfNoneMatch);
  if (!if_none_match.has_value() || if_none_match->any) return;
  sink.Add(
      rule,
      absl::StrCat("The 304 response has no ETag, although it answers an "
                   "If-None-Match (",
                   QuoteValue(view.request_fields.first(Field::kIfNoneMatch)),
                   ") that matched the representation's entity tag; a 304 must "
                   "carry the ETag a 200 would have carried"));
}

void CheckPreconditionOrder(const RuleDescriptor& rule,
                            const ResponseView& view, FindingSink& sink) {
  if (!IsGetOrHead(view)) return;
  std::string failure = IfMatchFailure(view);
  if (failure.empty()) failure = IfUnmodifiedSinceFailure(view);
  if (failure.empty()) return;
  sink.Add(rule, absl::StrCat("The response is 304 although ", failure,
                              "; If-Match and If-Unmodified-Since are "
                              "evaluated before If-None-Match and "
                              "If-Modified-Since, so the answer must be 412"));
}

void CheckPreconditionsIgnoredMethod(const RuleDescriptor& rule,
                                     const ResponseView& view,
                                     FindingSink& sink) {
  if (view.code != 304 && view.code != 412) return;
  const absl::string_view method = view.method_name;
  if (method != "CONNECT" && method != "OPTIONS" && method != "TRACE") return;
  const Field field = view.request_fields.FirstPresent(
      {Field::kIfMatch, Field::kIfNoneMatch, Field::kIfModifiedSince,
       Field::kIfUnmodifiedSince});
  if (field == Field::kOther) return;
  sink.Add(rule, absl::StrCat("The ", view.code, " response answers ", method,
                              " as if its ", FieldName(field),
                              " had been evaluated; a server must ignore "
                              "preconditions on CONNECT, OPTIONS and TRACE"));
}

void CheckPreconditionFailedConditional(const RuleDescriptor& rule,
                                        const ResponseView& view,
                                        FindingSink& sink) {
  if (!view.request_headers_known ||
      view.request_fields.FirstPresent(
          {Field::kIfMatch, Field::kIfNoneMatch, Field::kIfUnmodifiedSince}) !=
          Field::kOther) {
    return;
  }
  sink.Add(rule,
           "A 412 says a precondition of the request was false, but the "
           "request has no If-Match, If-None-Match or If-Unmodified-Since");
}

}  // namespace statusinfo::core
