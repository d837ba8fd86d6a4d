#include "client/cli/har_exchange.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/core/limits.h"

namespace statusinfo::cli {
namespace {

v1::Finding InputFinding(absl::string_view rule_id, std::string message,
                         absl::string_view reference) {
  v1::Finding finding;
  finding.set_rule_id(std::string(rule_id));
  finding.set_severity(v1::SEVERITY_INFO);
  finding.set_message(std::move(message));
  finding.set_reference(std::string(reference));
  return finding;
}

// Reports `what` (e.g. "request.url") as over `limit` bytes and left out.
v1::Finding OverLimit(absl::string_view what, std::size_t size, int limit) {
  return InputFinding(
      kHarFieldOverLimitRule,
      absl::StrCat(what, " is ", size, " bytes, over the API's limit of ",
                   limit, "; it was left out and the rest checked"),
      "RFC 9110, Section 5.4");
}

// "request.headers has more than 256 fields, the API's limit; ..."
v1::Finding TooMany(absl::string_view message, absl::string_view limit,
                    std::size_t from) {
  return InputFinding(
      kHarFieldOverLimitRule,
      absl::StrCat(message, ".headers has more than ", limit,
                   "; those from index ", from, " on were left out"),
      "RFC 9110, Section 5.4");
}

// The header fields of one message within the API's limits: pseudo-header
// fields dropped, fields over a size limit and those past the count or
// byte limit left out with a finding.
void AddHeaders(absl::string_view message,
                google::protobuf::RepeatedPtrField<v1::HttpHeader>& headers,
                google::protobuf::RepeatedPtrField<v1::HttpHeader>& to,
                std::vector<v1::Finding>& findings) {
  std::size_t bytes = 0;
  for (int i = 0; i < headers.size(); ++i) {
    v1::HttpHeader& header = headers[i];
    if (absl::StartsWith(header.name(), ":")) continue;
    const std::string at = absl::StrCat(message, ".headers[", i, "]");
    if (header.name().size() > core::kMaxHeaderNameBytes) {
      findings.push_back(OverLimit(absl::StrCat(at, ".name"),
                                   header.name().size(),
                                   core::kMaxHeaderNameBytes));
    } else if (header.value().size() > core::kMaxHeaderValueBytes) {
      findings.push_back(
          OverLimit(absl::StrCat(at, ".value (", header.name(), ")"),
                    header.value().size(), core::kMaxHeaderValueBytes));
    } else if (to.size() == core::kMaxHeaders) {
      findings.push_back(TooMany(
          message, absl::StrCat(core::kMaxHeaders, " fields, the API's limit"),
          i));
      return;
    } else if (bytes + header.name().size() + header.value().size() >
               kMaxHarHeaderBytes) {
      findings.push_back(
          TooMany(message,
                  absl::StrCat(kMaxHarHeaderBytes >> 10, " KiB of fields"), i));
      return;
    } else {
      bytes += header.name().size() + header.value().size();
      *to.Add() = std::move(header);
    }
  }
}

// HAR writers spell versions their own way: Chrome "http/2.0" and "h3",
// Firefox "HTTP/2". The rules know "HTTP/1.0", "HTTP/1.1", "HTTP/2" and
// "HTTP/3"; anything else goes as written.
std::string NormalizeVersion(absl::string_view version) {
  std::string upper = absl::AsciiStrToUpper(version);
  if (upper == "HTTP/2.0" || upper == "H2" || upper == "H2C") return "HTTP/2";
  if (upper == "HTTP/3.0" || upper == "H3" || absl::StartsWith(upper, "H3-")) {
    return "HTTP/3";
  }
  return upper;
}

// A string field within `limit` bytes, or a finding and "" (unknown).
std::string WithinLimit(absl::string_view what, std::string value, int limit,
                        std::vector<v1::Finding>& findings) {
  if (value.size() <= static_cast<std::size_t>(limit)) return value;
  findings.push_back(OverLimit(what, value.size(), limit));
  return "";
}

bool HasContent(const HarEntry& entry) {
  if (entry.body_size >= 0) return entry.body_size > 0;
  return entry.status != 304 && entry.content_size > 0;
}

}  // namespace

HarExchange ToHarExchange(HarEntry& entry,
                          v1::ValidateResponseRequest& request) {
  request.Clear();
  HarExchange exchange;
  exchange.index = entry.index;
  exchange.status = entry.status;
  exchange.status_text = std::move(entry.status_text);
  if (entry.status == 0) {
    exchange.input_findings.push_back(InputFinding(
        kHarNoResponseRule,
        "response.status is 0: the client got no response (the request "
        "failed, was aborted or blocked); nothing to check",
        "HAR 1.2, response"));
  }
  exchange.checked = entry.status != 0;
  std::vector<v1::Finding>& findings = exchange.input_findings;
  v1::HttpRequest& sent = *request.mutable_request();
  sent.set_method(WithinLimit("request.method", entry.method,
                              core::kMaxMethodBytes, findings));
  sent.set_target(
      WithinLimit("request.url", entry.url, core::kMaxTargetBytes, findings));
  sent.set_http_version(WithinLimit("request.httpVersion",
                                    NormalizeVersion(entry.request_version),
                                    core::kMaxVersionBytes, findings));
  AddHeaders("request", entry.request_headers, *sent.mutable_headers(),
             findings);
  request.set_status_code(entry.status);
  request.set_http_version(WithinLimit("response.httpVersion",
                                       NormalizeVersion(entry.response_version),
                                       core::kMaxVersionBytes, findings));
  AddHeaders("response", entry.response_headers, *request.mutable_headers(),
             findings);
  request.set_has_content(HasContent(entry));
  exchange.method = std::move(entry.method);
  exchange.url = std::move(entry.url);
  return exchange;
}

std::size_t ApproximateBytes(const HarEntry& entry) {
  std::size_t bytes = 64 + entry.method.size() + entry.url.size();
  for (const v1::HttpHeader& header : entry.request_headers) {
    bytes += 8 + header.name().size() + header.value().size();
  }
  for (const v1::HttpHeader& header : entry.response_headers) {
    bytes += 8 + header.name().size() + header.value().size();
  }
  return bytes;
}

}  // namespace statusinfo::cli
