#include "service/http/transcoding.h"

#include <string>

#include "google/protobuf/util/json_util.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "service/core/errors.h"
#include "service/core/utf8.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::http {
namespace {

const HttpRoute& RouteOf(const std::string& rpc) {
  static const RouteTable* const table = [] {
    auto t = RouteTable::FromService(
        *v1::GetStatusCodeRequest::descriptor()->file()->FindServiceByName(
            "StatusInfoService"));
    return new RouteTable(*std::move(t));
  }();
  for (const HttpRoute& route : table->routes()) {
    if (route.method->name() == rpc) return route;
  }
  ADD_FAILURE() << rpc;
  return table->routes().front();
}

TEST(TranscodeRequestTest, QueryParametersByProtoOrJsonName) {
  v1::ListStatusCodesRequest request;
  ASSERT_TRUE(TranscodeRequest(RouteOf("ListStatusCodes"), {},
                               "page_size=5&pageToken=a%2Bb&status_class=2&"
                               "includeUnofficial=true",
                               "", request)
                  .ok());
  EXPECT_EQ(request.page_size(), 5);
  EXPECT_EQ(request.page_token(), "a+b");
  EXPECT_EQ(request.status_class(), v1::STATUS_CLASS_SUCCESSFUL);
  EXPECT_TRUE(request.include_unofficial());
}

TEST(TranscodeRequestTest, RepeatedParameterOncePerValue) {
  v1::BatchGetStatusCodesRequest request;
  ASSERT_TRUE(TranscodeRequest(RouteOf("BatchGetStatusCodes"), {},
                               "codes=200&codes=404&codes=200", "", request)
                  .ok());
  EXPECT_EQ(request.codes_size(), 3);
  EXPECT_EQ(request.codes(1), 404);
}

TEST(TranscodeRequestTest, PlusIsASpaceInQueries) {
  v1::SearchStatusCodesRequest request;
  ASSERT_TRUE(TranscodeRequest(RouteOf("SearchStatusCodes"), {},
                               "query=too+many%20requests", "", request)
                  .ok());
  EXPECT_EQ(request.query(), "too many requests");
}

TEST(TranscodeRequestTest, PathVariablesWinOverQuery) {
  v1::GetStatusCodeRequest request;
  const absl::Status s = TranscodeRequest(RouteOf("GetStatusCode"),
                                          {{"code", "404"}}, "", "", request);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(request.code(), 404);
}

TEST(TranscodeRequestTest, JsonBodyByJsonMapping) {
  v1::ValidateResponseRequest request;
  ASSERT_TRUE(
      TranscodeRequest(RouteOf("ValidateResponse"), {}, "",
                       R"({"statusCode": 204, "headers": [{"name": "Date",
                      "value": "x"}], "request": {"method": "GET"}})",
                       request)
          .ok());
  EXPECT_EQ(request.status_code(), 204);
  EXPECT_EQ(request.headers(0).name(), "Date");
  EXPECT_EQ(request.request().method(), "GET");
}

TEST(TranscodeRequestTest, EmptyBodyIsAnEmptyMessage) {
  v1::ValidateStatusCodeRequest request;
  request.set_code(7);  // cleared, as the core's parser clears it
  ASSERT_TRUE(
      TranscodeRequest(RouteOf("ValidateStatusCode"), {}, "", "", request)
          .ok());
  EXPECT_EQ(request.code(), 0);
}

TEST(TranscodeRequestTest, ErrorsNameTheField) {
  struct Case {
    std::string rpc, query, body, field, reason;
  };
  const Case cases[] = {
      {"ListStatusCodes", "nope=1", "", "nope", "MALFORMED_REQUEST"},
      {"ListStatusCodes", "page_size=x", "", "page_size", "MALFORMED_REQUEST"},
      {"ListStatusCodes", "include_unofficial=yes", "", "include_unofficial",
       "MALFORMED_REQUEST"},
      {"SearchStatusCodes", "query=%ff", "", "query", "INVALID_UTF8"},
      {"ValidateStatusLine", "", R"({"bogus": 1})", "body",
       "MALFORMED_REQUEST"},
      {"ValidateStatusLine", "", "\xff", "body", "INVALID_UTF8"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.rpc + " " + c.query + " " + c.body);
    const HttpRoute& route = RouteOf(c.rpc);
    auto* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(
            route.method->input_type());
    std::unique_ptr<google::protobuf::Message> request(prototype->New());
    const absl::Status s =
        TranscodeRequest(route, {}, c.query, c.body, *request);
    EXPECT_TRUE(absl::IsInvalidArgument(s)) << s;
    EXPECT_EQ(core::ErrorReason(s), c.reason);
    EXPECT_EQ(s.message().substr(0, c.field.size() + 1), c.field + ":") << s;
  }
}

// Found by http_fuzzer: a parameter name that is not UTF-8 went into the
// error as is; google.rpc.Status strings must be UTF-8.
TEST(TranscodeRequestTest, ErrorsAreUtf8WhateverTheUrlCarries) {
  v1::TranslateStatusRequest request;
  const absl::Status s = TranscodeRequest(RouteOf("TranslateStatus"), {},
                                          "grpcCod%ff%ffe=14&x=1", "", request);
  EXPECT_TRUE(absl::IsInvalidArgument(s)) << s;
  EXPECT_TRUE(core::IsValidUtf8(s.message())) << s;
  v1::ListStatusCodesRequest list;
  const absl::Status value = TranscodeRequest(RouteOf("ListStatusCodes"), {},
                                              "page_size=%ff1", "", list);
  EXPECT_TRUE(absl::IsInvalidArgument(value)) << value;
  EXPECT_NE(value.message().find("page_size"), std::string::npos) << value;
  EXPECT_TRUE(core::IsValidUtf8(value.message())) << value;
}

TEST(ErrorToJsonTest, CarriesTheDetailsWithTheirTypes) {
  const absl::Status error = core::InvalidArgument("code", "must be 100 to 599",
                                                   v1::CODE_OUT_OF_RANGE);
  const std::string json = ErrorToJson(error);
  EXPECT_NE(
      json.find("\"@type\":\"type.googleapis.com/google.rpc.BadRequest\""),
      std::string::npos)
      << json;
  google::rpc::Status parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok());
  EXPECT_EQ(parsed.code(), 3);
  EXPECT_EQ(parsed.details_size(), 2);
}

TEST(ToJsonTest, LowerCamelCaseAndEnumNames) {
  v1::ListStatusCodesRequest request;
  request.set_page_size(3);
  request.set_status_class(v1::STATUS_CLASS_REDIRECTION);
  EXPECT_EQ(ToJson(request),
            R"({"pageSize":3,"statusClass":"STATUS_CLASS_REDIRECTION"})");
}

}  // namespace
}  // namespace statusinfo::http
