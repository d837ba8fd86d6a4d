// The bad-input matrix: every RPC of statusinfo.v1.StatusInfoService, over a
// real channel to the real server in-process, against out-of-range numbers,
// empty and over-long strings (at and just over each documented limit, and
// around the 1 MiB receive limit), bytes that are not UTF-8, malformed
// protobuf, unknown methods, expired deadlines and cancelled streams. Each
// row names the exact status code (and, for INVALID_ARGUMENT, the exact
// BadRequest field) it must get. After the whole matrix the server must
// still be healthy and answer a normal lookup.
//
// Requests go through grpc::GenericStub as bytes, so that rows can carry
// bytes the generated client would not serialize (invalid UTF-8 in a proto3
// string) or that are not a protobuf at all.
//
// A request that does not parse (not protobuf wire format, or a proto3
// string that is not UTF-8) must get INVALID_ARGUMENT naming the field, with
// reason MALFORMED_REQUEST or INVALID_UTF8: every method takes its request
// as bytes and parses it itself (core/request_parsing.h), since gRPC 1.51's
// callback API would answer a typed handler's unparsable request with a bare
// UNIMPLEMENTED, and end a typed stream as if the client had half-closed.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/client_callback.h"
#include "gtest/gtest.h"
#include "service/core/response_rules.h"
#include "tests/server/bad_input_rows.h"
#include "tests/server/test_server.h"

namespace statusinfo::testing {
namespace {

struct Outcome {
  grpc::Status status;
  std::string response;
};

// One unary call of `method` with `request` as its bytes.
Outcome CallRaw(grpc::GenericStub& stub, const std::string& method,
                const std::string& request, grpc::ClientContext& context) {
  grpc::ByteBuffer request_buffer = ToBuffer(request);
  grpc::ByteBuffer response_buffer;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request_buffer,
                 &response_buffer, [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mu);
                   status = std::move(s);
                   done = true;
                   cv.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mu);
  // The context's deadline bounds the call; this bounds the test should
  // the callback never come.
  EXPECT_TRUE(
      cv.wait_for(lock, std::chrono::seconds(60), [&] { return done; }));
  return {status, status.ok() ? FromBuffer(response_buffer) : ""};
}

Outcome CallRaw(grpc::GenericStub& stub, const std::string& method,
                const std::string& request) {
  auto context = ContextWithDeadline(20);
  return CallRaw(stub, method, request, *context);
}

class BadInputMatrixTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    generic_ = std::make_unique<grpc::GenericStub>(channel_);
  }

  // The server's health, and a normal lookup, after everything else.
  // Generous deadlines: under ThreadSanitizer on a loaded machine a call
  // can take seconds, and a slow answer is not what this checks.
  void ExpectStillServing() {
    auto health = grpc::health::v1::Health::NewStub(channel_);
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status =
        health->Check(ContextWithDeadline(30).get(),
                      grpc::health::v1::HealthCheckRequest(), &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.status(),
              grpc::health::v1::HealthCheckResponse::SERVING);
    v1::GetStatusCodeRequest request;
    request.set_code(404);
    v1::StatusCode entry;
    status =
        stub_->GetStatusCode(ContextWithDeadline(30).get(), request, &entry);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(entry.reason_phrase(), "Not Found");
  }

  std::unique_ptr<grpc::GenericStub> generic_;
};

void CheckRow(const UnaryRow& row, const Outcome& outcome) {
  std::cout << "ROW " << row.method << " | " << row.name << " | "
            << outcome.status.error_code() << " | "
            << outcome.status.error_message().substr(0, 100) << "\n";
  EXPECT_EQ(outcome.status.error_code(), row.code)
      << outcome.status.error_message();
  if (row.code == kInvalid || row.code == kNotFound) {
    ErrorDetails details = DetailsOf(outcome.status);
    if (row.code == kInvalid) {
      EXPECT_EQ(details.field, row.field);
    }
    EXPECT_EQ(details.domain, "statusinfo.v1");
    EXPECT_FALSE(details.reason.empty());
    if (!row.reason.empty()) {
      EXPECT_EQ(details.reason, row.reason);
    }
  }
  if (outcome.status.ok() && row.check != nullptr) {
    EXPECT_EQ(row.check(outcome.response), "");
  }
}

