// The grammar of the response fields that the rules read. A sender must not
// generate a protocol element that does not match its ABNF (RFC 9110,
// Section 2.2), so each mismatch is an ERROR; the rules that read a field
// stay silent when it does not parse.
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/core/exchange_checks.h"
#include "service/core/field_grammar.h"
#include "service/core/http_grammar.h"

namespace statusinfo::core {
namespace {

// Reports every line of `field` that `valid` rejects.
template <typename Valid>
void CheckEachLine(const RuleDescriptor& rule, const ResponseView& view,
                   Field field, Valid valid, absl::string_view expected,
                   FindingSink& sink) {
  view.fields.ForEach(field, [&](absl::string_view value) {
    if (valid(value)) return;
    sink.Add(rule, absl::StrCat(FieldName(field), " is ", QuoteValue(value),
                                ", which is not ", expected));
  });
}

bool IsHttpDate(absl::string_view value) {
  return ParseHttpDate(value) != DateFormat::kInvalid;
}

constexpr absl::string_view kHttpDate =
    "an HTTP-date such as \"Sun, 06 Nov 1994 08:49:37 GMT\"";

constexpr absl::string_view kChallenges =
    "a comma-separated list of challenges, each an auth-scheme followed by "
    "a token68 or name=value parameters, e.g. \"Basic realm=\\\"x\\\"\"";

}  // namespace

void CheckETagSyntax(const RuleDescriptor& rule, const ResponseView& view,
                     FindingSink& sink) {
  CheckEachLine(
      rule, view, Field::kETag,
      [](absl::string_view value) { return ParseEntityTag(value).has_value(); },
      "an entity-tag: a quoted string, optionally prefixed by W/, e.g. "
      "\"\\\"v1\\\"\" or \"W/\\\"v1\\\"\"",
      sink);
}

void CheckLastModifiedSyntax(const RuleDescriptor& rule,
                             const ResponseView& view, FindingSink& sink) {
  CheckEachLine(rule, view, Field::kLastModified, IsHttpDate, kHttpDate, sink);
}

void CheckExpiresSyntax(const RuleDescriptor& rule, const ResponseView& view,
                        FindingSink& sink) {
  CheckEachLine(rule, view, Field::kExpires, IsHttpDate,
                absl::StrCat(kHttpDate,
                             " (caches read an invalid value such as \"0\" as "
                             "already expired)"),
                sink);
}

void CheckLocationSyntax(const RuleDescriptor& rule, const ResponseView& view,
                         FindingSink& sink) {
  CheckEachLine(rule, view, Field::kLocation, IsUriReference,
                "a URI reference: spaces, non-ASCII octets and other "
                "characters outside RFC 3986 must be percent-encoded",
                sink);
}

void CheckAllowSyntax(const RuleDescriptor& rule, const ResponseView& view,
                      FindingSink& sink) {
  CheckEachLine(rule, view, Field::kAllow, IsAllowValue,
                "a comma-separated list of method tokens, e.g. \"GET, HEAD\"",
                sink);
}

void CheckContentTypeSyntax(const RuleDescriptor& rule,
                            const ResponseView& view, FindingSink& sink) {
  CheckEachLine(rule, view, Field::kContentType, IsMediaType,
                "a media type: type/subtype, then parameters as ;name=value "
                "with a token or quoted-string value, e.g. "
                "\"text/html; charset=utf-8\"",
                sink);
}

void CheckVarySyntax(const RuleDescriptor& rule, const ResponseView& view,
                     FindingSink& sink) {
  CheckEachLine(rule, view, Field::kVary, IsVaryValue,
                "\"*\" or a comma-separated list of field names, e.g. "
                "\"Accept-Encoding, Accept-Language\"",
                sink);
}

void CheckCacheControlSyntax(const RuleDescriptor& rule,
                             const ResponseView& view, FindingSink& sink) {
  CheckEachLine(rule, view, Field::kCacheControl, IsCacheControl,
                "a comma-separated list of directives, each a token with an "
                "optional =token or =quoted-string argument, e.g. "
                "\"max-age=60, must-revalidate\"",
                sink);
}

void CheckUpgradeSyntax(const RuleDescriptor& rule, const ResponseView& view,
                        FindingSink& sink) {
  CheckEachLine(rule, view, Field::kUpgrade, IsUpgradeValue,
                "a comma-separated list of protocols, each a name with an "
                "optional /version, e.g. \"websocket\" or \"h2c\"",
                sink);
}

void CheckConnectionSyntax(const RuleDescriptor& rule, const ResponseView& view,
                           FindingSink& sink) {
  CheckEachLine(rule, view, Field::kConnection, IsConnectionValue,
                "a comma-separated list of connection options (tokens), e.g. "
                "\"keep-alive\" or \"upgrade\"",
                sink);
}

void CheckWwwAuthenticateSyntax(const RuleDescriptor& rule,
                                const ResponseView& view, FindingSink& sink) {
  CheckEachLine(rule, view, Field::kWwwAuthenticate, IsChallengeList,
                kChallenges, sink);
}

void CheckProxyAuthenticateSyntax(const RuleDescriptor& rule,
                                  const ResponseView& view, FindingSink& sink) {
  CheckEachLine(rule, view, Field::kProxyAuthenticate, IsChallengeList,
                kChallenges, sink);
}

void CheckRequestPreconditionSyntax(const RuleDescriptor& rule,
                                    const ResponseView& view,
                                    FindingSink& sink) {
  const FieldTable& fields = view.request_fields;
  const auto report = [&](Field field, absl::string_view expected) {
    sink.Add(rule,
             absl::StrCat("The request's ", FieldName(field), " is ",
                          QuoteValue(fields.first(field)), ", which is not ",
                          expected, "; the rules do not read it"));
  };
  for (Field field : {Field::kIfMatch, Field::kIfNoneMatch}) {
    if (fields.has(field) && !RequestTags(view, field).has_value()) {
      report(field, "\"*\" or a list of entity tags (Section 13.1.1/13.1.2)");
    }
  }
  // The grammar only (ParseHttpDate): converting to seconds costs more.
  for (Field field : {Field::kIfModifiedSince, Field::kIfUnmodifiedSince}) {
    const std::optional<absl::string_view> value = SingleValue(fields, field);
    if (fields.has(field) && (!value.has_value() || !IsHttpDate(*value))) {
      report(field, "a single HTTP-date (Sections 13.1.3/13.1.4)");
    }
  }
  if (fields.has(Field::kIfRange)) {
    const std::optional<absl::string_view> value =
        SingleValue(fields, Field::kIfRange);
    if (!value.has_value() ||
        (!ParseEntityTag(*value).has_value() && !IsHttpDate(*value))) {
      report(Field::kIfRange, "an entity tag or an HTTP-date (Section 13.1.5)");
    }
  }
}

void CheckRequestRangeSyntax(const RuleDescriptor& rule,
                             const ResponseView& view, FindingSink& sink) {
  const FieldTable& fields = view.request_fields;
  if (!fields.has(Field::kRange)) return;
  const absl::string_view value = fields.first(Field::kRange);
  // Other range units have their own grammar (Section 14.1.1).
  const bool bytes = absl::StartsWithIgnoreCase(value, "bytes=");
  if (fields.count(Field::kRange) == 1 &&
      (!bytes || ParseByteRanges(value).has_value())) {
    return;
  }
  sink.Add(rule, absl::StrCat("The request's Range is ", QuoteValue(value),
                              fields.count(Field::kRange) > 1
                                  ? ", repeated"
                                  : ", which is not a valid bytes "
                                    "ranges-specifier such as "
                                    "\"bytes=0-499\"",
                              "; the range rules do not read it"));
}

}  // namespace statusinfo::core
