#include "service/core/translation.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/code.pb.h"
#include "service/core/catalog.h"
#include "service/core/errors.h"

namespace statusinfo::core {
namespace {

// gRPC's doc/http-grpc-status-mapping.md: every status not listed maps to
// UNKNOWN.
struct ReceivedMapping {
  int http_code;
  google::rpc::Code grpc_code;
};
constexpr ReceivedMapping kReceivedMappings[] = {
    {400, google::rpc::INTERNAL},          {401, google::rpc::UNAUTHENTICATED},
    {403, google::rpc::PERMISSION_DENIED}, {404, google::rpc::UNIMPLEMENTED},
    {429, google::rpc::UNAVAILABLE},       {502, google::rpc::UNAVAILABLE},
    {503, google::rpc::UNAVAILABLE},       {504, google::rpc::UNAVAILABLE},
};

// Where several gRPC codes share one HTTP mapping, the one whose meaning is
// the most general reading of the HTTP status.
constexpr ReceivedMapping kPreferredSemantic[] = {
    {400, google::rpc::INVALID_ARGUMENT},
    {409, google::rpc::ABORTED},
    {500, google::rpc::INTERNAL},
};

v1::Reference Ref(absl::string_view document, absl::string_view uri) {
  v1::Reference reference;
  reference.set_document(std::string(document));
  reference.set_uri(std::string(uri));
  return reference;
}

const v1::Reference& ReceivedReference() {
  static const v1::Reference* const kRef =
      new v1::Reference(Ref("gRPC: HTTP to gRPC Status Code Mapping",
                            "https://github.com/grpc/grpc/blob/master/doc/"
                            "http-grpc-status-mapping.md"));
  return *kRef;
}

const v1::Reference& CodeProtoReference() {
  static const v1::Reference* const kRef = new v1::Reference(
      Ref("google/rpc/code.proto",
          "https://github.com/googleapis/googleapis/blob/master/google/rpc/"
          "code.proto"));
  return *kRef;
}

std::string GrpcName(const Catalog& catalog, int grpc_code) {
  const v1::GrpcStatusCode* entry = catalog.FindGrpc(grpc_code);
  return entry != nullptr ? entry->name() : absl::StrCat("CODE_", grpc_code);
}

// gRPC codes whose documented HTTP mapping is `http_code`, ascending.
std::vector<int> GrpcCodesMappedTo(const Catalog& catalog, int http_code) {
  std::vector<int> codes;
  for (const v1::GrpcStatusCode* entry : catalog.grpc_entries()) {
    if (entry->http_status_code() == http_code) codes.push_back(entry->code());
  }
  return codes;
}

int PickSemantic(const std::vector<int>& candidates, int http_code) {
  for (const ReceivedMapping& preferred : kPreferredSemantic) {
    if (preferred.http_code != http_code) continue;
    for (int code : candidates) {
      if (code == preferred.grpc_code) return code;
    }
  }
  return candidates.front();
}

v1::StatusTranslation SemanticTranslation(const Catalog& catalog,
                                          int http_code) {
  v1::StatusTranslation t;
  t.set_kind(v1::TRANSLATION_KIND_HTTP_TO_GRPC_SEMANTIC);
  t.set_http_status_code(http_code);
  *t.mutable_reference() = CodeProtoReference();
  int basis = http_code;
  std::vector<int> candidates = GrpcCodesMappedTo(catalog, basis);
  if (candidates.empty()) {
    basis = http_code / 100 * 100;
    candidates = GrpcCodesMappedTo(catalog, basis);
  }
  if (candidates.empty()) {
    t.set_grpc_code(google::rpc::UNKNOWN);
    t.set_note(absl::StrCat("No gRPC code is documented for ", http_code,
                            " or its class's ", basis, "."));
  } else {
    t.set_grpc_code(PickSemantic(candidates, basis));
    std::vector<std::string> names;
    names.reserve(candidates.size());
    for (int code : candidates) names.push_back(GrpcName(catalog, code));
    std::string note =
        absl::StrCat("google.rpc.Code maps ", absl::StrJoin(names, ", "),
                     " to HTTP ", basis, ".");
    if (basis != http_code) {
      absl::StrAppend(&note, " ", http_code, " is read as ", basis,
                      ", the x00 code of its class (RFC 9110, Section 15).");
    }
    t.set_note(std::move(note));
  }
  t.set_grpc_code_name(GrpcName(catalog, t.grpc_code()));
  return t;
}

v1::TranslateStatusResponse FromHttp(const Catalog& catalog, int http_code) {
  v1::TranslateStatusResponse response;
  v1::StatusTranslation* received = response.add_translations();
  received->set_kind(v1::TRANSLATION_KIND_HTTP_TO_GRPC_RECEIVED);
  received->set_http_status_code(http_code);
  received->set_grpc_code(GrpcCodeReceivedForHttp(http_code));
  received->set_grpc_code_name(GrpcName(catalog, received->grpc_code()));
  *received->mutable_reference() = ReceivedReference();
  received->set_note(
      "What a gRPC client reports when a server that does not speak gRPC "
      "answers with this HTTP status.");
  *response.add_translations() = SemanticTranslation(catalog, http_code);
  return response;
}

}  // namespace

int GrpcCodeReceivedForHttp(int http_code) {
  for (const ReceivedMapping& mapping : kReceivedMappings) {
    if (mapping.http_code == http_code) return mapping.grpc_code;
  }
  return google::rpc::UNKNOWN;
}

absl::StatusOr<v1::TranslateStatusResponse> TranslateStatus(
    const Catalog& catalog, const v1::TranslateStatusRequest& request) {
  switch (request.status_case()) {
    case v1::TranslateStatusRequest::kHttpStatusCode:
      if (!IsValidStatusCode(request.http_status_code())) {
        return InvalidArgument(
            "http_status_code",
            absl::StrCat("must be between ", kMinStatusCode, " and ",
                         kMaxStatusCode, ", got ", request.http_status_code()),
            v1::CODE_OUT_OF_RANGE);
      }
      return FromHttp(catalog, request.http_status_code());
    case v1::TranslateStatusRequest::kGrpcCode: {
      const v1::GrpcStatusCode* entry = catalog.FindGrpc(request.grpc_code());
      if (entry == nullptr) {
        return InvalidArgument(
            "grpc_code",
            absl::StrCat("must be between ", kMinGrpcCode, " and ",
                         kMaxGrpcCode, ", got ", request.grpc_code()),
            v1::GRPC_CODE_OUT_OF_RANGE);
      }
      v1::TranslateStatusResponse response;
      v1::StatusTranslation* t = response.add_translations();
      t->set_kind(v1::TRANSLATION_KIND_GRPC_TO_HTTP);
      t->set_grpc_code(entry->code());
      t->set_grpc_code_name(entry->name());
      t->set_http_status_code(entry->http_status_code());
      *t->mutable_reference() = CodeProtoReference();
      return response;
    }
    case v1::TranslateStatusRequest::STATUS_NOT_SET:
      break;
  }
  return InvalidArgument("status", "set one of http_status_code or grpc_code",
                         v1::STATUS_NOT_SET);
}

}  // namespace statusinfo::core
