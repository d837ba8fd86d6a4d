// The conformance RPCs (ValidateStatusLine, ValidateResponse,
// StreamValidateResponses, SearchStatusCodes, TranslateStatus) through a
// real channel to the in-process server: answers, AIP-193 error details, and
// the stream's life cycle (batches in order, half-close, cancellation).
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "service/core/response_rules.h"
#include "service/core/status_line.h"
#include "tests/server/test_server.h"

namespace statusinfo::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::Contains;
using ::testing::HasSubstr;

using Stream = grpc::ClientReaderWriter<v1::StreamValidateResponsesRequest,
                                        v1::StreamValidateResponsesResponse>;

class ConformanceRpcsTest : public ServerTest {
 protected:
  grpc::Status ValidateLine(const std::string& line,
                            v1::ValidateStatusLineResponse* out) {
    v1::ValidateStatusLineRequest request;
    request.set_status_line(line);
    return stub_->ValidateStatusLine(ContextWithDeadline().get(), request, out);
  }

  grpc::Status Validate(const v1::ValidateResponseRequest& request,
                        v1::ValidateResponseResponse* out) {
    return stub_->ValidateResponse(ContextWithDeadline().get(), request, out);
  }

  grpc::Status Search(const std::string& query,
                      v1::SearchStatusCodesResponse* out) {
    v1::SearchStatusCodesRequest request;
    request.set_query(query);
    return stub_->SearchStatusCodes(ContextWithDeadline().get(), request, out);
  }

  // Unary calls still answer: the server survived whatever came before.
  void ExpectServerStillAnswers() {
    v1::ValidateStatusLineResponse line;
    ASSERT_TRUE(ValidateLine("HTTP/1.1 200 OK", &line).ok());
    EXPECT_TRUE(line.valid());
    v1::ValidateResponseResponse response;
    ASSERT_TRUE(Validate(Response(7), &response).ok());
  }

  // A varied response: index `i` picks the code, method, headers and content,
  // so that batches mix valid and invalid answers.
  static v1::ValidateResponseRequest Response(int i) {
    static constexpr int kCodes[] = {200, 401, 204, 405, 206, 304, 301, 503};
    v1::ValidateResponseRequest request;
    request.set_status_code(kCodes[i % 8]);
    request.set_request_method(i % 3 == 0 ? "HEAD" : "GET");
    request.set_has_content(i % 2 == 0);
    AddHeader(request, "Date", "Sun, 06 Nov 1994 08:49:37 GMT");
    if (i % 4 == 1) AddHeader(request, "Content-Length", std::to_string(i));
    if (i % 5 == 2) AddHeader(request, "Transfer-Encoding", "chunked");
    if (i % 7 == 3) AddHeader(request, "Allow", "GET, HEAD");
    return request;
  }

  static void AddHeader(v1::ValidateResponseRequest& request,
                        const std::string& name, const std::string& value) {
    v1::HttpHeader* header = request.add_headers();
    header->set_name(name);
    header->set_value(value);
  }

  // Batches of the given sizes, numbered on across batches.
  static std::vector<v1::StreamValidateResponsesRequest> Batches(
      const std::vector<int>& sizes) {
    std::vector<v1::StreamValidateResponsesRequest> batches;
    int next = 0;
    for (int size : sizes) {
      v1::StreamValidateResponsesRequest& batch = batches.emplace_back();
      for (int i = 0; i < size; ++i) *batch.add_responses() = Response(next++);
    }
    return batches;
  }

