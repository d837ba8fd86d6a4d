#include "client/cli/har_report.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli/format.h"

namespace statusinfo::cli {
namespace {

void AppendFindingJson(const v1::Finding& finding, std::string& out) {
  absl::StrAppend(&out, "{\"ruleId\":", JsonQuote(finding.rule_id()),
                  ",\"severity\":\"", v1::Severity_Name(finding.severity()),
                  "\",\"message\":", JsonQuote(finding.message()),
                  ",\"reference\":", JsonQuote(finding.reference()), "}");
}

}  // namespace

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
