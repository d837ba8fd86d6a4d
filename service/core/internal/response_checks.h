// Internals of the conformance rule table (response_rules.cc): the rule
// descriptor, the per-request view the rules read, and the check functions
// for rules that are more than "this header is required" or "this response
// has no content". The header field table they read is in field_table.h.
// Not part of the core's interface.
#ifndef STATUSINFO_SERVICE_CORE_INTERNAL_RESPONSE_CHECKS_H_
#define STATUSINFO_SERVICE_CORE_INTERNAL_RESPONSE_CHECKS_H_

#include <climits>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "service/core/catalog.h"
#include "service/core/exchange.h"
#include "service/core/http_grammar.h"
#include "service/core/internal/field_table.h"
#include "service/core/rule_info.h"
#include "statusinfo/v1/status_code.pb.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::core {

namespace v1 = ::statusinfo::v1;

// The request methods some rule depends on. Methods are case-sensitive
// (RFC 9112, Section 3.1): "head" is not HEAD.
enum class Method : std::uint8_t { kUnknown, kGet, kHead, kConnect, kOther };

// What the rules need to know about one ValidateResponseRequest, computed
// once before the table runs.
struct ResponseView {
  ResponseView(const Catalog& catalog,
               const v1::ValidateResponseRequest& request);

  // The served catalog: a code is assigned when it has an entry here.
  const Catalog& catalog;
  const v1::ValidateResponseRequest& request;
  int code;
  Method method;
  // The request method as given (request.method, or the deprecated
  // request_method); empty if unknown.
  absl::string_view method_name;
  // From request.http_version.
  ClientVersion client_version;
  // True when the request is described at all: `request` is set, or the
  // deprecated request_method or request_headers are given. Rules about a
  // request header's absence stay silent otherwise.
  bool request_known;
  // True when the request's header fields are given (at least one): rules
  // about a request header's absence stay silent otherwise, since a request
  // described by its method alone says nothing about its fields.
  bool request_headers_known;
  // http_version is "HTTP/1.0" (empty means HTTP/1.1).
  bool http10;
  FieldTable fields;
  // The request's header fields (request.headers, or the deprecated
  // request_headers), without the lines over the size limits.
  FieldTable request_fields;
  // Found in one pass over the response's header lines, so that the syntax
  // rules only look closer when something is wrong.
  bool has_bad_name = false;
  bool has_crlf_nul = false;
  bool has_control = false;
};

// Which codes a rule applies to: one code or an inclusive range.
struct CodeRange {
  int first;
  int last;
  constexpr bool Contains(int code) const {
    return code >= first && code <= last;
  }
};
inline constexpr CodeRange kAnyCode = {INT_MIN, INT_MAX};
constexpr CodeRange Code(int code) { return {code, code}; }
constexpr CodeRange Codes(int first, int last) { return {first, last}; }

// Which request methods a rule applies to.
enum class MethodFilter : std::uint8_t { kAny, kHead, kNotHead, kConnect };

// A header field that a "header required" rule asks for, as
// HeaderRequirementsFor reports it.
struct RequiredField {
  Field field = Field::kOther;
  // The keyword of the specification; UNSPECIFIED when it uses none.
  v1::RequirementLevel level = v1::REQUIREMENT_LEVEL_UNSPECIFIED;
  // When the requirement applies; empty when always.
  absl::string_view condition;
};

class FindingSink;
struct RuleDescriptor;

// A rule that needs more than the generic kinds below.
using CheckFn = void (*)(const RuleDescriptor& rule, const ResponseView& view,
                         FindingSink& sink);

// The grammar every line of a response field must match, for the rules
// that check a field's syntax alone (CheckFieldSyntax).
struct FieldSyntax {
  Field field = Field::kOther;
  bool (*valid)(absl::string_view value) = nullptr;
  // What a valid value is, for the finding's message: "..., which is not
  // <expected>".
  absl::string_view expected;
};

// One row of the rule table. A rule is one of three generic kinds (required
// field, forbidden field, forbidden content) or runs `check`; `problem` is
// the finding's message for the generic kinds.
struct RuleDescriptor {
  RuleInfo info;
  CodeRange codes = kAnyCode;
  MethodFilter methods = MethodFilter::kAny;
  // The field a response must or should carry. Also reported by
  // HeaderRequirementsFor when `check` implements the test.
  RequiredField required = {};
  // A field the response must not carry.
  Field forbidden = Field::kOther;
  // The response must not have content.
  bool no_content = false;
  // No response with these codes ever has content (ContentForbidden).
  bool content_forbidden_for_code = false;
  CheckFn check = nullptr;
  absl::string_view problem = {};
  // Catalog advice only (`required` under a condition no exchange shows):
  // in HeaderRequirementsFor, never a finding.
  bool advice_only = false;
  // For CheckFieldSyntax: the field and its grammar.
  FieldSyntax syntax = {};
};

