// The request as a message (service/core/exchange.cc): the new `request`
// field and the deprecated request_method / request_headers, their limits,
// and the rules' silence when the exchange does not show a fact.
#include "service/core/exchange.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/catalog.h"
#include "service/core/errors.h"
#include "service/core/response_rules.h"
#include "tests/support/builtin_catalog.h"

namespace statusinfo::core {
namespace {

using ::statusinfo::testing::BuiltinCatalog;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

v1::HttpHeader Field(const std::string& name, const std::string& value) {
  v1::HttpHeader header;
  header.set_name(name);
  header.set_value(value);
  return header;
}

// A response `code` with `headers`, to a request described by `request`.
v1::ValidateResponseRequest Exchange(
    const v1::HttpRequest& request, int code,
    std::initializer_list<v1::HttpHeader> headers) {
  v1::ValidateResponseRequest message;
  *message.mutable_request() = request;
  message.set_status_code(code);
  for (const v1::HttpHeader& header : headers) *message.add_headers() = header;
  return message;
}

v1::HttpRequest Request(const std::string& method,
                        std::initializer_list<v1::HttpHeader> headers = {},
                        const std::string& version = "") {
  v1::HttpRequest request;
  request.set_method(method);
  request.set_http_version(version);
  for (const v1::HttpHeader& header : headers) *request.add_headers() = header;
  return request;
}

std::vector<std::string> RuleIds(const v1::ValidateResponseResponse& result) {
  std::vector<std::string> ids;
  for (const v1::Finding& finding : result.findings()) {
    ids.push_back(finding.rule_id());
  }
  return ids;
}

// The same message with the request in the deprecated fields.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
v1::ValidateResponseRequest Deprecated(v1::ValidateResponseRequest message) {
  const v1::HttpRequest request = message.request();
  message.clear_request();
  message.set_request_method(request.method());
  *message.mutable_request_headers() = request.headers();
  return message;
}
#pragma GCC diagnostic pop

const v1::HttpHeader kETag = Field("ETag", "\"v1\"");
const v1::HttpHeader kDate = Field("Date", "Sun, 06 Nov 1994 08:49:37 GMT");

TEST(ExchangeTest, DeprecatedFieldsMeanTheSame) {
  for (const v1::ValidateResponseRequest& message :
       {Exchange(Request("GET", {Field("If-Match", "\"nope\"")}), 200,
                 {kETag, kDate}),
        Exchange(Request("HEAD", {Field("If-None-Match", "\"v1\"")}), 304,
                 {Field("ETag", "\"v2\""), kDate}),
        Exchange(Request("PUT"), 405, {Field("Allow", "GET, PUT"), kDate})}) {
    const v1::ValidateResponseRequest old = Deprecated(message);
    EXPECT_TRUE(CheckResponseLimits(old).ok());
    EXPECT_EQ(RuleIds(ValidateResponse(BuiltinCatalog(), old)),
              RuleIds(ValidateResponse(BuiltinCatalog(), message)));
    EXPECT_THAT(RuleIds(ValidateResponse(BuiltinCatalog(), old)),
                Not(IsEmpty()));
  }
}

TEST(ExchangeTest, RequestWithDeprecatedFieldsIsRefused) {
  v1::ValidateResponseRequest both =
      Deprecated(Exchange(Request("HEAD"), 200, {kDate}));
  *both.mutable_request() = Request("GET");
  ASSERT_TRUE(HasConflictingRequestFields(both));
  const absl::Status status = CheckResponseLimits(both, "responses[1].");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              StartsWith("responses[1].request: "));
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("responses[1].request_method"));
  EXPECT_EQ(ErrorReason(status), "CONFLICTING_REQUEST_FIELDS");
}

TEST(ExchangeTest, OverLimitRequestFieldIsLeftOutAndReported) {
  // An If-None-Match that matches the ETag, but too long to be read.
  std::string tags = "\"v1\"";
  while (tags.size() <= static_cast<std::size_t>(kMaxHeaderValueBytes)) {
    tags += ", \"x\"";
  }
  const v1::ValidateResponseRequest message = Exchange(
      Request("GET", {Field("If-None-Match", tags)}), 200, {kETag, kDate});
  ASSERT_TRUE(CheckResponseLimits(message).ok());
  const v1::ValidateResponseResponse result =
      ValidateResponse(BuiltinCatalog(), message);
  EXPECT_THAT(RuleIds(result),
              ::testing::ElementsAre("request-field-over-limit"));
  EXPECT_THAT(result.findings(0).message(),
              HasSubstr("request.headers[0] (\"If-None-Match\")"));
  EXPECT_THAT(result.findings(0).message(), HasSubstr("8192"));
  // Shortened under the limit, the same field is read.
  const v1::ValidateResponseResponse read = ValidateResponse(
      BuiltinCatalog(),
      Exchange(Request("GET", {Field("If-None-Match", "\"v1\"")}), 200,
               {kETag, kDate}));
  EXPECT_THAT(RuleIds(read),
              ::testing::ElementsAre("if-none-match-matched-2xx"));
}

