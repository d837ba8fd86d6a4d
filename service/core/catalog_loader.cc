#include "service/core/catalog_loader.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "service/core/internal/catalog_enrichment.h"

namespace statusinfo::core {

extern const unsigned char kEmbeddedCatalog[];
extern const std::size_t kEmbeddedCatalogSize;

namespace {

// Keeps the first error protobuf's parser reports, with its position.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (!error_.empty()) return;
    // The parser counts from zero; editors count from one.
    error_ = absl::StrCat(line + 1, ":", column + 1, ": ", message);
  }
  const std::string& error() const { return error_; }

 private:
  std::string error_;
};

}  // namespace

v1::StatusCatalog BuiltinCatalogData() {
  v1::StatusCatalog data;
  if (!data.ParseFromArray(kEmbeddedCatalog,
                           static_cast<int>(kEmbeddedCatalogSize))) {
    std::cerr << "statusinfo: the embedded catalog does not parse\n";
    std::abort();
  }
  return data;
}

absl::StatusOr<v1::StatusCatalog> ParseCatalogText(
    absl::string_view text, absl::string_view source_name) {
  google::protobuf::TextFormat::Parser parser;
  FirstErrorCollector errors;
  parser.RecordErrorsTo(&errors);
  v1::StatusCatalog data;
  if (!parser.ParseFromString(std::string(text), &data)) {
    return absl::InvalidArgumentError(
        absl::StrCat(source_name, ":", errors.error()));
  }
  return data;
}

absl::StatusOr<v1::StatusCatalog> ReadCatalogFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot open for reading"));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    return absl::DataLossError(absl::StrCat(path, ": read error"));
  }
  return ParseCatalogText(buffer.str(), path);
}

void MergeCatalog(const v1::StatusCatalog& extra, v1::StatusCatalog& base) {
  absl::flat_hash_map<int, v1::StatusCode*> http;
  for (v1::StatusCode& entry : *base.mutable_status_codes()) {
    http[entry.code()] = &entry;
  }
  for (const v1::StatusCode& entry : extra.status_codes()) {
    auto it = http.find(entry.code());
    if (it != http.end()) {
      *it->second = entry;
    } else {
      *base.add_status_codes() = entry;
    }
  }
  absl::flat_hash_map<int, v1::GrpcStatusCode*> grpc;
  for (v1::GrpcStatusCode& entry : *base.mutable_grpc_status_codes()) {
    grpc[entry.code()] = &entry;
  }
  for (const v1::GrpcStatusCode& entry : extra.grpc_status_codes()) {
    auto it = grpc.find(entry.code());
    if (it != grpc.end()) {
      *it->second = entry;
    } else {
      *base.add_grpc_status_codes() = entry;
    }
  }
  if (!extra.version().empty()) {
    base.set_version(absl::StrCat(base.version(), "+", extra.version()));
  }
}

absl::StatusOr<Catalog> LoadCatalog(const std::string& extra_path) {
  v1::StatusCatalog data = BuiltinCatalogData();
  if (!extra_path.empty()) {
    absl::StatusOr<v1::StatusCatalog> extra = ReadCatalogFile(extra_path);
    if (!extra.ok()) return extra.status();
    // Check the file on its own first, so that errors name its entries.
    if (absl::StatusOr<Catalog> alone = Catalog::Create(*extra); !alone.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(extra_path, ": ", alone.status().message()));
    }
    MergeCatalog(*extra, data);
  }
  return BuildCatalog(std::move(data));
}

}  // namespace statusinfo::core
