// bench_fixtures: writes what the load runs need, from the scenarios
// (scenarios.h) and the real core, into one directory:
//
//   <out>/<name>.req            gRPC-framed request bodies for h2load
//                               (get, batch, validate, search)
//   <out>/responses/<Method>.bin the serialized response statusinfo gives to
//                               the scenario request of each method, which
//                               the bare baseline servers answer every call
//                               with, so that all servers send the same bytes
//
//   bench_fixtures <out>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "bench/scenarios.h"
#include "service/core/catalog_loader.h"
#include "service/core/code_validation.h"
#include "service/core/listing.h"
#include "service/core/lookup.h"
#include "service/core/response_rules.h"
#include "service/core/search.h"
#include "service/core/status_line.h"
#include "service/core/translation.h"

namespace statusinfo::bench {
namespace {

void Write(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::cerr << "bench_fixtures: cannot write " << path << "\n";
    std::exit(1);
  }
}

template <typename T>
const T& Ok(const absl::StatusOr<T>& r) {
  if (!r.ok()) {
    std::cerr << "bench_fixtures: " << r.status() << "\n";
    std::exit(1);
  }
  return *r;
}

int Main(const std::string& out) {
  absl::StatusOr<core::Catalog> loaded = core::LoadCatalog("");
  const core::Catalog& catalog = Ok(loaded);
  const core::SearchIndex index(catalog);

  Write(out + "/get.req", GrpcFrame(GetRequest().SerializeAsString()));
  Write(out + "/batch.req", GrpcFrame(BatchRequest().SerializeAsString()));
  Write(out + "/validate.req",
        GrpcFrame(ValidateRequest().SerializeAsString()));
  Write(out + "/search.req", GrpcFrame(SearchRequest().SerializeAsString()));
  v1::GetStatusCodeRequest not_found;
  not_found.set_code(299);
  Write(out + "/get_not_found.req", GrpcFrame(not_found.SerializeAsString()));

  const std::string r = out + "/responses/";
  Write(r + "GetStatusCode.bin",
        catalog.Find(kLookupCode)->SerializeAsString());

  v1::BatchGetStatusCodesResponse batch;
  const v1::BatchGetStatusCodesRequest batch_request = BatchRequest();
  const auto entries =
      core::BatchGetStatusCodes(catalog, batch_request.codes());
  for (const v1::StatusCode* e : Ok(entries)) {
    *batch.add_status_codes() = *e;
  }
  Write(r + "BatchGetStatusCodes.bin", batch.SerializeAsString());
  Write(r + "ListStatusCodes.bin",
        Ok(core::ListStatusCodes(catalog, ListRequest())).SerializeAsString());
  Write(r + "ValidateStatusCode.bin",
        core::ValidateStatusCode(catalog, kLookupCode).SerializeAsString());
  Write(r + "ValidateStatusLine.bin",
        Ok(core::ValidateStatusLine(catalog, kStatusLine)).SerializeAsString());
  const v1::ValidateResponseResponse validated =
      core::ValidateResponse(catalog, ValidateRequest());
  Write(r + "ValidateResponse.bin", validated.SerializeAsString());
  v1::StreamValidateResponsesResponse stream;
  const v1::StreamValidateResponsesRequest stream_request = StreamRequest();
  if (!core::ValidateResponses(catalog, stream_request, core::kMaxStreamBatch,
                               stream)
           .ok()) {
    std::abort();
  }
  Write(r + "StreamValidateResponses.bin", stream.SerializeAsString());
  Write(r + "SearchStatusCodes.bin",
        Ok(index.Search(SearchRequest())).SerializeAsString());
  v1::TranslateStatusRequest translate;
  translate.set_http_status_code(503);
  Write(r + "TranslateStatus.bin",
        Ok(core::TranslateStatus(catalog, translate)).SerializeAsString());
  Write(r + "GetGrpcStatusCode.bin", catalog.FindGrpc(14)->SerializeAsString());
  Write(r + "ListGrpcStatusCodes.bin",
        Ok(core::ListGrpcStatusCodes(catalog, {})).SerializeAsString());

  std::cout << "bench_fixtures: wrote " << out << " (GetStatusCode response "
            << catalog.Find(kLookupCode)->ByteSizeLong() << " bytes, "
            << "ValidateResponse findings " << validated.findings_size()
            << ")\n";
  return 0;
}

}  // namespace
}  // namespace statusinfo::bench

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: bench_fixtures <out dir>\n";
    return 2;
  }
  std::string out = argv[1];
  std::error_code error;
  std::filesystem::create_directories(out + "/responses", error);
  if (error) {
    std::cerr << "bench_fixtures: " << out << ": " << error.message() << "\n";
    return 1;
  }
  return statusinfo::bench::Main(out);
}
