// Fuzzes the HTTP listener's request -> RPC request transcoding
// (service/http/http_rules.h, transcoding.h) on the routes the proto
// declares: the input's first line is "<method> <target>", the rest is the
// body.
//
// Beyond "no crash, no sanitizer report", it checks what the adapter
// promises: a matched route binds only its own variables; a request that
// transcodes is a message whose strings are UTF-8 (it reaches the core as
// over gRPC); one that does not gets INVALID_ARGUMENT with a BadRequest
// naming a field and an ErrorInfo reason; every error's JSON parses back
// into the same google.rpc.Status.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/status.pb.h"
#include "service/core/errors.h"
#include "service/core/utf8.h"
#include "service/http/http_rules.h"
#include "service/http/transcoding.h"
#include "statusinfo/v1/status_info_service.pb.h"
#include "tests/fuzz/fuzz_common.h"

namespace statusinfo::fuzz {
namespace {

const http::RouteTable& Routes() {
  static const http::RouteTable* const routes = [] {
    const auto* service =
        v1::GetStatusCodeRequest::descriptor()->file()->FindServiceByName(
            "StatusInfoService");
    absl::StatusOr<http::RouteTable> table =
        http::RouteTable::FromService(*service);
    FUZZ_CHECK(table.ok(), table.status().ToString());
    return new http::RouteTable(*std::move(table));
  }();
  return *routes;
}

void CheckError(const absl::Status& error) {
  FUZZ_CHECK(absl::IsInvalidArgument(error), error.ToString());
  FUZZ_CHECK(!core::ErrorReason(error).empty(), error.ToString());
  const std::string json = http::ErrorToJson(error);
  google::rpc::Status parsed;
  FUZZ_CHECK(google::protobuf::util::JsonStringToMessage(json, &parsed).ok(),
             json);
  FUZZ_CHECK(parsed.code() == static_cast<int>(error.code()), json);
  FUZZ_CHECK(parsed.message() == error.message(), json);
  FUZZ_CHECK(parsed.details_size() == 2, json);  // BadRequest, ErrorInfo
}

void FuzzRequest(absl::string_view input) {
  const size_t newline = input.find('\n');
  const absl::string_view line = input.substr(0, newline);
  const absl::string_view body =
      newline == absl::string_view::npos ? "" : input.substr(newline + 1);
  const size_t space = line.find(' ');
  if (space == absl::string_view::npos) return;
  const absl::string_view method = line.substr(0, space);
  absl::string_view target = line.substr(space + 1);
  const size_t question = target.find('?');
  const absl::string_view query =
      question == absl::string_view::npos ? "" : target.substr(question + 1);
  target = target.substr(0, question);

  const http::RouteMatch match = Routes().Match(method, target);
  if (match.route == nullptr) return;
  FUZZ_CHECK(match.allowed_methods.empty(), std::string(target));
  for (const http::Binding& binding : match.bindings) {
    bool declared = false;
    for (const auto& segment : match.route->segments) {
      declared =
          declared || (segment.is_variable && segment.text == binding.first);
    }
    FUZZ_CHECK(declared, binding.first);
  }
  const auto* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          match.route->method->input_type());
  std::unique_ptr<google::protobuf::Message> request(prototype->New());
  const absl::Status status = http::TranscodeRequest(
      *match.route, match.bindings, query, body, *request);
  if (!status.ok()) return CheckError(status);
  // What the core reads must be what a gRPC client could have sent.
  std::unique_ptr<google::protobuf::Message> copy(prototype->New());
  FUZZ_CHECK(copy->ParseFromString(request->SerializeAsString()),
             request->ShortDebugString());
  const std::string json = http::ToJson(*request);
  FUZZ_CHECK(core::IsValidUtf8(json), json);
}

}  // namespace
}  // namespace statusinfo::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  statusinfo::fuzz::FuzzRequest(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
