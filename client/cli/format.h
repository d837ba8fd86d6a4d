// How the CLI shows responses: readable text for people, and protobuf's JSON
// mapping for programs (one document per response, on one line, so the
// output can be piped to jq or read as JSON lines).
//
// Example:
//
//   PrintStatusCode(entry, std::cout);
//   // 413 Content Too Large
//   //   The request content is larger than the server will process.
//   //   ...
#ifndef STATUSINFO_CLIENT_CLI_FORMAT_H_
#define STATUSINFO_CLIENT_CLI_FORMAT_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::cli {

namespace v1 = ::statusinfo::v1;

// Writes `message` in protobuf's JSON mapping followed by a newline.
absl::Status PrintJson(const google::protobuf::Message& message,
                       std::ostream& out);

// An enum value's name in plain words: the value's name without `prefix`,
// lower case, '_' as space. ("STATUS_CLASS_CLIENT_ERROR", "STATUS_CLASS_")
// gives "client error".
std::string EnumWords(const std::string& value_name, absl::string_view prefix);

// "client error (4xx)"; "unspecified" for STATUS_CLASS_UNSPECIFIED.
std::string ClassWords(v1::StatusClass status_class);

// "registered", "unofficial"...
std::string RegistryWords(v1::RegistryStatus registry_status);

// "<code> <phrase>" then the entry's summary, description and facts, indented.
void PrintStatusCode(const v1::StatusCode& entry, std::ostream& out);

// A table: code, reason phrase and registry status, one row per entry, then
// a line with the count.
void PrintStatusCodeTable(
    const google::protobuf::RepeatedPtrField<v1::StatusCode>& entries,
    std::ostream& out);

// The verdict of ValidateStatusCode: its explanation, then the facts.
void PrintValidation(const v1::ValidateStatusCodeResponse& validation,
                     std::ostream& out);

// `message` in protobuf's JSON mapping, on one line, for embedding in a
// larger document.
absl::StatusOr<std::string> JsonString(
    const google::protobuf::Message& message);

// One line per finding, indented: severity, rule id, message and reference,
// e.g. "  ERROR    401-www-authenticate: The 401 response ... [RFC 9110,
// Section 15.5.2]". "  no findings" when there are none.
void PrintFindings(
    const google::protobuf::RepeatedPtrField<v1::Finding>& findings,
    std::ostream& out);

// The parts ValidateStatusLine found (version, code, reason phrase), its
// verdict, and its findings.
void PrintStatusLineValidation(const v1::ValidateStatusLineResponse& result,
                               std::ostream& out);

// A table of search results: code, reason phrase and score, best first.
void PrintSearchResults(const v1::SearchStatusCodesResponse& results,
                        std::ostream& out);

// Each translation: its kind, the mapping ("HTTP 503 -> gRPC 14
// UNAVAILABLE"), its source and its note.
void PrintTranslations(const v1::TranslateStatusResponse& response,
                       std::ostream& out);

}  // namespace statusinfo::cli

#endif  // STATUSINFO_CLIENT_CLI_FORMAT_H_
