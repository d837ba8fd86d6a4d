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

void CheckFieldSyntax(const RuleDescriptor& rule, const ResponseView& view,
                      FindingSink& sink) {
  const FieldSyntax& syntax = rule.syntax;
  view.fields.ForEach(syntax.field, [&](absl::string_view value) {
    if (syntax.valid(value)) return;
    sink.Add(rule,
             absl::StrCat(FieldName(syntax.field), " is ", QuoteValue(value),
                          ", which is not ", syntax.expected));
  });
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
