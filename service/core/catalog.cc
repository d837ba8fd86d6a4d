#include "service/core/catalog.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "service/core/utf8.h"

namespace statusinfo::core {
namespace {

// The text format (unlike the wire format) lets a proto3 string hold any
// bytes, but a client refuses to parse a response whose strings are not
// UTF-8: an entry with one would break every call that returns it. Returns
// the path of the first such string in `message`, e.g.
// "references[1].document"; empty when there is none.
std::string NonUtf8Field(const google::protobuf::Message& message) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection& reflection = *message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const int count =
        field->is_repeated() ? reflection.FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      std::string at = field->is_repeated()
                           ? absl::StrCat(field->name(), "[", i, "]")
                           : field->name();
      if (field->type() == FieldDescriptor::TYPE_STRING) {
        const std::string value =
            field->is_repeated()
                ? reflection.GetRepeatedString(message, field, i)
                : reflection.GetString(message, field);
        if (!IsValidUtf8(value)) return at;
      } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
        const std::string inner =
            NonUtf8Field(field->is_repeated()
                             ? reflection.GetRepeatedMessage(message, field, i)
                             : reflection.GetMessage(message, field));
        if (!inner.empty()) return absl::StrCat(at, ".", inner);
      }
    }
  }
  return "";
}

absl::Status CheckHttpEntries(const v1::StatusCatalog& data) {
  absl::flat_hash_set<int> seen;
  for (int i = 0; i < data.status_codes_size(); ++i) {
    const v1::StatusCode& entry = data.status_codes(i);
    const std::string where =
        absl::StrCat("status_codes[", i, "] (code ", entry.code(), ")");
    if (!IsValidStatusCode(entry.code())) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": code must be between ", kMinStatusCode,
                       " and ", kMaxStatusCode));
    }
    if (!seen.insert(entry.code()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": code appears more than once"));
    }
    if (entry.reason_phrase().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": reason_phrase is empty"));
    }
    if (entry.registry_status() == v1::REGISTRY_STATUS_UNSPECIFIED) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": registry_status is not set"));
    }
    if (const std::string field = NonUtf8Field(entry); !field.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": ", field, " is not valid UTF-8"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckGrpcEntries(const v1::StatusCatalog& data) {
  absl::flat_hash_set<int> seen;
  for (int i = 0; i < data.grpc_status_codes_size(); ++i) {
    const v1::GrpcStatusCode& entry = data.grpc_status_codes(i);
    const std::string where =
        absl::StrCat("grpc_status_codes[", i, "] (code ", entry.code(), ")");
    if (entry.code() < kMinGrpcCode || entry.code() > kMaxGrpcCode) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": code must be between ", kMinGrpcCode, " and ",
                       kMaxGrpcCode));
    }
    if (!seen.insert(entry.code()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": code appears more than once"));
    }
    if (entry.name().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": name is empty"));
    }
    if (const std::string field = NonUtf8Field(entry); !field.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": ", field, " is not valid UTF-8"));
    }
  }
  return absl::OkStatus();
}

// 64-bit FNV-1a (http://www.isthe.com/chongo/tech/comp/fnv/): stable across
// processes and builds, unlike absl::Hash, which is seeded per process.
// It detects change, not tampering, which is all catalog_version needs.
uint64_t Fnv1a(absl::string_view bytes, uint64_t hash) {
  constexpr uint64_t kPrime = 0x100000001b3;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kPrime;
  }
  return hash;
}

absl::Status CheckData(const v1::StatusCatalog& data) {
  if (!IsValidUtf8(data.version())) {
    return absl::InvalidArgumentError("version is not valid UTF-8");
  }
  if (absl::Status s = CheckHttpEntries(data); !s.ok()) return s;
  return CheckGrpcEntries(data);
}

}  // namespace

v1::StatusClass ClassOf(int code) {
  if (!IsValidStatusCode(code)) return v1::STATUS_CLASS_UNSPECIFIED;
  return static_cast<v1::StatusClass>(code / 100);
}

absl::StatusOr<Catalog> Catalog::Create(v1::StatusCatalog data) {
  if (absl::Status s = CheckData(data); !s.ok()) return s;
  return Catalog(std::make_unique<v1::StatusCatalog>(std::move(data)));
}

Catalog::Catalog(std::unique_ptr<v1::StatusCatalog> data)
    : data_(std::move(data)) {
  for (const v1::StatusCode& entry : data_->status_codes()) {
    by_code_[entry.code() - kMinStatusCode] = &entry;
  }
  for (const v1::StatusCode* entry : by_code_) {
    if (entry != nullptr) sorted_.push_back(entry);
  }
  for (const v1::GrpcStatusCode& entry : data_->grpc_status_codes()) {
    grpc_by_code_[entry.code()] = &entry;
  }
  for (const v1::GrpcStatusCode* entry : grpc_by_code_) {
    if (entry != nullptr) grpc_sorted_.push_back(entry);
  }
  // Entries in code order, whatever the data's order; each one's length
  // first, so that bytes cannot move from one entry to the next unnoticed.
  uint64_t hash = 0xcbf29ce484222325;  // FNV-1a's offset basis
  auto add = [&hash](const google::protobuf::Message& entry) {
    const std::string bytes = entry.SerializeAsString();
    hash = Fnv1a(absl::StrCat(bytes.size(), ":"), hash);
    hash = Fnv1a(bytes, hash);
  };
  for (const v1::StatusCode* entry : sorted_) add(*entry);
  hash = Fnv1a("|", hash);
  for (const v1::GrpcStatusCode* entry : grpc_sorted_) add(*entry);
  catalog_version_ =
      absl::StrCat(data_->version(), "@", absl::Hex(hash, absl::kZeroPad16));
}

}  // namespace statusinfo::core
