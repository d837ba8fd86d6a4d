#include "service/http/http_rules.h"

#include <string>

#include "gtest/gtest.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::http {
namespace {

const google::protobuf::ServiceDescriptor& Service() {
  return *v1::GetStatusCodeRequest::descriptor()->file()->FindServiceByName(
      "StatusInfoService");
}

class RouteTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<RouteTable> table = RouteTable::FromService(Service());
    ASSERT_TRUE(table.ok()) << table.status();
    table_ = *std::move(table);
  }
  RouteTable table_;
};

// Every unary RPC has a route, the streaming one none: the proto's
// annotations are the table.
TEST_F(RouteTableTest, EveryUnaryMethodHasOneRoute) {
  int unary = 0;
  for (int i = 0; i < Service().method_count(); ++i) {
    const auto* method = Service().method(i);
    if (method->client_streaming() || method->server_streaming()) continue;
    ++unary;
    int routes = 0;
    for (const HttpRoute& route : table_.routes()) {
      routes += route.method == method ? 1 : 0;
    }
    EXPECT_EQ(routes, 1) << method->name();
  }
  EXPECT_EQ(table_.routes().size(), static_cast<size_t>(unary));
}

TEST_F(RouteTableTest, BindsPathVariables) {
  const RouteMatch match = table_.Match("GET", "/v1/statusCodes/404");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->method->name(), "GetStatusCode");
  ASSERT_EQ(match.bindings.size(), 1u);
  EXPECT_EQ(match.bindings[0].first, "code");
  EXPECT_EQ(match.bindings[0].second, "404");
  // Percent-encoded values are decoded.
  EXPECT_EQ(
      table_.Match("GET", "/v1/grpcStatusCodes/%31%34").bindings[0].second,
      "14");
}

TEST_F(RouteTableTest, CustomVerbsAreTheirOwnRoutes) {
  EXPECT_EQ(table_.Match("GET", "/v1/statusCodes:search").route->method->name(),
            "SearchStatusCodes");
  EXPECT_EQ(table_.Match("GET", "/v1/statusCodes").route->method->name(),
            "ListStatusCodes");
  EXPECT_EQ(
      table_.Match("POST", "/v1/statusCodes:validate").route->method->name(),
      "ValidateStatusCode");
  // A verb no route has is no route, not a variable's value.
  EXPECT_EQ(table_.Match("GET", "/v1/statusCodes:nothing").route, nullptr);
}

TEST_F(RouteTableTest, WrongMethodListsTheAllowedOnes) {
  const RouteMatch match = table_.Match("DELETE", "/v1/statusCodes/404");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(match.allowed_methods, std::vector<std::string>{"GET"});
  const RouteMatch post = table_.Match("GET", "/v1/responses:validate");
  EXPECT_EQ(post.allowed_methods, std::vector<std::string>{"POST"});
}

TEST_F(RouteTableTest, UnknownPathsMatchNothing) {
  for (const char* path :
       {"", "/", "/v1", "/v1/statusCodes/404/extra", "/v1/statusCodes/",
        "v1/statusCodes/404", "/v2/statusCodes/404", "/v1/statusCodes/%zz",
        "//v1/statusCodes/404"}) {
    const RouteMatch match = table_.Match("GET", path);
    EXPECT_EQ(match.route, nullptr) << path;
    EXPECT_TRUE(match.allowed_methods.empty()) << path;
  }
}

TEST(PercentDecodeTest, DecodesAndRefusesBrokenEscapes) {
  std::string out;
  EXPECT_TRUE(PercentDecode("a%20b%2Fc%c3%a9", out));
  EXPECT_EQ(out, "a b/c\xc3\xa9");
  for (const char* bad : {"%", "%2", "%zz", "a%g0"}) {
    EXPECT_FALSE(PercentDecode(bad, out)) << bad;
  }
}

}  // namespace
}  // namespace statusinfo::http