TEST(ExchangeTest, ClientVersionComesFromTheRequest) {
  EXPECT_EQ(ClientVersionOf(Exchange(Request("GET", {}, "HTTP/1.0"), 200, {})),
            ClientVersion::kBelow11);
  EXPECT_EQ(ClientVersionOf(Exchange(Request("GET", {}, "HTTP/0.9"), 200, {})),
            ClientVersion::kBelow11);
  EXPECT_EQ(ClientVersionOf(Exchange(Request("GET", {}, "HTTP/1.1"), 200, {})),
            ClientVersion::kAtLeast11);
  EXPECT_EQ(ClientVersionOf(Exchange(Request("GET", {}, "HTTP/2"), 200, {})),
            ClientVersion::kAtLeast11);
  EXPECT_EQ(ClientVersionOf(Exchange(Request("GET", {}, "http/1.0"), 200, {})),
            ClientVersion::kUnknown);
  EXPECT_EQ(ClientVersionOf(Exchange(Request("GET"), 200, {})),
            ClientVersion::kUnknown);
}

TEST(ExchangeTest, ClientVersionRulesAreSilentWhenItIsUnknown) {
  // The response's own version says nothing about the client.
  v1::ValidateResponseRequest message = Exchange(Request("GET"), 100, {});
  message.set_http_version("HTTP/1.0");
  EXPECT_THAT(RuleIds(ValidateResponse(BuiltinCatalog(), message)), IsEmpty());
  message = Exchange(Request("GET"), 200,
                     {kDate, Field("Transfer-Encoding", "chunked")});
  EXPECT_THAT(RuleIds(ValidateResponse(BuiltinCatalog(), message)), IsEmpty());
}

TEST(ExchangeTest, MissingValidatorsKeepPreconditionRulesSilent) {
  // No ETag or Last-Modified in the response: nothing to compare with.
  const v1::HttpRequest conditional = Request(
      "GET", {Field("If-Match", "\"a\""), Field("If-None-Match", "\"b\""),
              Field("If-Unmodified-Since", "Sat, 05 Nov 1994 08:49:37 GMT")});
  EXPECT_THAT(RuleIds(ValidateResponse(BuiltinCatalog(),
                                       Exchange(conditional, 200, {kDate}))),
              IsEmpty());
  // A malformed precondition is not read either, only reported as input.
  EXPECT_THAT(RuleIds(ValidateResponse(
                  BuiltinCatalog(),
                  Exchange(Request("GET", {Field("If-Match", "nope")}), 200,
                           {kDate, kETag}))),
              ::testing::ElementsAre("request-precondition-syntax"));
}

TEST(ExchangeTest, IfNoneMatchStarNeedsARepresentation) {
  const v1::HttpRequest star = Request("GET", {Field("If-None-Match", "*")});
  EXPECT_THAT(
      RuleIds(ValidateResponse(BuiltinCatalog(), Exchange(star, 200, {kDate}))),
      ::testing::ElementsAre("if-none-match-matched-2xx"));
  // A 204 shows no representation.
  EXPECT_THAT(
      RuleIds(ValidateResponse(BuiltinCatalog(), Exchange(star, 204, {kDate}))),
      IsEmpty());
}

TEST(ExchangeTest, StateChangingMethodMayAnswer2xxToFailedIfMatch) {
  // RFC 9110, Section 13.1.1: the change may already have been applied.
  EXPECT_THAT(RuleIds(ValidateResponse(
                  BuiltinCatalog(),
                  Exchange(Request("PUT", {Field("If-Match", "\"old\"")}), 204,
                           {kDate, kETag}))),
              IsEmpty());
}

TEST(ExchangeTest, ContextSilencesRulesThatLackTheirFact) {
  // A proxy's 2xx to CONNECT opens a tunnel: no Date is required.
  EXPECT_THAT(RuleIds(ValidateResponse(BuiltinCatalog(),
                                       Exchange(Request("CONNECT"), 200, {}))),
              IsEmpty());
  // A 416 without Range in the request: Content-Range is not required.
  EXPECT_THAT(RuleIds(ValidateResponse(BuiltinCatalog(),
                                       Exchange(Request("GET"), 416, {kDate}))),
              Not(::testing::Contains("416-content-range")));
  // 412-precondition needs a described request.
  v1::ValidateResponseRequest unknown;
  unknown.set_status_code(412);
  unknown.set_has_content(true);
  unknown.add_headers()->CopyFrom(kDate);
  EXPECT_THAT(RuleIds(ValidateResponse(BuiltinCatalog(), unknown)), IsEmpty());
  // A request given by its method alone says nothing of its header fields:
  // the rules about a missing request field stay silent; given one field
  // (every real request has Host), the others count as absent.
  const std::pair<int, const char*> kAbsenceRules[] = {
      {206, "206-range-request"},
      {304, "304-conditional"},
      {412, "412-precondition"},
      {425, "425-early-data"}};
  for (const auto& [code, rule] : kAbsenceRules) {
    EXPECT_THAT(RuleIds(ValidateResponse(
                    BuiltinCatalog(), Exchange(Request("GET"), code, {kDate}))),
                Not(::testing::Contains(rule)));
    EXPECT_THAT(RuleIds(ValidateResponse(
                    BuiltinCatalog(),
                    Exchange(Request("GET", {Field("Host", "a.example")}), code,
                             {kDate}))),
                ::testing::Contains(rule));
  }
}

}  // namespace
}  // namespace statusinfo::core
