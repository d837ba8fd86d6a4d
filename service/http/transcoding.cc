#include "service/http/transcoding.h"

#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "service/core/errors.h"
#include "service/core/request_parsing.h"
#include "service/core/utf8.h"

namespace statusinfo::http {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Names and values come from the client, decoded from the URL: any bytes.
// The error (a google.rpc.Status, whose strings must be UTF-8) carries them
// with invalid sequences replaced.
absl::Status Malformed(absl::string_view name, absl::string_view problem) {
  return core::InvalidArgument(core::ToValidUtf8(name),
                               core::ToValidUtf8(problem),
                               v1::MALFORMED_REQUEST);
}

// The field `name` (its proto name or its JSON name) of `type`.
const FieldDescriptor* FindField(const Descriptor& type,
                                 absl::string_view name) {
  const std::string key(name);
  if (const FieldDescriptor* f = type.FindFieldByName(key)) return f;
  for (int i = 0; i < type.field_count(); ++i) {
    if (type.field(i)->json_name() == key) return type.field(i);
  }
  return nullptr;
}

// `text` as a value of a field's type (protobuf's JSON mapping accepts the
// same forms in a string).
bool ParseValue(absl::string_view text, int32_t& out) {
  return absl::SimpleAtoi(text, &out);
}
bool ParseValue(absl::string_view text, int64_t& out) {
  return absl::SimpleAtoi(text, &out);
}
bool ParseValue(absl::string_view text, uint32_t& out) {
  return absl::SimpleAtoi(text, &out);
}
bool ParseValue(absl::string_view text, uint64_t& out) {
  return absl::SimpleAtoi(text, &out);
}
bool ParseValue(absl::string_view text, double& out) {
  return absl::SimpleAtod(text, &out);
}
bool ParseValue(absl::string_view text, float& out) {
  return absl::SimpleAtof(text, &out);
}
bool ParseValue(absl::string_view text, bool& out) {
  out = text == "true";
  return out || text == "false";
}

template <typename T>
using Setter = void (Reflection::*)(Message*, const FieldDescriptor*, T) const;

// Parses `text` as a T and sets it (or adds it, to a repeated field).
template <typename T>
bool Store(Message& message, const FieldDescriptor& field,
           absl::string_view text, Setter<T> set, Setter<T> add) {
  T value{};
  if (!ParseValue(text, value)) return false;
  (message.GetReflection()->*(field.is_repeated() ? add : set))(&message,
                                                                &field, value);
  return true;
}

// Sets (or adds to, when repeated) the scalar `field` of `message` from its
// text form: a number, true/false, a string, an enum's name or number.
absl::Status SetScalar(Message& message, const FieldDescriptor& field,
                       absl::string_view name, absl::string_view text) {
  const Reflection& r = *message.GetReflection();
  bool ok = true;
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      ok = Store<int32_t>(message, field, text, &Reflection::SetInt32,
                          &Reflection::AddInt32);
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      ok = Store<int64_t>(message, field, text, &Reflection::SetInt64,
                          &Reflection::AddInt64);
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      ok = Store<uint32_t>(message, field, text, &Reflection::SetUInt32,
                           &Reflection::AddUInt32);
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      ok = Store<uint64_t>(message, field, text, &Reflection::SetUInt64,
                           &Reflection::AddUInt64);
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      ok = Store<double>(message, field, text, &Reflection::SetDouble,
                         &Reflection::AddDouble);
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      ok = Store<float>(message, field, text, &Reflection::SetFloat,
                        &Reflection::AddFloat);
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      ok = Store<bool>(message, field, text, &Reflection::SetBool,
                       &Reflection::AddBool);
      break;
    case FieldDescriptor::CPPTYPE_STRING:
      // Bytes fields would want base64; the API has none in a request.
      if (field.type() == FieldDescriptor::TYPE_BYTES) {
        return Malformed(name, "is a bytes field, not settable from a URL");
      }
      if (field.is_repeated()) {
        r.AddString(&message, &field, std::string(text));
      } else {
        r.SetString(&message, &field, std::string(text));
      }
      break;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* value = field.enum_type()->FindValueByName(std::string(text));
      int32_t number = 0;
      if (value == nullptr && ParseValue(text, number)) {
        value = field.enum_type()->FindValueByNumber(number);
      }
      ok = value != nullptr;
      if (ok && field.is_repeated()) {
        r.AddEnum(&message, &field, value);
      } else if (ok) {
        r.SetEnum(&message, &field, value);
      }
      break;
    }
    default:
      return Malformed(name, "is a message field, not settable from a URL");
  }
  if (!ok) {
    return Malformed(name, absl::StrCat("\"", text, "\" is not a ",
                                        field.type_name(), " value"));
  }
  return absl::OkStatus();
}

