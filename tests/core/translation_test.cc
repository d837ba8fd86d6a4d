#include "service/core/translation.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/core/errors.h"

namespace statusinfo::core {
namespace {

using ::testing::HasSubstr;

class TranslationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { catalog_ = new Catalog(*LoadCatalog("")); }
  static const Catalog& catalog() { return *catalog_; }

  static v1::TranslateStatusResponse FromHttp(int code) {
    v1::TranslateStatusRequest request;
    request.set_http_status_code(code);
    auto response = TranslateStatus(catalog(), request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : v1::TranslateStatusResponse();
  }

 private:
  static const Catalog* catalog_;
};

const Catalog* TranslationTest::catalog_ = nullptr;

// gRPC's doc/http-grpc-status-mapping.md, row by row, and a few codes that
// fall to its "other" row.
TEST_F(TranslationTest, ReceivedMappingFollowsGrpcDocument) {
  const struct {
    int http;
    int grpc;
  } kCases[] = {{400, 13}, {401, 16}, {403, 7},  {404, 12}, {429, 14},
                {502, 14}, {503, 14}, {504, 14}, {200, 2},  {500, 2},
                {418, 2},  {431, 2},  {301, 2}};
  for (const auto& c : kCases) {
    EXPECT_EQ(GrpcCodeReceivedForHttp(c.http), c.grpc) << c.http;
  }
}

TEST_F(TranslationTest, HttpGivesReceivedThenSemanticWithSources) {
  v1::TranslateStatusResponse r = FromHttp(404);
  ASSERT_EQ(r.translations_size(), 2);
  EXPECT_EQ(r.translations(0).kind(),
            v1::TRANSLATION_KIND_HTTP_TO_GRPC_RECEIVED);
  EXPECT_EQ(r.translations(0).grpc_code_name(), "UNIMPLEMENTED");
  EXPECT_THAT(r.translations(0).reference().uri(),
              HasSubstr("http-grpc-status-mapping.md"));
  EXPECT_EQ(r.translations(1).kind(),
            v1::TRANSLATION_KIND_HTTP_TO_GRPC_SEMANTIC);
  EXPECT_EQ(r.translations(1).grpc_code_name(), "NOT_FOUND");
  EXPECT_THAT(r.translations(1).reference().uri(), HasSubstr("code.proto"));
}

TEST_F(TranslationTest, SemanticPicksThePreferredOfSeveral) {
  EXPECT_EQ(FromHttp(400).translations(1).grpc_code_name(), "INVALID_ARGUMENT");
  EXPECT_EQ(FromHttp(409).translations(1).grpc_code_name(), "ABORTED");
  EXPECT_EQ(FromHttp(500).translations(1).grpc_code_name(), "INTERNAL");
  EXPECT_THAT(FromHttp(400).translations(1).note(), HasSubstr("OUT_OF_RANGE"));
}

TEST_F(TranslationTest, UnmappedCodesFallBackToTheirClass) {
  v1::StatusTranslation t = FromHttp(422).translations(1);
  EXPECT_EQ(t.grpc_code_name(), "INVALID_ARGUMENT");
  EXPECT_THAT(t.note(), HasSubstr("read as 400"));
  EXPECT_EQ(FromHttp(201).translations(1).grpc_code_name(), "OK");
  EXPECT_EQ(FromHttp(302).translations(1).grpc_code_name(), "UNKNOWN");
}

TEST_F(TranslationTest, GrpcToHttpFollowsCodeProto) {
  const struct {
    int grpc;
    int http;
  } kCases[] = {{0, 200},  {1, 499},  {2, 500},  {3, 400},  {4, 504},
                {5, 404},  {6, 409},  {7, 403},  {8, 429},  {9, 400},
                {10, 409}, {11, 400}, {12, 501}, {13, 500}, {14, 503},
                {15, 500}, {16, 401}};
  for (const auto& c : kCases) {
    v1::TranslateStatusRequest request;
    request.set_grpc_code(c.grpc);
    auto r = TranslateStatus(catalog(), request);
    ASSERT_TRUE(r.ok()) << c.grpc;
    ASSERT_EQ(r->translations_size(), 1);
    EXPECT_EQ(r->translations(0).kind(), v1::TRANSLATION_KIND_GRPC_TO_HTTP);
    EXPECT_EQ(r->translations(0).http_status_code(), c.http) << c.grpc;
  }
}

TEST_F(TranslationTest, RejectsBadInput) {
  v1::TranslateStatusRequest none;
  auto r = TranslateStatus(catalog(), none);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(r.status()), "STATUS_NOT_SET");
  v1::TranslateStatusRequest grpc;
  grpc.set_grpc_code(17);
  EXPECT_EQ(ErrorReason(TranslateStatus(catalog(), grpc).status()),
            "GRPC_CODE_OUT_OF_RANGE");
  v1::TranslateStatusRequest http;
  http.set_http_status_code(600);
  EXPECT_THAT(TranslateStatus(catalog(), http).status().message(),
              HasSubstr("http_status_code"));
}

}  // namespace
}  // namespace statusinfo::core
