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

Findings HeadFindings(const ResponseHead& head) {
  return {head.head_findings.begin(), head.head_findings.end()};
}

// `"key":{...}` for the JSON document.
absl::StatusOr<std::string> JsonMember(
    absl::string_view key, const google::protobuf::Message& message) {
  absl::StatusOr<std::string> json = JsonString(message);
  if (!json.ok()) return json.status();
  return absl::StrCat("\"", key, "\":", *json);
}

absl::StatusOr<std::string> HeadFindingsMember(const ResponseHead& head) {
  std::vector<std::string> findings;
  for (const v1::Finding& finding : head.head_findings) {
    absl::StatusOr<std::string> json = JsonString(finding);
    if (!json.ok()) return json.status();
    findings.push_back(*std::move(json));
  }
  return absl::StrCat("\"headFindings\":[", absl::StrJoin(findings, ","), "]");
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
  Add(HeadFindings(report.head), tally);
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
    members.push_back(HeadFindingsMember(report.head));
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
    PrintFindings(HeadFindings(report.head), out);
  }
  PrintResponseText(report, out);
  const Tally tally = Count(report);
  out << "Result: " << (tally.errors > 0 ? "not valid" : "valid") << " ("
      << tally.errors << (tally.errors == 1 ? " error, " : " errors, ")
      << tally.warnings << (tally.warnings == 1 ? " warning, " : " warnings, ")
      << tally.infos << " info)\n";
}

}  // namespace statusinfo::cli