TEST_F(BadInputMatrixTest, EveryUnaryRowAnswersItsExactCode) {
  const std::vector<UnaryRow> rows = UnaryRows();
  for (const UnaryRow& row : rows) {
    SCOPED_TRACE(absl::StrCat(row.method, ": ", row.name));
    CheckRow(row, CallRaw(*generic_, Method(row.method), row.request));
  }
  // Unknown services and paths, too.
  for (const std::string& path :
       {std::string("/statusinfo.v1.NoSuchService/GetStatusCode"),
        std::string("/statusinfo.v2.StatusInfoService/GetStatusCode"),
        std::string("/no-slash"), std::string("/")}) {
    SCOPED_TRACE(path);
    Outcome outcome = CallRaw(*generic_, path, "");
    EXPECT_EQ(outcome.status.error_code(), StatusCode::UNIMPLEMENTED)
        << outcome.status.error_message();
  }
  std::cout << "ROWS " << rows.size() << "\n";
  ExpectStillServing();
}

TEST_F(BadInputMatrixTest, DeadlineInThePastNeverReachesAHandler) {
  for (const char* method : {"GetStatusCode", "ListStatusCodes",
                             "ValidateStatusLine", "SearchStatusCodes"}) {
    SCOPED_TRACE(method);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() -
                         std::chrono::seconds(1));
    Outcome outcome = CallRaw(*generic_, Method(method),
                              WithCode<v1::GetStatusCodeRequest>(404), context);
    EXPECT_EQ(outcome.status.error_code(), StatusCode::DEADLINE_EXCEEDED);
  }
  ExpectStillServing();
}

// --- StreamValidateResponses. ---

// A bidi call over bytes: writes `messages` one after the other (each once
// the previous write is done), then half-closes, reading all the while.
class RawStream
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  RawStream(grpc::GenericStub& stub, std::vector<std::string> messages)
      : messages_(std::move(messages)) {
    context_.set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(30));
    stub.PrepareBidiStreamingCall(&context_, Method("StreamValidateResponses"),
                                  grpc::StubOptions(), this);
    StartRead(&read_);
    AddHold();  // released when the writes end
    WriteNext();
    StartCall();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      RemoveHold();
      return;
    }
    WriteNext();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    std::lock_guard<std::mutex> lock(mu_);
    responses_.push_back(FromBuffer(read_));
    StartRead(&read_);
  }
  void OnDone(const grpc::Status& status) override {
    std::lock_guard<std::mutex> lock(mu_);
    status_ = status;
    done_ = true;
    cv_.notify_all();
  }

  // The final status; the responses are in responses().
  grpc::Status Await() {
    std::unique_lock<std::mutex> lock(mu_);
    EXPECT_TRUE(
        cv_.wait_for(lock, std::chrono::seconds(60), [&] { return done_; }));
    return status_;
  }
  const std::vector<std::string>& responses() const { return responses_; }

 private:
  void WriteNext() {
    if (next_ < messages_.size()) {
      write_ = ToBuffer(messages_[next_++]);
      StartWrite(&write_);
    } else {
      StartWritesDone();
      RemoveHold();
    }
  }

  grpc::ClientContext context_;
  std::vector<std::string> messages_;
  size_t next_ = 0;
  grpc::ByteBuffer write_;
  grpc::ByteBuffer read_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  grpc::Status status_;
  std::vector<std::string> responses_;
};

std::string StreamBatch(
    int n,
    const std::function<void(int, v1::ValidateResponseRequest&)>& f = nullptr) {
  v1::StreamValidateResponsesRequest request;
  for (int i = 0; i < n; ++i) {
    v1::ValidateResponseRequest one = GoodHead();
    if (f) f(i, one);
    *request.add_responses() = std::move(one);
  }
  return Serialize(request);
}

struct StreamRow {
  std::string name;
  std::vector<std::string> messages;
  grpc::StatusCode code;
  std::string field;  // for INVALID_ARGUMENT
  // The results count of each response message received.
  std::vector<int> results;
};

