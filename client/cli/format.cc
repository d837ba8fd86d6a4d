#include "client/cli/format.h"

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"

namespace statusinfo::cli {
namespace {

// The label column of PrintStatusCode's facts, so that values line up.
constexpr int kLabelWidth = 13;

void PrintFact(absl::string_view label, absl::string_view value,
               std::ostream& out) {
  if (value.empty()) return;
  std::string padded = absl::StrCat(label, ":");
  padded.resize(std::max<size_t>(padded.size(), kLabelWidth), ' ');
  out << "  " << padded << value << "\n";
}

std::string ReferenceText(const v1::Reference& reference) {
  std::string text = reference.document();
  if (!reference.section().empty()) {
    absl::StrAppend(&text, ", Section ", reference.section());
  }
  if (!reference.uri().empty()) {
    absl::StrAppend(&text, " <", reference.uri(), ">");
  }
  return text;
}

std::string HeaderRequirementText(const v1::HeaderRequirement& requirement) {
  std::string text =
      absl::StrCat(absl::AsciiStrToUpper(
                       EnumWords(v1::RequirementLevel_Name(requirement.level()),
                                 "REQUIREMENT_LEVEL_")),
                   " ", requirement.field_name());
  if (!requirement.condition().empty()) {
    absl::StrAppend(&text, " (", requirement.condition(), ")");
  }
  return text;
}

// The facts of an entry that are set, one per line.
void PrintFacts(const v1::StatusCode& entry, std::ostream& out) {
  PrintFact("Class", ClassWords(entry.status_class()), out);
  PrintFact("Registry", RegistryWords(entry.registry_status()), out);
  if (entry.has_origin()) PrintFact("Sent by", entry.origin().vendor(), out);
  PrintFact("Retry",
            entry.retry_guidance() == v1::RETRY_GUIDANCE_UNSPECIFIED
                ? ""
                : EnumWords(v1::RetryGuidance_Name(entry.retry_guidance()),
                            "RETRY_GUIDANCE_"),
            out);
  if (entry.heuristically_cacheable()) {
    PrintFact("Caching", "heuristically cacheable", out);
  }
  if (entry.content_forbidden()) PrintFact("Content", "never has content", out);
  // What a gRPC client reports when a non-gRPC server sends this status.
  // google.rpc.Code and absl::StatusCode share the numbering, which gives
  // the code's name without asking the server.
  PrintFact("gRPC sees",
            absl::StrCat(absl::StatusCodeToString(
                             static_cast<absl::StatusCode>(entry.grpc_code())),
                         " (", entry.grpc_code(), ")"),
            out);
  PrintFact("Formerly", absl::StrJoin(entry.former_phrases(), "; "), out);
  std::vector<std::string> headers;
  for (const v1::HeaderRequirement& requirement : entry.header_requirements()) {
    headers.push_back(HeaderRequirementText(requirement));
  }
  PrintFact("Headers", absl::StrJoin(headers, "; "), out);
  PrintFact("Related", absl::StrJoin(entry.related_codes(), ", "), out);
}

}  // namespace

absl::Status PrintJson(const google::protobuf::Message& message,
                       std::ostream& out) {
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(message, &json);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot print the response as JSON: ", status.ToString()));
  }
  out << json << "\n";
  return absl::OkStatus();
}

std::string EnumWords(const std::string& value_name, absl::string_view prefix) {
  absl::string_view name = value_name;
  absl::ConsumePrefix(&name, prefix);
  return absl::AsciiStrToLower(absl::StrReplaceAll(name, {{"_", " "}}));
}

std::string ClassWords(v1::StatusClass status_class) {
  std::string words =
      EnumWords(v1::StatusClass_Name(status_class), "STATUS_CLASS_");
  if (status_class == v1::STATUS_CLASS_UNSPECIFIED) return words;
  return absl::StrCat(words, " (", static_cast<int>(status_class), "xx)");
}

std::string RegistryWords(v1::RegistryStatus registry_status) {
  return EnumWords(v1::RegistryStatus_Name(registry_status),
                   "REGISTRY_STATUS_");
}

void PrintStatusCode(const v1::StatusCode& entry, std::ostream& out) {
  out << entry.code() << " " << entry.reason_phrase() << "\n";
  if (!entry.summary().empty()) out << "  " << entry.summary() << "\n";
  if (!entry.description().empty()) {
    out << "\n  " << entry.description() << "\n";
  }
  out << "\n";
  PrintFacts(entry, out);
  if (entry.references_size() > 0) {
    out << "  References:\n";
    for (const v1::Reference& reference : entry.references()) {
      out << "    " << ReferenceText(reference) << "\n";
    }
  }
}

