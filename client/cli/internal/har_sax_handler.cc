#include "client/cli/internal/har_sax_handler.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "service/core/utf8.h"

namespace statusinfo::cli {
namespace {

using har_sax::Frame;
using har_sax::Kind;
using har_sax::Node;
using har_sax::Slot;

// The members the reader keeps, as bits of Frame::seen.
enum Member : unsigned {
  kLog = 1U << 0,
  kEntries = 1U << 1,
  kRequest = 1U << 2,
  kResponse = 1U << 3,
  kMethod = 1U << 4,
  kUrl = 1U << 5,
  kVersion = 1U << 6,
  kHeaders = 1U << 7,
  kStatus = 1U << 8,
  kStatusText = 1U << 9,
  kName = 1U << 10,
  kValue = 1U << 11,
  kBodySize = 1U << 12,
  kContent = 1U << 13,
  kSize = 1U << 14,
};

struct MemberSpec {
  Node parent;
  absl::string_view key;
  Slot slot;
};

// Every member the reader keeps; any other is skipped, whatever its type.
constexpr MemberSpec kMembers[] = {
    {Node::kRoot, "log", {Kind::kObject, Node::kLog, kLog}},
    {Node::kLog, "entries", {Kind::kArray, Node::kEntries, kEntries}},
    {Node::kEntry, "request", {Kind::kObject, Node::kRequest, kRequest}},
    {Node::kEntry, "response", {Kind::kObject, Node::kResponse, kResponse}},
    {Node::kRequest, "method", {Kind::kString, Node::kSkip, kMethod}},
    {Node::kRequest, "url", {Kind::kString, Node::kSkip, kUrl}},
    {Node::kRequest, "httpVersion", {Kind::kString, Node::kSkip, kVersion}},
    {Node::kRequest, "headers", {Kind::kArray, Node::kHeaders, kHeaders}},
    {Node::kResponse, "status", {Kind::kInteger, Node::kSkip, kStatus}},
    {Node::kResponse, "statusText", {Kind::kString, Node::kSkip, kStatusText}},
    {Node::kResponse, "httpVersion", {Kind::kString, Node::kSkip, kVersion}},
    {Node::kResponse, "headers", {Kind::kArray, Node::kHeaders, kHeaders}},
    {Node::kResponse, "bodySize", {Kind::kNumber, Node::kSkip, kBodySize}},
    {Node::kResponse, "content", {Kind::kObject, Node::kContent, kContent}},
    {Node::kContent, "size", {Kind::kNumber, Node::kSkip, kSize}},
    {Node::kHeader, "name", {Kind::kString, Node::kSkip, kName}},
    {Node::kHeader, "value", {Kind::kString, Node::kSkip, kValue}},
};

// The members an object must have, by node.
unsigned RequiredMembers(Node node) {
  switch (node) {
    case Node::kRoot:
      return kLog;
    case Node::kLog:
      return kEntries;
    case Node::kEntry:
      return kRequest | kResponse;
    case Node::kRequest:
      return kMethod | kUrl | kVersion | kHeaders;
    case Node::kResponse:
      return kStatus | kStatusText | kVersion | kHeaders;
    case Node::kHeader:
      return kName | kValue;
    default:
      return 0;
  }
}

absl::string_view MemberName(Node node, unsigned member) {
  for (const MemberSpec& spec : kMembers) {
    if (spec.parent == node && spec.slot.member == member) return spec.key;
  }
  return "?";
}

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kObject:
      return "an object";
    case Kind::kArray:
      return "an array";
    case Kind::kString:
      return "a string";
    case Kind::kInteger:
      return "an integer";
    default:
      return "a number";
  }
}

void AppendKey(const std::string& key, std::string& path) {
  const bool plain = std::all_of(key.begin(), key.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
  if (plain) {
    absl::StrAppend(&path, path.empty() ? "" : ".", key);
    return;
  }
  constexpr std::size_t kMaxShown = 64;
  absl::StrAppend(&path, "[\"", absl::CEscape(key.substr(0, kMaxShown)),
                  key.size() > kMaxShown ? "..." : "", "\"]");
}

}  // namespace

rapidjson::ParseResult HarSaxHandler::Parse() {
  rapidjson::Reader reader;
  // Iterative: deep nesting costs heap, not the call stack. UTF-8 is
  // checked in the strings that are kept (protobuf strings must be UTF-8),
  // not by the parser in every string: that took a third of the parse,
  // and a body in content.text that is not UTF-8 harms nothing here.
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag;
  return reader.Parse<kFlags>(stream_, *this);
}

std::string HarSaxHandler::Path() const {
  std::string path;
  for (const Frame& frame : frames_) {
    if (frame.is_array) {
      if (frame.index >= 0) absl::StrAppend(&path, "[", frame.index, "]");
    } else if (!frame.key.empty()) {
      AppendKey(frame.key, path);
    }
  }
  return path.empty() ? "the document" : path;
}

bool HarSaxHandler::Fail(absl::string_view message) {
  error_ = absl::InvalidArgumentError(absl::StrCat(Path(), ": ", message));
  return false;
}

bool HarSaxHandler::WrongType(const Slot& slot, absl::string_view got) {
  return Fail(absl::StrCat("expected ", KindName(slot.kind), ", got ", got));
}

