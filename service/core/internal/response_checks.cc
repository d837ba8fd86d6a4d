#include "service/core/internal/response_checks.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/core/exchange.h"
#include "service/core/http_grammar.h"
#include "service/core/lookup.h"

namespace statusinfo::core {
namespace {

Method ParseMethod(absl::string_view method) {
  if (method.empty()) return Method::kUnknown;
  if (method == "GET") return Method::kGet;
  if (method == "HEAD") return Method::kHead;
  if (method == "CONNECT") return Method::kConnect;
  return Method::kOther;
}

std::string OctetName(char octet) {
  switch (octet) {
    case '\r':
      return "CR";
    case '\n':
      return "LF";
    case '\0':
      return "NUL";
    default:
      return absl::StrCat(
          "0x", absl::Hex(static_cast<unsigned char>(octet), absl::kZeroPad2));
  }
}

// Every Content-Length number, whether on its own line or in a
// comma-separated list; `malformed` gets the values that are neither.
template <typename OnNumber, typename OnMalformed>
void ForEachContentLength(const ResponseView& view, OnNumber on_number,
                          OnMalformed on_malformed) {
  view.fields.ForEach(Field::kContentLength, [&](absl::string_view value) {
    if (IsDigits(value)) {
      on_number(value);
      return;
    }
    bool all_digits = true;
    int members = 0;
    ForEachListMember(value, [&](absl::string_view member) {
      ++members;
      all_digits = IsDigits(member);
      return all_digits;
    });
    if (!all_digits || members == 0) {
      on_malformed(value);
      return;
    }
    ForEachListMember(value, [&](absl::string_view member) {
      on_number(member);
      return true;
    });
  });
}

// Reports HTTP-dates of `field` written in an obsolete format.
void CheckDateFormat(const RuleDescriptor& rule, const ResponseView& view,
                     Field field, FindingSink& sink) {
  view.fields.ForEach(field, [&](absl::string_view value) {
    const DateFormat format = ParseHttpDate(value);
    if (format != DateFormat::kRfc850 && format != DateFormat::kAsctime) return;
    sink.Add(rule, absl::StrCat(
                       FieldName(field), " is ", QuoteValue(value),
                       ", in the obsolete ",
                       format == DateFormat::kRfc850 ? "RFC 850" : "asctime",
                       " format; senders must generate the IMF-fixdate format, "
                       "e.g. \"Sun, 06 Nov 1994 08:49:37 GMT\""));
  });
}

}  // namespace

std::string QuoteValue(absl::string_view value) {
  // Escaped, so that a message is ASCII whatever the value holds; cut short,
  // so that an 8 KiB value does not swamp it.
  constexpr std::size_t kMaxShown = 64;
  if (value.size() <= kMaxShown) {
    return absl::StrCat("\"", absl::CEscape(value), "\"");
  }
  return absl::StrCat("\"", absl::CEscape(value.substr(0, kMaxShown)), "...\"");
}

ResponseView::ResponseView(const Catalog& catalog,
                           const v1::ValidateResponseRequest& request)
    : catalog(catalog),
      request(request),
      code(request.status_code()),
      method(ParseMethod(RequestMethodOf(request))),
      method_name(RequestMethodOf(request)),
      client_version(ClientVersionOf(request)),
      request_known(IsRequestKnown(request)),
      request_headers_known(!RequestHeadersOf(request).empty()),
      http10(request.http_version() == "HTTP/1.0"),
      fields(request.headers()),
      request_fields(RequestHeadersOf(request)) {
  for (const v1::HttpHeader& header : request.headers()) {
    has_bad_name = has_bad_name || !IsToken(header.name());
    switch (CheckFieldValue(header.value()).problem) {
      case FieldValueProblem::kNone:
        break;
      case FieldValueProblem::kCrLfNul:
        // CheckFieldValue stops at CR, LF or NUL; there may be other
        // controls too.
        has_crlf_nul = true;
        has_control = true;
        break;
      case FieldValueProblem::kControl:
        has_control = true;
        break;
    }
  }
}

void FindingSink::Add(const RuleDescriptor& rule, std::string message) {
  v1::Finding* finding = response_.add_findings();
  finding->set_rule_id(std::string{rule.info.id});
  finding->set_severity(rule.info.severity);
  finding->set_message(std::move(message));
  finding->set_reference(std::string{rule.info.reference});
}

void CheckStatusCodeRange(const RuleDescriptor& rule, const ResponseView& view,
                          FindingSink& sink) {
  if (IsValidStatusCode(view.code)) return;
  sink.Add(rule,
           absl::StrCat("Status code ", view.code,
                        " is outside 100-599, so it is not an HTTP status "
                        "code; a client treats it as a 5xx (Server Error)"));
}

void CheckStatusCodeAssigned(const RuleDescriptor& rule,
                             const ResponseView& view, FindingSink& sink) {
  if (!IsValidStatusCode(view.code) ||
      view.catalog.Find(view.code) != nullptr) {
    return;
  }
  sink.Add(rule, UnassignedExplanation(view.code));
}

void CheckFieldNames(const RuleDescriptor& rule, const ResponseView& view,
                     FindingSink& sink) {
  if (!view.has_bad_name) return;
  const auto& headers = view.request.headers();
  for (int i = 0; i < headers.size(); ++i) {
    if (IsToken(headers.Get(i).name())) continue;
    sink.Add(rule, absl::StrCat("Header field ", i, " is named ",
                                QuoteValue(headers.Get(i).name()),
                                ", which is not a token: a field name is not "
                                "empty and has no spaces, controls or "
                                "delimiters such as ':' or '\"'"));
  }
}

void CheckFieldValueCrLfNul(const RuleDescriptor& rule,
                            const ResponseView& view, FindingSink& sink) {
  if (!view.has_crlf_nul) return;
  const auto& headers = view.request.headers();
  for (int i = 0; i < headers.size(); ++i) {
    const FieldValueCheck check = CheckFieldValue(headers.Get(i).value());
    if (check.problem != FieldValueProblem::kCrLfNul) continue;
    sink.Add(rule,
             absl::StrCat("The value of ", QuoteValue(headers.Get(i).name()),
                          " (header field ", i, ") has ",
                          OctetName(check.octet), " at byte ", check.offset,
                          "; CR, LF and NUL are invalid in field values "
                          "and can split the response"));
  }
}

void CheckFieldValueControls(const RuleDescriptor& rule,
                             const ResponseView& view, FindingSink& sink) {
  if (!view.has_control) return;
  const auto& headers = view.request.headers();
  for (int i = 0; i < headers.size(); ++i) {
    // CR, LF and NUL belong to field-value-forbidden-char; look past them.
    const absl::string_view value = headers.Get(i).value();
    std::size_t at = 0;
    while (at < value.size() &&
           (!IsCtl(value[at]) || value[at] == '\t' || value[at] == '\r' ||
            value[at] == '\n' || value[at] == '\0')) {
      ++at;
    }
    if (at == value.size()) continue;
    sink.Add(rule,
             absl::StrCat("The value of ", QuoteValue(headers.Get(i).name()),
                          " (header field ", i, ") has the control character ",
                          OctetName(value[at]), " at byte ", at,
                          "; field values allow no controls but HTAB"));
  }
}

void CheckSingletonFields(const RuleDescriptor& rule, const ResponseView& view,
                          FindingSink& sink) {
  // Content-Length has its own rules (duplicate, conflict).
  for (Field field :
       {Field::kContentLocation, Field::kContentRange, Field::kContentType,
        Field::kDate, Field::kETag, Field::kLastModified, Field::kLocation,
        Field::kRetryAfter}) {
    const int count = view.fields.count(field);
    if (count < 2) continue;
    sink.Add(rule, absl::StrCat(FieldName(field), " appears ", count,
                                " times; it takes a single value, so a sender "
                                "must not repeat it"));
  }
}

void CheckContentLengthSyntax(const RuleDescriptor& rule,
                              const ResponseView& view, FindingSink& sink) {
  ForEachContentLength(
      view, [](absl::string_view) {},
      [&](absl::string_view value) {
        sink.Add(rule, absl::StrCat("Content-Length is ", QuoteValue(value),
                                    ", which is not a non-negative decimal "
                                    "integer"));
      });
}

void CheckContentLengthDuplicate(const RuleDescriptor& rule,
                                 const ResponseView& view, FindingSink& sink) {
  int count = 0;
  bool all_equal = true;
  absl::string_view first;
  ForEachContentLength(
      view,
      [&](absl::string_view number) {
        if (count++ == 0) first = number;
        all_equal = all_equal && CompareDecimal(number, first) == 0;
      },
      [](absl::string_view) {});
  if (count < 2 || !all_equal) return;
  sink.Add(rule,
           absl::StrCat("Content-Length gives the value ", first, " ", count,
                        " times; send it once, as a single number"));
}

void CheckContentLengthConflict(const RuleDescriptor& rule,
                                const ResponseView& view, FindingSink& sink) {
  absl::string_view first, other;
  ForEachContentLength(
      view,
      [&](absl::string_view number) {
        if (first.empty()) {
          first = number;
        } else if (other.empty() && CompareDecimal(number, first) != 0) {
          other = number;
        }
      },
      [](absl::string_view) {});
  if (other.empty()) return;
  sink.Add(rule, absl::StrCat("Content-Length has the conflicting values ",
                              first, " and ", other,
                              "; a recipient cannot tell where the message "
                              "ends and must treat it as an error"));
}

void CheckContentLengthWithTransferEncoding(const RuleDescriptor& rule,
                                            const ResponseView& view,
                                            FindingSink& sink) {
  if (!view.fields.has(Field::kContentLength) ||
      !view.fields.has(Field::kTransferEncoding)) {
    return;
  }
  sink.Add(rule,
           "The response has both Transfer-Encoding and Content-Length; "
           "a sender must not send Content-Length with Transfer-Encoding, "
           "since the mismatch enables response splitting");
}

void CheckTransferEncodingHttp10(const RuleDescriptor& rule,
                                 const ResponseView& view, FindingSink& sink) {
  if (!view.http10 || !view.fields.has(Field::kTransferEncoding)) return;
  sink.Add(rule,
           "The HTTP/1.0 response has Transfer-Encoding, which HTTP/1.0 "
           "does not have; a recipient must treat its framing as faulty");
}

void CheckChunkedOnce(const RuleDescriptor& rule, const ResponseView& view,
                      FindingSink& sink) {
  const int chunked = view.fields.CountMembers(
      Field::kTransferEncoding, [](absl::string_view coding) {
        return absl::EqualsIgnoreCase(coding, "chunked");
      });
  if (chunked < 2) return;
  sink.Add(rule, absl::StrCat("Transfer-Encoding applies chunked ", chunked,
                              " times; chunked must be applied only once"));
}

void CheckDateRequired(const RuleDescriptor& rule, const ResponseView& view,
                       FindingSink& sink) {
  if (view.fields.has(Field::kDate)) return;
  // A 2xx to CONNECT comes from the proxy that opens the tunnel, not from
  // an origin server.
  if (view.method == Method::kConnect && view.code >= 200 && view.code < 300) {
    return;
  }
  sink.Add(rule, absl::StrCat("The ", view.code,
                              " response has no Date header field; an origin "
                              "server with a clock must send Date in every "
                              "2xx, 3xx and 4xx response"));
}

void CheckDateSyntax(const RuleDescriptor& rule, const ResponseView& view,
                     FindingSink& sink) {
  view.fields.ForEach(Field::kDate, [&](absl::string_view value) {
    if (ParseHttpDate(value) != DateFormat::kInvalid) return;
    sink.Add(rule, absl::StrCat("Date is ", QuoteValue(value),
                                ", which is not an HTTP-date such as "
                                "\"Sun, 06 Nov 1994 08:49:37 GMT\""));
  });
}

void CheckImfFixdate(const RuleDescriptor& rule, const ResponseView& view,
                     FindingSink& sink) {
  CheckDateFormat(rule, view, Field::kDate, sink);
  CheckDateFormat(rule, view, Field::kRetryAfter, sink);
}

void CheckRetryAfterSyntax(const RuleDescriptor& rule, const ResponseView& view,
                           FindingSink& sink) {
  view.fields.ForEach(Field::kRetryAfter, [&](absl::string_view value) {
    if (IsDigits(value) || ParseHttpDate(value) != DateFormat::kInvalid) return;
    sink.Add(rule, absl::StrCat("Retry-After is ", QuoteValue(value),
                                ", which is neither a number of seconds (e.g. "
                                "\"120\") nor an HTTP-date"));
  });
}

void CheckContentRangeSyntax(const RuleDescriptor& rule,
                             const ResponseView& view, FindingSink& sink) {
  view.fields.ForEach(Field::kContentRange, [&](absl::string_view value) {
    if (ParseContentRange(value).has_value()) return;
    sink.Add(rule,
             absl::StrCat("Content-Range is ", QuoteValue(value),
                          ", which is not of the form \"bytes 0-499/1234\""
                          ", \"bytes 0-499/*\" or \"bytes */1234\" (with "
                          "last >= first and length > last)"));
  });
}

void CheckContentRangeStatus(const RuleDescriptor& rule,
                             const ResponseView& view, FindingSink& sink) {
  if (view.code == 206 || view.code == 416 ||
      !view.fields.has(Field::kContentRange)) {
    return;
  }
  sink.Add(rule,
           absl::StrCat("Content-Range has no defined meaning in a ", view.code,
                        " response; only 206 and 416 give "
                        "it one"));
}

void CheckUpgradeConnection(const RuleDescriptor& rule,
                            const ResponseView& view, FindingSink& sink) {
  if (!view.fields.has(Field::kUpgrade)) return;
  if (view.fields.AnyLine(Field::kConnection, [](absl::string_view value) {
        return ListContainsToken(value, "upgrade");
      })) {
    return;
  }
  sink.Add(rule,
           "The response has Upgrade but Connection does not list "
           "\"upgrade\"; a sender of Upgrade must also send "
           "\"Connection: upgrade\" so that intermediaries drop it");
}

}  // namespace statusinfo::core