void PrintStatusCodeTable(
    const google::protobuf::RepeatedPtrField<v1::StatusCode>& entries,
    std::ostream& out) {
  size_t phrase_width = std::string("REASON PHRASE").size();
  for (const v1::StatusCode& entry : entries) {
    phrase_width = std::max(phrase_width, entry.reason_phrase().size());
  }
  auto row = [&](absl::string_view code, absl::string_view phrase,
                 absl::string_view registry) {
    std::string padded(phrase);
    padded.resize(phrase_width, ' ');
    out << code << "  " << padded << "  " << registry << "\n";
  };
  row("CODE", "REASON PHRASE", "REGISTRY");
  for (const v1::StatusCode& entry : entries) {
    row(absl::StrCat(entry.code(), " "), entry.reason_phrase(),
        RegistryWords(entry.registry_status()));
  }
  out << entries.size() << (entries.size() == 1 ? " code" : " codes") << "\n";
}

void PrintValidation(const v1::ValidateStatusCodeResponse& validation,
                     std::ostream& out) {
  out << validation.explanation() << "\n";
  PrintFact("Valid", validation.valid() ? "yes" : "no", out);
  if (!validation.valid()) return;
  PrintFact("Assigned", validation.assigned() ? "yes" : "no", out);
  PrintFact("Class", ClassWords(validation.status_class()), out);
  if (validation.assigned()) {
    PrintFact("Registry", RegistryWords(validation.registry_status()), out);
    const v1::StatusCode& entry = validation.status_code();
    PrintFact("Phrase", entry.reason_phrase(), out);
  }
  if (validation.treat_as_code() != validation.code()) {
    PrintFact("Treat as", absl::StrCat(validation.treat_as_code()), out);
  }
}

absl::StatusOr<std::string> JsonString(
    const google::protobuf::Message& message) {
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(message, &json);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot print the response as JSON: ", status.ToString()));
  }
  return json;
}

void PrintFindings(
    const google::protobuf::RepeatedPtrField<v1::Finding>& findings,
    std::ostream& out) {
  if (findings.empty()) {
    out << "  no findings\n";
    return;
  }
  for (const v1::Finding& finding : findings) {
    std::string severity = absl::AsciiStrToUpper(
        EnumWords(v1::Severity_Name(finding.severity()), "SEVERITY_"));
    severity.resize(std::max<size_t>(severity.size(), 8), ' ');
    out << "  " << severity << finding.rule_id() << ": " << finding.message();
    if (!finding.reference().empty()) out << " [" << finding.reference() << "]";
    out << "\n";
  }
}

void PrintStatusLineValidation(const v1::ValidateStatusLineResponse& result,
                               std::ostream& out) {
  PrintFact("Valid", result.valid() ? "yes" : "no", out);
  PrintFact("Version", result.http_version(), out);
  PrintFact("Code",
            result.status_code() == 0 ? "" : absl::StrCat(result.status_code()),
            out);
  // Quoted, since a phrase may be empty or end with spaces.
  PrintFact("Phrase", absl::StrCat("\"", result.reason_phrase(), "\""), out);
  PrintFindings(result.findings(), out);
}

void PrintSearchResults(const v1::SearchStatusCodesResponse& results,
                        std::ostream& out) {
  size_t phrase_width = std::string("REASON PHRASE").size();
  for (const v1::ScoredStatusCode& result : results.results()) {
    phrase_width =
        std::max(phrase_width, result.status_code().reason_phrase().size());
  }
  auto row = [&](absl::string_view code, absl::string_view phrase,
                 absl::string_view score) {
    std::string padded(phrase);
    padded.resize(phrase_width, ' ');
    out << code << "  " << padded << "  " << score << "\n";
  };
  row("CODE", "REASON PHRASE", "SCORE");
  for (const v1::ScoredStatusCode& result : results.results()) {
    row(absl::StrCat(result.status_code().code(), " "),
        result.status_code().reason_phrase(),
        absl::StrFormat("%.2f", result.score()));
  }
}

void PrintTranslations(const v1::TranslateStatusResponse& response,
                       std::ostream& out) {
  for (const v1::StatusTranslation& t : response.translations()) {
    const std::string http = absl::StrCat("HTTP ", t.http_status_code());
    const std::string grpc =
        absl::StrCat("gRPC ", t.grpc_code(), " ", t.grpc_code_name());
    const bool to_http = t.kind() == v1::TRANSLATION_KIND_GRPC_TO_HTTP;
    out << EnumWords(v1::TranslationKind_Name(t.kind()), "TRANSLATION_KIND_")
        << ": " << (to_http ? grpc : http) << " -> " << (to_http ? http : grpc)
        << "\n";
    if (t.has_reference()) {
      PrintFact("Source", ReferenceText(t.reference()), out);
    }
    PrintFact("Note", t.note(), out);
  }
}

}  // namespace statusinfo::cli
