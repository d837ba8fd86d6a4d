// Rules that tie the response to the request method, the client's HTTP
// version and the request's own size.
#include "absl/strings/str_cat.h"
#include "service/core/exchange.h"
#include "service/core/exchange_checks.h"
#include "service/core/http_grammar.h"
#include "service/core/limits.h"

namespace statusinfo::core {

void CheckCreatedSafeMethod(const RuleDescriptor& rule,
                            const ResponseView& view, FindingSink& sink) {
  // The safe methods RFC 9110 defines (Section 9.2.1).
  const absl::string_view method = view.method_name;
  if (method != "GET" && method != "HEAD" && method != "OPTIONS" &&
      method != "TRACE") {
    return;
  }
  sink.Add(rule, absl::StrCat("A 201 says the request created a resource, but ",
                              method,
                              " is a safe method: the client asked for no "
                              "state change"));
}

void CheckAllowListsMethod(const RuleDescriptor& rule, const ResponseView& view,
                           FindingSink& sink) {
  if (view.method_name.empty()) return;
  // Methods are case-sensitive (RFC 9110, Section 9.1).
  if (view.fields.CountMembers(Field::kAllow, [&](absl::string_view method) {
        return method == view.method_name;
      }) == 0) {
    return;
  }
  sink.Add(rule, absl::StrCat("The 405 response refuses ",
                              QuoteValue(view.method_name),
                              " but its Allow lists it; Allow must list the "
                              "methods the resource supports"));
}

void CheckTransferEncodingClientHttp10(const RuleDescriptor& rule,
                                       const ResponseView& view,
                                       FindingSink& sink) {
  if (view.client_version != ClientVersion::kBelow11 ||
      !view.fields.has(Field::kTransferEncoding)) {
    return;
  }
  sink.Add(rule, absl::StrCat("The response has Transfer-Encoding, but the "
                              "request was ",
                              view.request.request().http_version(),
                              "; a server must not send Transfer-Encoding "
                              "unless the request indicates HTTP/1.1"));
}

void CheckRequestFieldLimits(const RuleDescriptor& rule,
                             const ResponseView& view, FindingSink& sink) {
  const auto& headers = RequestHeadersOf(view.request);
  const absl::string_view list = RequestHeadersFieldName(view.request);
  for (int i = 0; i < headers.size(); ++i) {
    const std::size_t name = headers.Get(i).name().size();
    const std::size_t value = headers.Get(i).value().size();
    if (name <= kMaxHeaderNameBytes && value <= kMaxHeaderValueBytes) continue;
    const bool long_name = name > kMaxHeaderNameBytes;
    sink.Add(rule, absl::StrCat(
                       list, "[", i, "] (", QuoteValue(headers.Get(i).name()),
                       ") has a ", long_name ? "name" : "value", " of ",
                       long_name ? name : value, " bytes; the limit is ",
                       long_name ? kMaxHeaderNameBytes : kMaxHeaderValueBytes,
                       " bytes, so no rule read it"));
  }
}

}  // namespace statusinfo::core