TEST_F(BadInputMatrixTest, StreamRowsAnswerTheirExactCodes) {
  const int limit = server::kMaxStreamBatch;
  using R = v1::ValidateResponseRequest;
  const std::vector<StreamRow> rows = {
      {"no messages, then half-close", {}, kOk, "", {}},
      {"an empty batch", {StreamBatch(0)}, kOk, "", {0}},
      {"1000 responses (the limit)", {StreamBatch(limit)}, kOk, "", {limit}},
      {"1001 responses", {StreamBatch(limit + 1)}, kInvalid, "responses", {}},
      {"a good batch, then 1001",
       {StreamBatch(2), StreamBatch(limit + 1)},
       kInvalid,
       "responses",
       {2}},
      {"5000 headers in response 0",
       {StreamBatch(1,
                    [](int, R& r) { AddHeaders(r.mutable_headers(), 5000); })},
       kInvalid,
       "responses[0].headers",
       {}},
      {"method of 65 bytes in response 999",
       {StreamBatch(limit,
                    [](int i, R& r) {
                      if (i == limit - 1) {
                        r.set_request_method(
                            std::string(core::kMaxMethodBytes + 1, 'M'));
                      }
                    })},
       kInvalid,
       "responses[999].request_method",
       {}},
      {"header value of 8193 bytes",
       {StreamBatch(1,
                    [](int, R& r) {
                      r.mutable_headers(0)->set_value(
                          std::string(core::kMaxHeaderValueBytes + 1, 'v'));
                    })},
       kInvalid,
       "responses[0].headers[0].value",
       {}},
      {"out-of-range status codes",
       {StreamBatch(6,
                    [](int i, R& r) {
                      const int32_t codes[] = {-1,  0,         99,
                                               600, INT32_MIN, INT32_MAX};
                      r.set_status_code(codes[i]);
                    })},
       kOk,
       "",
       {6}},
      {"a message of 1 MiB + 1 byte",
       {FieldOfTotalSize(99, kReceiveLimit + 1)},
       kTooBig,
       "",
       {}},
      // A message that does not parse ends the stream with an error naming
      // it; what came before it has been answered.
      {"malformed bytes after a good batch",
       {StreamBatch(1), std::string("\xde\xad\xbe\xef", 4), StreamBatch(1)},
       kInvalid,
       "request",
       {1}},
      {"a header value not UTF-8",
       {LengthDelimited(1,
                        LengthDelimited(3, LengthDelimited(1, "X-A") +
                                               LengthDelimited(2, NotUtf8())))},
       kInvalid,
       "responses[0].headers[0].value",
       {}},
  };
  for (const StreamRow& row : rows) {
    SCOPED_TRACE(row.name);
    RawStream stream(*generic_, row.messages);
    grpc::Status status = stream.Await();
    std::cout << "ROW StreamValidateResponses | " << row.name << " | "
              << status.error_code() << " | "
              << status.error_message().substr(0, 100) << " | responses "
              << stream.responses().size() << "\n";
    EXPECT_EQ(status.error_code(), row.code) << status.error_message();
    if (row.code == kInvalid) {
      EXPECT_EQ(DetailsOf(status).field, row.field);
    }
    std::vector<int> results;
    for (const std::string& bytes : stream.responses()) {
      v1::StreamValidateResponsesResponse response;
      ASSERT_TRUE(response.ParseFromString(bytes));
      results.push_back(response.results_size());
    }
    EXPECT_EQ(results, row.results);
  }
  ExpectStillServing();
}

TEST_F(BadInputMatrixTest, ClientCancellingMidStreamLeavesTheServerServing) {
  for (int round = 0; round < 20; ++round) {
    SCOPED_TRACE(round);
    auto context = ContextWithDeadline(30);
    auto stream = stub_->StreamValidateResponses(context.get());
    v1::StreamValidateResponsesRequest batch;
    for (int i = 0; i < 100; ++i) *batch.add_responses() = GoodHead();
    ASSERT_TRUE(stream->Write(batch));
    v1::StreamValidateResponsesResponse results;
    ASSERT_TRUE(stream->Read(&results));
    EXPECT_EQ(results.results_size(), 100);
    // Cancel with a batch in flight on odd rounds, between batches on even.
    if (round % 2 == 1) (void)stream->Write(batch);
    context->TryCancel();
    EXPECT_EQ(stream->Finish().error_code(), StatusCode::CANCELLED);
  }
  ExpectStillServing();
}

}  // namespace
}  // namespace statusinfo::testing