// `value` quoted for a finding's message: escaped (so that the message is
// ASCII, whatever octets the value holds) and cut short.
std::string QuoteValue(absl::string_view value);

// Collects the findings of one ValidateResponse call.
class FindingSink {
 public:
  explicit FindingSink(v1::ValidateResponseResponse& response)
      : response_(response) {}
  void Add(const RuleDescriptor& rule, std::string message);

 private:
  v1::ValidateResponseResponse& response_;
};

// The check functions the table refers to, one per rule id: those for every
// response (response_checks.cc), then the status-code and request specific
// ones (status_checks.cc).
void CheckStatusCodeRange(const RuleDescriptor&, const ResponseView&,
                          FindingSink&);
void CheckStatusCodeAssigned(const RuleDescriptor&, const ResponseView&,
                             FindingSink&);
void CheckFieldNames(const RuleDescriptor&, const ResponseView&, FindingSink&);
void CheckFieldValueCrLfNul(const RuleDescriptor&, const ResponseView&,
                            FindingSink&);
void CheckFieldValueControls(const RuleDescriptor&, const ResponseView&,
                             FindingSink&);
void CheckSingletonFields(const RuleDescriptor&, const ResponseView&,
                          FindingSink&);
void CheckContentLengthSyntax(const RuleDescriptor&, const ResponseView&,
                              FindingSink&);
void CheckContentLengthDuplicate(const RuleDescriptor&, const ResponseView&,
                                 FindingSink&);
void CheckContentLengthConflict(const RuleDescriptor&, const ResponseView&,
                                FindingSink&);
void CheckContentLengthWithTransferEncoding(const RuleDescriptor&,
                                            const ResponseView&, FindingSink&);
void CheckTransferEncodingHttp10(const RuleDescriptor&, const ResponseView&,
                                 FindingSink&);
void CheckChunkedOnce(const RuleDescriptor&, const ResponseView&, FindingSink&);
void CheckDateRequired(const RuleDescriptor&, const ResponseView&,
                       FindingSink&);
void CheckDateSyntax(const RuleDescriptor&, const ResponseView&, FindingSink&);
void CheckImfFixdate(const RuleDescriptor&, const ResponseView&, FindingSink&);
void CheckRetryAfterSyntax(const RuleDescriptor&, const ResponseView&,
                           FindingSink&);
void CheckContentRangeSyntax(const RuleDescriptor&, const ResponseView&,
                             FindingSink&);
void CheckContentRangeStatus(const RuleDescriptor&, const ResponseView&,
                             FindingSink&);
void CheckUpgradeConnection(const RuleDescriptor&, const ResponseView&,
                            FindingSink&);
void CheckInformationalHttp10(const RuleDescriptor&, const ResponseView&,
                              FindingSink&);
void CheckUpgradeRequested(const RuleDescriptor&, const ResponseView&,
                           FindingSink&);
void CheckPartialContentRange(const RuleDescriptor&, const ResponseView&,
                              FindingSink&);
void CheckMultipartContentRange(const RuleDescriptor&, const ResponseView&,
                                FindingSink&);
void CheckMultipartSingleRange(const RuleDescriptor&, const ResponseView&,
                               FindingSink&);
void CheckPartialRangeRequest(const RuleDescriptor&, const ResponseView&,
                              FindingSink&);
void CheckConnectFraming(const RuleDescriptor&, const ResponseView&,
                         FindingSink&);
void CheckNotModifiedMetadata(const RuleDescriptor&, const ResponseView&,
                              FindingSink&);
void CheckNotModifiedConditional(const RuleDescriptor&, const ResponseView&,
                                 FindingSink&);
void CheckRangeNotSatisfiableContentRange(const RuleDescriptor&,
                                          const ResponseView&, FindingSink&);
void CheckUnsatisfiedRange(const RuleDescriptor&, const ResponseView&,
                           FindingSink&);
void CheckBlockedByLink(const RuleDescriptor&, const ResponseView&,
                        FindingSink&);
void CheckExplanation(const RuleDescriptor&, const ResponseView&, FindingSink&);
void CheckTooEarly(const RuleDescriptor&, const ResponseView&, FindingSink&);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_INTERNAL_RESPONSE_CHECKS_H_