// Sets the field that `name` ("a.b" for a nested one) names in `message`.
absl::Status SetFromText(Message& message, absl::string_view name,
                         absl::string_view text) {
  Message* target = &message;
  const FieldDescriptor* field = nullptr;
  for (absl::string_view part : absl::StrSplit(name, '.')) {
    if (field != nullptr) {
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
          field->is_repeated()) {
        return Malformed(name, "names no field of the request");
      }
      target = target->GetReflection()->MutableMessage(target, field);
    }
    field = FindField(*target->GetDescriptor(), part);
    if (field == nullptr) {
      return Malformed(name,
                       absl::StrCat("names no field of ",
                                    message.GetDescriptor()->full_name()));
    }
  }
  if (!field->is_repeated() &&
      target->GetReflection()->HasField(*target, field)) {
    return Malformed(name, "is given more than once");
  }
  return SetScalar(*target, *field, name, text);
}

// Query parameters, split and decoded ('+' is a space, as in HTML forms).
absl::Status ApplyQuery(absl::string_view query, Message& message) {
  for (absl::string_view pair : absl::StrSplit(query, '&', absl::SkipEmpty())) {
    const std::vector<absl::string_view> kv =
        absl::StrSplit(pair, absl::MaxSplits('=', 1));
    std::string name;
    std::string value;
    if (!PercentDecode(absl::StrReplaceAll(kv[0], {{"+", " "}}), name) ||
        (kv.size() > 1 &&
         !PercentDecode(absl::StrReplaceAll(kv[1], {{"+", " "}}), value))) {
      return Malformed("query", "has a '%' not followed by two hex digits");
    }
    if (absl::Status s = SetFromText(message, name, value); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ApplyBody(absl::string_view body, Message& message) {
  if (body.empty()) return absl::OkStatus();
  if (!core::IsValidUtf8(body)) {
    return core::InvalidArgument("body", "is not valid UTF-8 (RFC 8259)",
                                 v1::INVALID_UTF8);
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(body.data(), body.size()), &message,
      options);
  if (!parsed.ok()) {
    return Malformed("body", absl::StrCat("is not a JSON ",
                                          message.GetDescriptor()->full_name(),
                                          ": ", parsed.message().as_string()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status TranscodeRequest(const HttpRoute& route,
                              const std::vector<Binding>& bindings,
                              absl::string_view query, absl::string_view body,
                              Message& request) {
  // Built in a scratch message, then handed to the core's parser as bytes:
  // its checks (UTF-8 of every string, with the field's path) are the
  // gRPC path's, not a second copy.
  std::unique_ptr<Message> built(request.New());
  if (route.body == "*") {
    if (!query.empty()) {
      return Malformed("query",
                       "is not read on this route: every field of the "
                       "request is in the JSON body");
    }
    if (absl::Status s = ApplyBody(body, *built); !s.ok()) return s;
  } else if (absl::Status s = ApplyQuery(query, *built); !s.ok()) {
    return s;
  }
  for (const Binding& binding : bindings) {
    const FieldDescriptor* field =
        built->GetDescriptor()->FindFieldByName(binding.first);
    if (field == nullptr) return Malformed(binding.first, "names no field");
    // The path wins over a query parameter or body field of the same name.
    built->GetReflection()->ClearField(built.get(), field);
    if (absl::Status s =
            SetScalar(*built, *field, binding.first, binding.second);
        !s.ok()) {
      return s;
    }
  }
  return core::ParseRequest(built->SerializeAsString(), request);
}

std::string ToJson(const Message& message) {
  std::string out;
  // Cannot fail for a message of the generated pool (Any details resolve
  // through it).
  (void)google::protobuf::util::MessageToJsonString(message, &out);
  return out;
}

std::string ErrorToJson(const absl::Status& error) {
  google::rpc::Status status = core::ToRpcStatus(error);
  std::string out;
  if (!google::protobuf::util::MessageToJsonString(status, &out).ok()) {
    // A detail of a type this binary does not know: the code and message
    // still go out.
    status.clear_details();
    out.clear();
    (void)google::protobuf::util::MessageToJsonString(status, &out);
  }
  return out;
}

}  // namespace statusinfo::http
