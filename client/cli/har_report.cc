#include "client/cli/har_report.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/format.h"
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

void AppendFindingJson(const v1::Finding& finding, std::string& out) {
  absl::StrAppend(&out, "{\"ruleId\":", JsonQuote(finding.rule_id()),
                  ",\"severity\":\"", v1::Severity_Name(finding.severity()),
                  "\",\"message\":", JsonQuote(finding.message()),
                  ",\"reference\":", JsonQuote(finding.reference()), "}");
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

void HarReport::Count(const v1::Finding& finding) {
  if (finding.severity() == v1::SEVERITY_ERROR) ++errors_;
  if (finding.severity() == v1::SEVERITY_WARNING) ++warnings_;
  if (finding.severity() == v1::SEVERITY_INFO) ++infos_;
  ++by_rule_[{finding.rule_id(), finding.severity()}];
}

void HarReport::Add(const HarExchange& exchange,
                    const v1::ValidateResponseResponse& result,
                    std::ostream& out) {
  ++entries_;
  if (!exchange.checked) ++unchecked_;
  // Server findings come ERROR first; the input's are INFO, so they go last.
  google::protobuf::RepeatedPtrField<v1::Finding> findings = result.findings();
  for (const v1::Finding& finding : exchange.input_findings) {
    *findings.Add() = finding;
  }
  for (const v1::Finding& finding : findings) Count(finding);
  if (!findings.empty()) ++entries_with_findings_;
  if (json_) {
    std::string line = absl::StrCat(
        "{\"index\":", exchange.index,
        ",\"method\":", JsonQuote(exchange.method),
        ",\"url\":", JsonQuote(exchange.url), ",\"status\":", exchange.status,
        ",\"checked\":", exchange.checked ? "true" : "false",
        ",\"findings\":[");
    for (int i = 0; i < findings.size(); ++i) {
      if (i > 0) line += ',';
      AppendFindingJson(findings[i], line);
    }
    line += "]}\n";
    out << line;
    return;
  }
  if (findings.empty()) return;
  out << "#" << exchange.index << " " << exchange.method << " " << exchange.url
      << " -> ";
  if (exchange.checked) {
    out << exchange.status << (exchange.status_text.empty() ? "" : " ")
        << exchange.status_text << "\n";
  } else {
    out << "no response\n";
  }
  PrintFindings(findings, out);
}

void HarReport::PrintSummary(std::ostream& out) const {
  // Most severe first, then most frequent, then by id.
  std::vector<std::tuple<v1::Severity, std::int64_t, std::string>> rows;
  for (const auto& [key, count] : by_rule_) {
    rows.emplace_back(key.second, count, key.first);
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(-std::get<0>(a), -std::get<1>(a), std::get<2>(a)) <
           std::make_tuple(-std::get<0>(b), -std::get<1>(b), std::get<2>(b));
  });
  if (json_) {
    std::string line = absl::StrCat(
        "{\"summary\":{\"entries\":", entries_,
        ",\"entriesWithFindings\":", entries_with_findings_,
        ",\"unchecked\":", unchecked_, ",\"errors\":", errors_,
        ",\"warnings\":", warnings_, ",\"infos\":", infos_, ",\"byRule\":[");
    for (std::size_t i = 0; i < rows.size(); ++i) {
      absl::StrAppend(&line, i > 0 ? "," : "",
                      "{\"ruleId\":", JsonQuote(std::get<2>(rows[i])),
                      ",\"severity\":\"",
                      v1::Severity_Name(std::get<0>(rows[i])),
                      "\",\"count\":", std::get<1>(rows[i]), "}");
    }
    out << line << "]}}\n";
    return;
  }
  out << "Summary: " << entries_ << " entries, " << entries_with_findings_
      << " with findings, " << unchecked_ << " not checked; " << errors_
      << (errors_ == 1 ? " error, " : " errors, ") << warnings_
      << (warnings_ == 1 ? " warning, " : " warnings, ") << infos_ << " info\n";
  if (rows.empty()) return;
  out << absl::StrFormat("  %-8s %8s  %s\n", "SEVERITY", "COUNT", "RULE");
  for (const auto& [severity, count, rule] : rows) {
    out << absl::StrFormat("  %-8s %8d  %s\n",
                           absl::AsciiStrToUpper(EnumWords(
                               v1::Severity_Name(severity), "SEVERITY_")),
                           count, rule);
  }
}

std::string JsonQuote(absl::string_view text) {
  std::string quoted;
  quoted.reserve(text.size() + 2);
  quoted += '"';
  for (const char c : text) {
    switch (c) {
      case '"':
        quoted += "\\\"";
        break;
      case '\\':
        quoted += "\\\\";
        break;
      case '\n':
        quoted += "\\n";
        break;
      case '\r':
        quoted += "\\r";
        break;
      case '\t':
        quoted += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&quoted, "\\u%04x", c);
        } else {
          quoted += c;
        }
    }
  }
  quoted += '"';
  return quoted;
}

}  // namespace statusinfo::cli
