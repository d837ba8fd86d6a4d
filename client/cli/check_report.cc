#include "client/cli/check_report.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/cli/format.h"

namespace statusinfo::cli {
namespace {

using Findings = google::protobuf::RepeatedPtrField<v1::Finding>;

void Add(const Findings& findings, Tally& tally) {
  for (const v1::Finding& finding : findings) {
    if (finding.severity() == v1::SEVERITY_ERROR) ++tally.errors;
    if (finding.severity() == v1::SEVERITY_WARNING) ++tally.warnings;
    if (finding.severity() == v1::SEVERITY_INFO) ++tally.infos;
  }
}

Findings ToFindings(const std::vector<v1::Finding>& findings) {
  return {findings.begin(), findings.end()};
}

// `"key":{...}` for the JSON document.
absl::StatusOr<std::string> JsonMember(
    absl::string_view key, const google::protobuf::Message& message) {
  absl::StatusOr<std::string> json = JsonString(message);
  if (!json.ok()) return json.status();
  return absl::StrCat("\"", key, "\":", *json);
}

// `"key":[{...},...]` for a list of findings.
absl::StatusOr<std::string> FindingsMember(
    absl::string_view key, const std::vector<v1::Finding>& list) {
  std::vector<std::string> findings;
  for (const v1::Finding& finding : list) {
    absl::StatusOr<std::string> json = JsonString(finding);
    if (!json.ok()) return json.status();
    findings.push_back(*std::move(json));
  }
  return absl::StrCat("\"", key, "\":[", absl::StrJoin(findings, ","), "]");
}

void PrintTally(const Tally& tally, std::ostream& out) {
  out << (tally.errors > 0 ? "not valid" : "valid") << " (" << tally.errors
      << (tally.errors == 1 ? " error, " : " errors, ") << tally.warnings
      << (tally.warnings == 1 ? " warning, " : " warnings, ") << tally.infos
      << " info)\n";
}

void PrintStatusLineText(const CheckReport& report, std::ostream& out) {
  if (report.status_line) {
    out << "Status line: \"" << absl::CEscape(report.head.status_line)
        << "\"\n";
    PrintStatusLineValidation(*report.status_line, out);
    return;
  }
  out << "Status line: not checked: " << report.head.http_version
      << " has no status line (\"" << report.head.http_version << " "
      << report.head.status_code
      << "\" only renders the :status pseudo-header field)\n";
}

// "Response: 206 to GET (request fields: Range), 9 header fields, with
// content"; the request fields only when some were given, since the rules
// that need them read a missing one as absent.
void PrintResponseText(const CheckReport& report, std::ostream& out) {
  const v1::ValidateResponseRequest& request = report.request;
  if (!report.response) {
    out << "Response: not checked: the status line has no status code\n";
    return;
  }
  out << "Response: " << request.status_code() << " to "
      << (request.request().method().empty() ? "an unknown method"
                                             : request.request().method());
  if (request.request().headers_size() > 0) {
    std::vector<std::string> names;
    for (const v1::HttpHeader& header : request.request().headers()) {
      names.push_back(header.name());
    }
    out << " (request fields: " << absl::StrJoin(names, ", ") << ")";
  }
  out << ", " << request.headers_size() << " header field"
      << (request.headers_size() == 1 ? "" : "s") << ", "
      << (request.has_content() ? "with content" : "no content") << "\n";
  PrintFindings(report.response->findings(), out);
}

}  // namespace

Tally Count(const CheckReport& report) {
  Tally tally;
  Add(ToFindings(report.head.head_findings), tally);
  Add(ToFindings(report.input_findings), tally);
  if (report.status_line) Add(report.status_line->findings(), tally);
  if (report.response) Add(report.response->findings(), tally);
  return tally;
}

absl::Status PrintCheckJson(const CheckReport& report, std::ostream& out) {
  std::vector<absl::StatusOr<std::string>> members;
  if (report.status_line) {
    members.push_back(JsonMember("statusLine", *report.status_line));
  }
  if (!report.head.head_findings.empty()) {
    members.push_back(
        FindingsMember("headFindings", report.head.head_findings));
  }
  if (!report.input_findings.empty()) {
    members.push_back(FindingsMember("inputFindings", report.input_findings));
  }
  members.push_back(JsonMember("request", report.request));
  if (report.response) {
    members.push_back(JsonMember("response", *report.response));
  }
  std::vector<std::string> parts;
  for (absl::StatusOr<std::string>& member : members) {
    if (!member.ok()) return member.status();
    parts.push_back(*std::move(member));
  }
  out << "{" << absl::StrJoin(parts, ",") << "}\n";
  return absl::OkStatus();
}

void PrintCheckText(const CheckReport& report, std::ostream& out) {
  PrintStatusLineText(report, out);
  if (!report.head.head_findings.empty()) {
    out << "Head:\n";
    PrintFindings(ToFindings(report.head.head_findings), out);
  }
  if (!report.input_findings.empty()) {
    out << "Input:\n";
    PrintFindings(ToFindings(report.input_findings), out);
  }
  PrintResponseText(report, out);
  out << "Result: ";
  PrintTally(Count(report), out);
}

absl::Status PrintChecksJson(absl::Span<const CheckReport> reports,
                             std::ostream& out) {
  for (const CheckReport& report : reports) {
    if (absl::Status status = PrintCheckJson(report, out); !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

void PrintChecksText(absl::Span<const CheckReport> reports, std::ostream& out) {
  if (reports.size() == 1) {
    PrintCheckText(reports[0], out);
    return;
  }
  Tally total;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    out << (i == 0 ? "" : "\n") << "Head " << i + 1 << " of " << reports.size()
        << ":\n";
    PrintCheckText(reports[i], out);
    const Tally tally = Count(reports[i]);
    total.errors += tally.errors;
    total.warnings += tally.warnings;
    total.infos += tally.infos;
  }
  out << "\nResult of " << reports.size() << " heads: ";
  PrintTally(total, out);
}

}  // namespace statusinfo::cli
