// Every RPC of StatusInfoService through a real channel, with its error paths.
#include "service/server/status_info_service.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/listing.h"
#include "service/core/lookup.h"
#include "tests/server/test_server.h"

namespace statusinfo::testing {
namespace {

using ::testing::HasSubstr;

using StatusInfoServiceTest = ServerTest;

TEST_F(StatusInfoServiceTest, GetReturnsEveryCatalogEntryExactly) {
  for (const v1::StatusCode* entry : server_->catalog().entries()) {
    v1::StatusCode response;
    ASSERT_TRUE(Get(entry->code(), &response).ok()) << entry->code();
    EXPECT_EQ(response.SerializeAsString(), entry->SerializeAsString());
  }
}

TEST_F(StatusInfoServiceTest, GetOutOfRangeIsInvalidArgumentWithDetails) {
  for (int code : {42, 600, 0, -1, 99, INT32_MIN, INT32_MAX}) {
    v1::StatusCode response;
    grpc::Status status = Get(code, &response);
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << code;
    EXPECT_THAT(status.error_message(), HasSubstr("between 100 and 599"));
    ErrorDetails details = DetailsOf(status);
    EXPECT_EQ(details.field, "code");
    EXPECT_EQ(details.reason, "CODE_OUT_OF_RANGE");
    EXPECT_EQ(details.domain, "statusinfo.v1");
  }
}

TEST_F(StatusInfoServiceTest, GetUnassignedIsNotFoundSayingHowItIsTreated) {
  v1::StatusCode response;
  grpc::Status status = Get(299, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("as 200"));
  EXPECT_EQ(DetailsOf(status).reason, "CODE_NOT_ASSIGNED");
}

TEST_F(StatusInfoServiceTest, BatchGetInOrderAndAllOrNothing) {
  v1::BatchGetStatusCodesRequest request;
  for (int code : {503, 404, 200}) request.add_codes(code);
  v1::BatchGetStatusCodesResponse response;
  ASSERT_TRUE(
      stub_
          ->BatchGetStatusCodes(ContextWithDeadline().get(), request, &response)
          .ok());
  ASSERT_EQ(response.status_codes_size(), 3);
  EXPECT_EQ(response.status_codes(0).code(), 503);
  EXPECT_EQ(response.status_codes(2).code(), 200);

  request.add_codes(700);
  grpc::Status status = stub_->BatchGetStatusCodes(ContextWithDeadline().get(),
                                                   request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(status).field, "codes[3]");
}

TEST_F(StatusInfoServiceTest, BatchGetTooManyNamesTheLimit) {
  v1::BatchGetStatusCodesRequest request;
  for (int i = 0; i <= core::kMaxBatchSize; ++i) request.add_codes(200);
  v1::BatchGetStatusCodesResponse response;
  grpc::Status status = stub_->BatchGetStatusCodes(ContextWithDeadline().get(),
                                                   request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("at most 100"));
  EXPECT_EQ(DetailsOf(status).field, "codes");
}

TEST_F(StatusInfoServiceTest, ListPagesThroughEverything) {
  v1::ListStatusCodesRequest request;
  request.set_page_size(20);
  request.set_include_unofficial(true);
  int seen = 0;
  do {
    v1::ListStatusCodesResponse response;
    ASSERT_TRUE(
        stub_->ListStatusCodes(ContextWithDeadline().get(), request, &response)
            .ok());
    seen += response.status_codes_size();
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_EQ(seen, static_cast<int>(server_->catalog().entries().size()));
}

TEST_F(StatusInfoServiceTest, ListBadTokenAndClampedSize) {
  v1::ListStatusCodesRequest request;
  request.set_page_token("bogus");
  v1::ListStatusCodesResponse response;
  grpc::Status status =
      stub_->ListStatusCodes(ContextWithDeadline().get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(status).field, "page_token");

  request.clear_page_token();
  request.set_page_size(core::kMaxPageSize + 1);
  ASSERT_TRUE(
      stub_->ListStatusCodes(ContextWithDeadline().get(), request, &response)
          .ok());
  EXPECT_LE(response.status_codes_size(), core::kMaxPageSize);
}

TEST_F(StatusInfoServiceTest, ValidateStatusCodeTellsKindsApart) {
  const struct {
    int code;
    bool valid;
    bool assigned;
    v1::RegistryStatus registry_status;
  } kCases[] = {
      {200, true, true, v1::REGISTRY_STATUS_REGISTERED},
      {299, true, false, v1::REGISTRY_STATUS_UNSPECIFIED},
      {306, true, true, v1::REGISTRY_STATUS_UNUSED},
      {418, true, true, v1::REGISTRY_STATUS_UNUSED},
      {499, true, true, v1::REGISTRY_STATUS_UNOFFICIAL},
      {600, false, false, v1::REGISTRY_STATUS_UNSPECIFIED},
  };
  for (const auto& c : kCases) {
    v1::ValidateStatusCodeRequest request;
    request.set_code(c.code);
    v1::ValidateStatusCodeResponse response;
    ASSERT_TRUE(stub_
                    ->ValidateStatusCode(ContextWithDeadline().get(), request,
                                         &response)
                    .ok());
    EXPECT_EQ(response.valid(), c.valid) << c.code;
    EXPECT_EQ(response.assigned(), c.assigned) << c.code;
    EXPECT_EQ(response.registry_status(), c.registry_status) << c.code;
  }
}

TEST_F(StatusInfoServiceTest, TranslateBothWays) {
  v1::TranslateStatusRequest request;
  request.set_http_status_code(503);
  v1::TranslateStatusResponse response;
  ASSERT_TRUE(
      stub_->TranslateStatus(ContextWithDeadline().get(), request, &response)
          .ok());
  EXPECT_EQ(response.translations(0).grpc_code_name(), "UNAVAILABLE");
  request.set_grpc_code(5);
  ASSERT_TRUE(
      stub_->TranslateStatus(ContextWithDeadline().get(), request, &response)
          .ok());
  EXPECT_EQ(response.translations(0).http_status_code(), 404);
  request.Clear();
  grpc::Status status =
      stub_->TranslateStatus(ContextWithDeadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(StatusInfoServiceTest, GrpcCodes) {
  v1::GetGrpcStatusCodeRequest request;
  request.set_code(4);
  v1::GrpcStatusCode entry;
  ASSERT_TRUE(
      stub_->GetGrpcStatusCode(ContextWithDeadline().get(), request, &entry)
          .ok());
  EXPECT_EQ(entry.name(), "DEADLINE_EXCEEDED");
  request.set_code(17);
  grpc::Status status =
      stub_->GetGrpcStatusCode(ContextWithDeadline().get(), request, &entry);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(status).field, "code");

  v1::ListGrpcStatusCodesResponse list;
  ASSERT_TRUE(
      stub_->ListGrpcStatusCodes(ContextWithDeadline().get(), {}, &list).ok());
  EXPECT_EQ(list.grpc_status_codes_size(), 17);
}

TEST_F(StatusInfoServiceTest, ValidateResponseAnswers) {
  v1::ValidateResponseRequest request;
  request.set_request_method("GET");
  request.set_status_code(200);
  v1::ValidateResponseResponse response;
  ASSERT_TRUE(
      stub_->ValidateResponse(ContextWithDeadline().get(), request, &response)
          .ok());
}

TEST_F(StatusInfoServiceTest, StreamAnswersEachBatchInOrder) {
  auto context = ContextWithDeadline();
  auto stream = stub_->StreamValidateResponses(context.get());
  for (int batch = 0; batch < 3; ++batch) {
    v1::StreamValidateResponsesRequest request;
    for (int i = 0; i <= batch; ++i) {
      auto* one = request.add_responses();
      one->set_request_method("GET");
      one->set_status_code(200);
    }
    ASSERT_TRUE(stream->Write(request));
    v1::StreamValidateResponsesResponse response;
    ASSERT_TRUE(stream->Read(&response));
    EXPECT_EQ(response.results_size(), batch + 1);
  }
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(StatusInfoServiceTest, StreamRejectsAnOversizedBatch) {
  auto context = ContextWithDeadline();
  auto stream = stub_->StreamValidateResponses(context.get());
  v1::StreamValidateResponsesRequest request;
  for (int i = 0; i <= server::kMaxStreamBatch; ++i) {
    request.add_responses()->set_status_code(200);
  }
  stream->Write(request);
  stream->WritesDone();
  v1::StreamValidateResponsesResponse response;
  EXPECT_FALSE(stream->Read(&response));
  grpc::Status status = stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(status).field, "responses");
}

// With the example --catalog_file, which adds the unofficial 461, every RPC
// that judges a code judges it against the served catalog: none of them
// calls 461 unassigned.
class ExampleCatalogTest : public StatusInfoServiceTest {
 protected:
  std::string CatalogFile() const override {
    return STATUSINFO_EXAMPLE_CATALOG;
  }

  static v1::ValidateResponseRequest Response461() {
    v1::ValidateResponseRequest request;
    request.mutable_request()->set_method("GET");
    request.set_status_code(461);
    return request;
  }

  static bool SaysUnassigned(const v1::ValidateResponseResponse& response) {
    for (const v1::Finding& finding : response.findings()) {
      if (finding.rule_id() == "status-code-unassigned") return true;
    }
    return false;
  }
};

TEST_F(ExampleCatalogTest, ValidateStatusCodeSays461IsAssigned) {
  ASSERT_NE(server_->catalog().Find(461), nullptr);
  v1::ValidateStatusCodeRequest request;
  request.set_code(461);
  v1::ValidateStatusCodeResponse response;
  ASSERT_TRUE(
      stub_->ValidateStatusCode(ContextWithDeadline().get(), request, &response)
          .ok());
  EXPECT_TRUE(response.assigned());
  EXPECT_EQ(response.registry_status(), v1::REGISTRY_STATUS_UNOFFICIAL);
}

TEST_F(ExampleCatalogTest, ValidateResponseSays461IsAssigned) {
  v1::ValidateResponseResponse response;
  ASSERT_TRUE(stub_
                  ->ValidateResponse(ContextWithDeadline().get(), Response461(),
                                     &response)
                  .ok());
  EXPECT_FALSE(SaysUnassigned(response)) << response.DebugString();
  // 462 is in neither catalog: the rule still fires for it.
  v1::ValidateResponseRequest unassigned = Response461();
  unassigned.set_status_code(462);
  ASSERT_TRUE(
      stub_
          ->ValidateResponse(ContextWithDeadline().get(), unassigned, &response)
          .ok());
  EXPECT_TRUE(SaysUnassigned(response)) << response.DebugString();
}

TEST_F(ExampleCatalogTest, StreamSays461IsAssigned) {
  auto context = ContextWithDeadline();
  auto stream = stub_->StreamValidateResponses(context.get());
  v1::StreamValidateResponsesRequest request;
  *request.add_responses() = Response461();
  *request.add_responses() = Response461();
  request.mutable_responses(1)->set_status_code(462);
  ASSERT_TRUE(stream->Write(request));
  v1::StreamValidateResponsesResponse response;
  ASSERT_TRUE(stream->Read(&response));
  ASSERT_EQ(response.results_size(), 2);
  EXPECT_FALSE(SaysUnassigned(response.results(0)));
  EXPECT_TRUE(SaysUnassigned(response.results(1)));
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

}  // namespace
}  // namespace statusinfo::testing
