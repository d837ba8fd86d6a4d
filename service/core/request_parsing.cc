#include "service/core/request_parsing.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/unknown_field_set.h"
#include "service/core/errors.h"
#include "service/core/utf8.h"

namespace statusinfo::core {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::UnknownField;
using google::protobuf::UnknownFieldSet;

// protobuf's own nesting limit (io::CodedInputStream's default): a message
// nested deeper than this does not parse, so the walk below need not go
// further.
constexpr int kMaxDepth = 100;

absl::Status Malformed(absl::string_view field, const Descriptor& type) {
  return InvalidArgument(
      field,
      absl::StrCat("is not a serialized ", type.full_name(),
                   " (the bytes are not valid protobuf wire format)"),
      v1::MALFORMED_REQUEST);
}

// Finds why `bytes`, a serialized `type` at field path `at` ("" for the
// request itself), did not parse:
// walks the wire format field by field, as protobuf's parser does, and
// reports the first string field that is not UTF-8 or the first nested
// message that is not wire format. OK when it finds nothing wrong.
absl::Status Diagnose(absl::string_view bytes, const Descriptor& type,
                      const std::string& at, int depth) {
  UnknownFieldSet fields;
  if (depth > kMaxDepth ||
      !fields.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Malformed(at.empty() ? "request" : at, type);
  }
  const std::string prefix = at.empty() ? "" : absl::StrCat(at, ".");
  // Repeated strings and messages take one wire field per element, so the
  // element index is the count of the field's earlier occurrences.
  absl::flat_hash_map<int, int> occurrences;
  for (int i = 0; i < fields.field_count(); ++i) {
    const UnknownField& wire = fields.field(i);
    const FieldDescriptor* field = type.FindFieldByNumber(wire.number());
    // Fields this schema does not know are kept as unknown fields, and a
    // known field sent with another wire type is too: neither fails.
    if (field == nullptr ||
        wire.type() != UnknownField::TYPE_LENGTH_DELIMITED) {
      continue;
    }
    const int index = occurrences[wire.number()]++;
    const std::string path =
        field->is_repeated()
            ? absl::StrCat(prefix, field->name(), "[", index, "]")
            : absl::StrCat(prefix, field->name());
    if (field->type() == FieldDescriptor::TYPE_STRING &&
        !IsValidUtf8(wire.length_delimited())) {
      return InvalidArgument(path,
                             "is not valid UTF-8 (proto3 strings must be)",
                             v1::INVALID_UTF8);
    }
    if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      absl::Status inner = Diagnose(wire.length_delimited(),
                                    *field->message_type(), path, depth + 1);
      if (!inner.ok()) return inner;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ParseRequest(absl::string_view bytes,
                          google::protobuf::Message& request) {
  if (request.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::OkStatus();
  }
  absl::Status why = Diagnose(bytes, *request.GetDescriptor(), "", 0);
  // The walk accepts a little more than protobuf does (it does not check,
  // for one, that a packed field's contents are whole varints): then the
  // request as a whole is what can be named.
  return why.ok() ? Malformed("request", *request.GetDescriptor()) : why;
}

}  // namespace statusinfo::core