bool HarSaxHandler::Scalar(absl::string_view what) {
  const Slot slot = Next();
  if (slot.kind == Kind::kSkip) return true;
  return WrongType(slot, what);
}

bool HarSaxHandler::Double(double d) {
  const Slot slot = Next();
  if (slot.kind == Kind::kSkip) return true;
  if (slot.kind != Kind::kNumber) return WrongType(slot, "a fraction");
  MarkSeen(slot);
  // Sizes are whole bytes; a writer that prints 12.0 means 12.
  const double clamped = std::clamp(d, -1.0, 9.0e18);
  std::int64_t& size =
      slot.member == kBodySize ? entry_.body_size : entry_.content_size;
  size = static_cast<std::int64_t>(clamped);
  return true;
}

bool HarSaxHandler::Integer(std::int64_t value) {
  const Slot slot = Next();
  if (slot.kind == Kind::kSkip) return true;
  if (slot.kind != Kind::kInteger && slot.kind != Kind::kNumber) {
    return WrongType(slot, "a number");
  }
  MarkSeen(slot);
  if (slot.member == kStatus) {
    if (value < 0 || value > 999) {
      return Fail(
          absl::StrCat("expected a status code (100-599, or 0 for "
                       "no response), got ",
                       value));
    }
    entry_.status = static_cast<int>(value);
  } else {
    (slot.member == kBodySize ? entry_.body_size : entry_.content_size) =
        std::max<std::int64_t>(value, -1);
  }
  return true;
}

bool HarSaxHandler::String(const char* text, rapidjson::SizeType length,
                           bool /*copy*/) {
  const Slot slot = Next();
  if (slot.kind == Kind::kSkip) return true;
  if (slot.kind != Kind::kString) return WrongType(slot, "a string");
  if (!core::IsValidUtf8(absl::string_view(text, length))) {
    return Fail("not valid UTF-8 (a HAR file is UTF-8)");
  }
  MarkSeen(slot);
  const Node parent = frames_.back().node;
  std::string* target = nullptr;
  switch (slot.member) {
    case kMethod:
      target = &entry_.method;
      break;
    case kUrl:
      target = &entry_.url;
      break;
    case kStatusText:
      target = &entry_.status_text;
      break;
    case kName:
      target = header_->mutable_name();
      break;
    case kValue:
      target = header_->mutable_value();
      break;
    default:  // kVersion
      target = parent == Node::kRequest ? &entry_.request_version
                                        : &entry_.response_version;
  }
  target->assign(text, length);
  return true;
}

bool HarSaxHandler::StartObject() { return Open(/*is_array=*/false); }
bool HarSaxHandler::StartArray() { return Open(/*is_array=*/true); }

bool HarSaxHandler::Open(bool is_array) {
  const Slot slot = Next();
  if (slot.kind != Kind::kSkip &&
      slot.kind != (is_array ? Kind::kArray : Kind::kObject)) {
    return WrongType(slot, is_array ? "an array" : "an object");
  }
  if (frames_.size() >= static_cast<std::size_t>(kMaxHarDepth)) {
    return Fail(absl::StrCat("nested more than ", kMaxHarDepth, " deep"));
  }
  MarkSeen(slot);
  if (slot.node == Node::kEntry) StartEntry(frames_.back().index);
  if (slot.node == Node::kHeader) header_ = HeaderList().Add();
  frames_.push_back(Frame{slot.node, is_array, "", -1, 0, {}});
  return true;
}

bool HarSaxHandler::Key(const char* text, rapidjson::SizeType length,
                        bool /*copy*/) {
  stream_.Mark();
  Frame& top = frames_.back();
  top.key.assign(text, length);
  top.slot = Slot();
  if (top.node == Node::kSkip) return true;
  for (const MemberSpec& spec : kMembers) {
    if (spec.parent == top.node && top.key == spec.key) {
      top.slot = spec.slot;
      break;
    }
  }
  return true;
}

void HarSaxHandler::StartEntry(std::int64_t index) {
  entry_.index = index;
  entry_.method.clear();
  entry_.url.clear();
  entry_.request_version.clear();
  entry_.request_headers.Clear();
  entry_.status = 0;
  entry_.status_text.clear();
  entry_.response_version.clear();
  entry_.response_headers.Clear();
  entry_.body_size = -1;
  entry_.content_size = -1;
}

google::protobuf::RepeatedPtrField<v1::HttpHeader>&
HarSaxHandler::HeaderList() {
  // frames_: ..., request or response, headers (the header's own frame is
  // not pushed yet).
  const Node owner = frames_[frames_.size() - 2].node;
  return owner == Node::kRequest ? entry_.request_headers
                                 : entry_.response_headers;
}

bool HarSaxHandler::EndObject(rapidjson::SizeType /*count*/) { return Close(); }
bool HarSaxHandler::EndArray(rapidjson::SizeType /*count*/) { return Close(); }

bool HarSaxHandler::Close() {
  stream_.Mark();
  Frame& top = frames_.back();
  const unsigned missing = RequiredMembers(top.node) & ~top.seen;
  if (missing != 0) {
    const unsigned first = missing & (~missing + 1);
    top.key = std::string(MemberName(top.node, first));
    return Fail("missing");
  }
  const Node node = top.node;
  frames_.pop_back();
  if (node == Node::kEntry) {
    error_ = on_entry_(entry_);
    return error_.ok();
  }
  return true;
}

}  // namespace statusinfo::cli
