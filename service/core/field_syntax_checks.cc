// The grammar of the response fields that the rules read. A sender must not
// generate a protocol element that does not match its ABNF (RFC 9110,
// Section 2.2), so each mismatch is an ERROR; the rules that read a field
// stay silent when it does not parse.
#include <string>

#include "absl/strings/str_cat.h"
#include "service/core/exchange_checks.h"
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

}  // namespace statusinfo::core