  // What unary ValidateResponse answers for every response of `batch`.
  std::vector<v1::ValidateResponseResponse> UnaryAnswers(
      const v1::StreamValidateResponsesRequest& batch) {
    std::vector<v1::ValidateResponseResponse> answers;
    for (const v1::ValidateResponseRequest& request : batch.responses()) {
      grpc::Status status = Validate(request, &answers.emplace_back());
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    return answers;
  }

  void ExpectSameAsUnary(const v1::StreamValidateResponsesRequest& batch,
                         const v1::StreamValidateResponsesResponse& answer) {
    const std::vector<v1::ValidateResponseResponse> unary = UnaryAnswers(batch);
    ASSERT_EQ(answer.results_size(), static_cast<int>(unary.size()));
    for (int i = 0; i < answer.results_size(); ++i) {
      EXPECT_TRUE(MessageDifferencer::Equals(answer.results(i), unary[i]))
          << "result " << i << ":\n"
          << answer.results(i).DebugString() << "unary:\n"
          << unary[i].DebugString();
    }
  }
};

TEST_F(ConformanceRpcsTest, ValidateStatusLineParsesAValidLine) {
  v1::ValidateStatusLineResponse response;
  ASSERT_TRUE(ValidateLine("HTTP/1.1 404 Not Found\r\n", &response).ok());
  EXPECT_TRUE(response.valid());
  EXPECT_EQ(response.http_version(), "HTTP/1.1");
  EXPECT_EQ(response.status_code(), 404);
  EXPECT_EQ(response.reason_phrase(), "Not Found");
  EXPECT_EQ(response.findings_size(), 0);
}

TEST_F(ConformanceRpcsTest, ValidateStatusLineAnswersForAnInvalidLine) {
  v1::ValidateStatusLineResponse response;
  ASSERT_TRUE(ValidateLine("HTTP/1.1 4040 Not Found", &response).ok());
  EXPECT_FALSE(response.valid());
  ASSERT_GT(response.findings_size(), 0);
  EXPECT_EQ(response.findings(0).rule_id(), "status-line-code-syntax");
  EXPECT_EQ(response.findings(0).severity(), v1::SEVERITY_ERROR);
  EXPECT_EQ(response.findings(0).reference(), "RFC 9112, Section 4");
}

TEST_F(ConformanceRpcsTest, ValidateStatusLineOverLongIsInvalidArgument) {
  v1::ValidateStatusLineResponse response;
  const std::string longest =
      "HTTP/1.1 200 " + std::string(core::kMaxStatusLineBytes - 13, 'a');
  ASSERT_TRUE(ValidateLine(longest, &response).ok());
  grpc::Status status = ValidateLine(longest + "a", &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("8192"));
  const ErrorDetails details = DetailsOf(status);
  EXPECT_EQ(details.field, "status_line");
  EXPECT_EQ(details.reason, "STATUS_LINE_TOO_LONG");
  EXPECT_EQ(details.domain, "statusinfo.v1");
}

TEST_F(ConformanceRpcsTest, ValidateResponseReportsAMissingChallenge) {
  v1::ValidateResponseRequest request;
  request.set_request_method("GET");
  request.set_status_code(401);
  request.set_has_content(true);
  AddHeader(request, "Date", "Sun, 06 Nov 1994 08:49:37 GMT");
  v1::ValidateResponseResponse response;
  ASSERT_TRUE(Validate(request, &response).ok());
  EXPECT_FALSE(response.valid());
  ASSERT_EQ(response.findings_size(), 1) << response.DebugString();
  EXPECT_EQ(response.findings(0).rule_id(), "401-www-authenticate");
  EXPECT_EQ(response.findings(0).severity(), v1::SEVERITY_ERROR);
  EXPECT_EQ(response.findings(0).reference(), "RFC 9110, Section 15.5.2");

  AddHeader(request, "WWW-Authenticate", "Basic realm=\"x\"");
  ASSERT_TRUE(Validate(request, &response).ok());
  EXPECT_TRUE(response.valid());
  EXPECT_EQ(response.findings_size(), 0) << response.DebugString();
}

TEST_F(ConformanceRpcsTest, ValidateResponseLimitsNameTheField) {
  v1::ValidateResponseRequest request = Response(0);
  for (int i = 0; i < 3; ++i) AddHeader(request, "X-Ok", "fine");
  AddHeader(request, std::string(core::kMaxHeaderNameBytes + 1, 'n'), "v");
  v1::ValidateResponseResponse response;
  grpc::Status status = Validate(request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(status).field, "headers[4].name");
  EXPECT_EQ(DetailsOf(status).reason, "HEADER_NAME_TOO_LONG");

  request = Response(0);  // one header: Date
  AddHeader(request, "A", "1");
  AddHeader(request, "B", "2");
  AddHeader(request, std::string(core::kMaxHeaderNameBytes + 1, 'n'), "v");
  status = Validate(request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(status).field, "headers[3].name");

  request = Response(0);
  AddHeader(request, "X-Big", std::string(core::kMaxHeaderValueBytes + 1, 'v'));
  status = Validate(request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(status).field, "headers[1].value");

  request = Response(0);
  for (int i = 0; i < core::kMaxHeaders; ++i) AddHeader(request, "X", "y");
  status = Validate(request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(status).field, "headers");
  EXPECT_EQ(DetailsOf(status).reason, "TOO_MANY_HEADERS");
}

TEST_F(ConformanceRpcsTest, SearchToleratesTypos) {
  v1::SearchStatusCodesResponse response;
  ASSERT_TRUE(Search("not fuond", &response).ok());
  ASSERT_GT(response.results_size(), 0);
  EXPECT_EQ(response.results(0).status_code().code(), 404);
  for (int i = 1; i < response.results_size(); ++i) {
    EXPECT_GE(response.results(i - 1).score(), response.results(i).score());
  }
  ASSERT_TRUE(Search("teapot", &response).ok());
  ASSERT_GT(response.results_size(), 0);
  EXPECT_EQ(response.results(0).status_code().code(), 418);
}

TEST_F(ConformanceRpcsTest, SearchRejectsAnEmptyQuery) {
  v1::SearchStatusCodesResponse response;
  grpc::Status status = Search("", &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(status).field, "query");
  EXPECT_EQ(DetailsOf(status).domain, "statusinfo.v1");
}

TEST_F(ConformanceRpcsTest, TranslateHttpToGrpc) {
  v1::TranslateStatusRequest request;
  request.set_http_status_code(503);
  v1::TranslateStatusResponse response;
  ASSERT_TRUE(
      stub_->TranslateStatus(ContextWithDeadline().get(), request, &response)
          .ok());
  ASSERT_EQ(response.translations_size(), 2);
  const v1::StatusTranslation& received = response.translations(0);
  EXPECT_EQ(received.kind(), v1::TRANSLATION_KIND_HTTP_TO_GRPC_RECEIVED);
  EXPECT_EQ(received.grpc_code(), 14);
  EXPECT_EQ(received.grpc_code_name(), "UNAVAILABLE");
  EXPECT_FALSE(received.reference().document().empty());
  EXPECT_EQ(response.translations(1).kind(),
            v1::TRANSLATION_KIND_HTTP_TO_GRPC_SEMANTIC);

  request.set_http_status_code(600);
  grpc::Status status =
      stub_->TranslateStatus(ContextWithDeadline().get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(status).field, "http_status_code");
}

TEST_F(ConformanceRpcsTest, TranslateGrpcToHttp) {
  v1::TranslateStatusRequest request;
  request.set_grpc_code(5);
  v1::TranslateStatusResponse response;
  ASSERT_TRUE(
      stub_->TranslateStatus(ContextWithDeadline().get(), request, &response)
          .ok());
  ASSERT_EQ(response.translations_size(), 1);
  EXPECT_EQ(response.translations(0).kind(), v1::TRANSLATION_KIND_GRPC_TO_HTTP);
  EXPECT_EQ(response.translations(0).grpc_code_name(), "NOT_FOUND");
  EXPECT_EQ(response.translations(0).http_status_code(), 404);

  request.set_grpc_code(17);
  grpc::Status status =
      stub_->TranslateStatus(ContextWithDeadline().get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(status).field, "grpc_code");

  status = stub_->TranslateStatus(ContextWithDeadline().get(), {}, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(status).field, "status");
}

TEST_F(ConformanceRpcsTest, StreamAnswersBatchesInOrderLikeUnaryCalls) {
  const std::vector<v1::StreamValidateResponsesRequest> batches =
      Batches({1, 8, 0, 25, 3});
  std::unique_ptr<grpc::ClientContext> context = ContextWithDeadline();
  std::unique_ptr<Stream> stream =
      stub_->StreamValidateResponses(context.get());
  for (const v1::StreamValidateResponsesRequest& batch : batches) {
    ASSERT_TRUE(stream->Write(batch));
    v1::StreamValidateResponsesResponse answer;
    ASSERT_TRUE(stream->Read(&answer));
    ExpectSameAsUnary(batch, answer);
  }
  ASSERT_TRUE(stream->WritesDone());
  v1::StreamValidateResponsesResponse extra;
  EXPECT_FALSE(stream->Read(&extra));
  grpc::Status status = stream->Finish();
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(ConformanceRpcsTest, StreamAnswersEverythingAfterAHalfClose) {
  // The client sends every batch and half-closes before reading anything;
  // the server still answers each batch, in order, then ends the call.
  const std::vector<v1::StreamValidateResponsesRequest> batches =
      Batches({4, 1, 10});
  std::unique_ptr<grpc::ClientContext> context = ContextWithDeadline();
  std::unique_ptr<Stream> stream =
      stub_->StreamValidateResponses(context.get());
  for (const v1::StreamValidateResponsesRequest& batch : batches) {
    ASSERT_TRUE(stream->Write(batch));
  }
  ASSERT_TRUE(stream->WritesDone());
  std::vector<v1::StreamValidateResponsesResponse> answers;
  v1::StreamValidateResponsesResponse answer;
  while (stream->Read(&answer)) answers.push_back(answer);
  grpc::Status status = stream->Finish();
  EXPECT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(answers.size(), batches.size());
  for (size_t i = 0; i < batches.size(); ++i) {
    ExpectSameAsUnary(batches[i], answers[i]);
  }
}

TEST_F(ConformanceRpcsTest, StreamHalfClosedAtOnceEndsCleanly) {
  std::unique_ptr<grpc::ClientContext> context = ContextWithDeadline();
  std::unique_ptr<Stream> stream =
      stub_->StreamValidateResponses(context.get());
  ASSERT_TRUE(stream->WritesDone());
  v1::StreamValidateResponsesResponse answer;
  EXPECT_FALSE(stream->Read(&answer));
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(ConformanceRpcsTest, StreamCancelledMidwayLeavesTheServerWorking) {
  const std::vector<v1::StreamValidateResponsesRequest> batches =
      Batches({5, 5, 5});
  // Cancel after reading 0, 1 or 2 answers, and with a batch unanswered.
  for (int answered = 0; answered < 3; ++answered) {
    std::unique_ptr<grpc::ClientContext> context = ContextWithDeadline();
    std::unique_ptr<Stream> stream =
        stub_->StreamValidateResponses(context.get());
    for (int i = 0; i < answered; ++i) {
      ASSERT_TRUE(stream->Write(batches[i]));
      v1::StreamValidateResponsesResponse answer;
      ASSERT_TRUE(stream->Read(&answer));
    }
    stream->Write(batches[answered]);  // may race the cancel: no answer read
    context->TryCancel();
    v1::StreamValidateResponsesResponse answer;
    while (stream->Read(&answer)) {
    }
    EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED)
        << "after " << answered << " answers";
    ExpectServerStillAnswers();
  }
  // A new stream works as before.
  std::unique_ptr<grpc::ClientContext> context = ContextWithDeadline();
  std::unique_ptr<Stream> stream =
      stub_->StreamValidateResponses(context.get());
  ASSERT_TRUE(stream->Write(batches[0]));
  v1::StreamValidateResponsesResponse answer;
  ASSERT_TRUE(stream->Read(&answer));
  ExpectSameAsUnary(batches[0], answer);
  ASSERT_TRUE(stream->WritesDone());
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(ConformanceRpcsTest, StreamLimitViolationNamesTheResponse) {
  std::vector<v1::StreamValidateResponsesRequest> batches = Batches({2, 3});
  v1::ValidateResponseRequest* bad = batches[1].mutable_responses(2);
  bad->mutable_headers(0)->set_name(
      std::string(core::kMaxHeaderNameBytes + 1, 'n'));
  std::unique_ptr<grpc::ClientContext> context = ContextWithDeadline();
  std::unique_ptr<Stream> stream =
      stub_->StreamValidateResponses(context.get());
  ASSERT_TRUE(stream->Write(batches[0]));
  v1::StreamValidateResponsesResponse answer;
  ASSERT_TRUE(stream->Read(&answer));  // the good batch is answered
  EXPECT_EQ(answer.results_size(), 2);
  stream->Write(batches[1]);
  EXPECT_FALSE(stream->Read(&answer));
  grpc::Status status = stream->Finish();
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(status).field, "responses[2].headers[0].name");
  ExpectServerStillAnswers();
}

TEST_F(ConformanceRpcsTest, FindingsComeErrorFirst) {
  // A 204 with content, Content-Length and Transfer-Encoding, to HEAD.
  v1::ValidateResponseRequest request;
  request.set_request_method("HEAD");
  request.set_status_code(204);
  request.set_has_content(true);
  AddHeader(request, "Content-Length", "0");
  AddHeader(request, "Transfer-Encoding", "chunked");
  v1::ValidateResponseResponse response;
  ASSERT_TRUE(Validate(request, &response).ok());
  std::vector<std::string> ids;
  v1::Severity last = v1::SEVERITY_ERROR;
  for (const v1::Finding& finding : response.findings()) {
    ids.push_back(finding.rule_id());
    EXPECT_LE(finding.severity(), last) << finding.rule_id();
    last = finding.severity();
  }
  EXPECT_THAT(ids, Contains("content-length-with-transfer-encoding"));
  EXPECT_THAT(ids, Contains("204-no-content"));
  EXPECT_THAT(ids, Contains("204-content-length"));
  EXPECT_THAT(ids, Contains("204-transfer-encoding"));
  EXPECT_THAT(ids, Contains("head-no-content"));
  EXPECT_THAT(ids, Contains("date-required"));
}

}  // namespace
}  // namespace statusinfo::testing
