#include "client/lib/errors.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace statusinfo::client {
namespace {

// The message name an Any type URL names: what follows its last '/'. Matching
// on the name rather than the whole URL accepts any URL prefix.
absl::string_view TypeName(absl::string_view type_url) {
  const size_t slash = type_url.rfind('/');
  return slash == absl::string_view::npos ? type_url
                                          : type_url.substr(slash + 1);
}

// Appends `fragment` unless it is already there: the same detail can arrive
// both inside the google.rpc.Status and as a payload of its own.
void AddFragment(std::string fragment, std::vector<std::string>& fragments) {
  if (std::find(fragments.begin(), fragments.end(), fragment) ==
      fragments.end()) {
    fragments.push_back(std::move(fragment));
  }
}

// Renders one detail (a serialized message of type `type_url`) if it is a
// BadRequest or an ErrorInfo; other details say nothing a person needs here.
void RenderDetail(absl::string_view type_url, const std::string& value,
                  absl::string_view message,
                  std::vector<std::string>& fragments) {
  const absl::string_view name = TypeName(type_url);
  if (name == google::rpc::BadRequest::descriptor()->full_name()) {
    google::rpc::BadRequest bad_request;
    if (!bad_request.ParseFromString(value)) return;
    for (const auto& violation : bad_request.field_violations()) {
      // The service's messages already read "<field>: <description>", so
      // repeating the description would only make the line longer.
      const bool said = violation.description().empty() ||
                        absl::StrContains(message, violation.description());
      AddFragment(said ? absl::StrCat("[field ", violation.field(), "]")
                       : absl::StrCat("[field ", violation.field(), ": ",
                                      violation.description(), "]"),
                  fragments);
    }
  } else if (name == google::rpc::ErrorInfo::descriptor()->full_name()) {
    google::rpc::ErrorInfo info;
    if (!info.ParseFromString(value) || info.reason().empty()) return;
    AddFragment(absl::StrCat("[reason: ", info.reason(), "]"), fragments);
  }
}

// Calls `visit(type_url, serialized)` for every detail of `status`: those
// inside a kRpcStatusTypeUrl payload and payloads of their own.
template <typename Visit>
void ForEachDetail(const absl::Status& status, Visit visit) {
  status.ForEachPayload([&](absl::string_view type_url,
                            const absl::Cord& payload) {
    if (TypeName(type_url) != google::rpc::Status::descriptor()->full_name()) {
      visit(type_url, std::string(payload));
      return;
    }
    google::rpc::Status rpc_status;
    if (!rpc_status.ParseFromString(std::string(payload))) return;
    for (const google::protobuf::Any& detail : rpc_status.details()) {
      visit(detail.type_url(), detail.value());
    }
  });
}

}  // namespace

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  // grpc::StatusCode and absl::StatusCode share the canonical numbering
  // (google.rpc.Code), so the cast keeps the meaning.
  absl::Status result(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
  if (!status.error_details().empty()) {
    result.SetPayload(kRpcStatusTypeUrl, absl::Cord(status.error_details()));
  }
  return result;
}

std::string DescribeError(const absl::Status& status) {
  if (status.ok()) return "OK";
  std::vector<std::string> fragments;
  const absl::string_view message = status.message();
  ForEachDetail(status,
                [&](absl::string_view type_url, const std::string& value) {
                  RenderDetail(type_url, value, message, fragments);
                });
  // Fields first, then the reason, whatever order the server sent them in.
  std::stable_partition(fragments.begin(), fragments.end(),
                        [](const std::string& fragment) {
                          return absl::StartsWith(fragment, "[field");
                        });
  std::string line =
      absl::StrCat(absl::StatusCodeToString(status.code()), ": ", message);
  if (!fragments.empty()) {
    absl::StrAppend(&line, " ", absl::StrJoin(fragments, " "));
  }
  // One line, whatever the server put in its message.
  return absl::StrReplaceAll(line, {{"\r\n", " "}, {"\n", " "}, {"\r", " "}});
}

v1::ErrorReason ReasonOf(const absl::Status& status) {
  v1::ErrorReason reason = v1::ERROR_REASON_UNSPECIFIED;
  ForEachDetail(
      status, [&](absl::string_view type_url, const std::string& value) {
        if (TypeName(type_url) !=
            google::rpc::ErrorInfo::descriptor()->full_name()) {
          return;
        }
        google::rpc::ErrorInfo info;
        v1::ErrorReason parsed;
        if (info.ParseFromString(value) && info.domain() == kErrorDomain &&
            v1::ErrorReason_Parse(info.reason(), &parsed)) {
          reason = parsed;
        }
      });
  return reason;
}

}  // namespace statusinfo::client
