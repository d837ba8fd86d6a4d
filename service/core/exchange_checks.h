// The check functions of the rules that read the request and the response
// together (preconditions, ranges, methods, the client's version) and of
// the field grammar rules, for the rule table in response_rules.cc. Not part
// of the core's interface.
#ifndef STATUSINFO_SERVICE_CORE_EXCHANGE_CHECKS_H_
#define STATUSINFO_SERVICE_CORE_EXCHANGE_CHECKS_H_

#include <cstdint>
#include <optional>

#include "service/core/internal/response_checks.h"
#include "service/core/validator_grammar.h"

namespace statusinfo::core {

// Helpers for the checks below. Each returns nullopt when the fact is not
// there to read (the field is absent, repeated or malformed), so that the
// rules stay silent rather than guess.

// The value of a field that appears exactly once.
std::optional<absl::string_view> SingleValue(const FieldTable& fields,
                                             Field field);
// The response's entity tag (a single, valid ETag).
std::optional<EntityTag> ResponseETag(const ResponseView& view);
// A single, valid HTTP-date field of `fields`, in seconds.
std::optional<std::int64_t> DateOf(const FieldTable& fields, Field field);
// The request's If-Match or If-None-Match list.
std::optional<EntityTagList> RequestTags(const ResponseView& view, Field field);
// True when the request method is GET or HEAD.
bool IsGetOrHead(const ResponseView& view);

// precondition_checks.cc (RFC 9110, Section 13 and 15.4.5).
void CheckIfMatchFailed(const RuleDescriptor&, const ResponseView&,
                        FindingSink&);
void CheckIfUnmodifiedSinceFailed(const RuleDescriptor&, const ResponseView&,
                                  FindingSink&);
void CheckIfNoneMatchMatched(const RuleDescriptor&, const ResponseView&,
                             FindingSink&);
void CheckNotModifiedEtagMismatch(const RuleDescriptor&, const ResponseView&,
                                  FindingSink&);
void CheckNotModifiedEtag(const RuleDescriptor&, const ResponseView&,
                          FindingSink&);
void CheckPreconditionOrder(const RuleDescriptor&, const ResponseView&,
                            FindingSink&);
void CheckPreconditionsIgnoredMethod(const RuleDescriptor&, const ResponseView&,
                                     FindingSink&);
void CheckPreconditionFailedConditional(const RuleDescriptor&,
                                        const ResponseView&, FindingSink&);

// range_checks.cc (RFC 9110, Sections 13.1.5 and 14).
void CheckPartialRangeRequested(const RuleDescriptor&, const ResponseView&,
                                FindingSink&);
void CheckPartialIfRange(const RuleDescriptor&, const ResponseView&,
                         FindingSink&);
void CheckRangeSatisfiable(const RuleDescriptor&, const ResponseView&,
                           FindingSink&);

// method_checks.cc: methods, the client's version and the request's size.
void CheckCreatedSafeMethod(const RuleDescriptor&, const ResponseView&,
                            FindingSink&);
void CheckAllowListsMethod(const RuleDescriptor&, const ResponseView&,
                           FindingSink&);
void CheckTransferEncodingClientHttp10(const RuleDescriptor&,
                                       const ResponseView&, FindingSink&);
void CheckRequestFieldLimits(const RuleDescriptor&, const ResponseView&,
                             FindingSink&);

// field_syntax_checks.cc: the grammar of the fields the rules read.
// Reports every line of rule.syntax.field that rule.syntax.valid rejects.
void CheckFieldSyntax(const RuleDescriptor&, const ResponseView&, FindingSink&);
void CheckRequestPreconditionSyntax(const RuleDescriptor&, const ResponseView&,
                                    FindingSink&);
void CheckRequestRangeSyntax(const RuleDescriptor&, const ResponseView&,
                             FindingSink&);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_EXCHANGE_CHECKS_H_
