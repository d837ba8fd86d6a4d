#include "client/cli/har_reader.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "rapidjson/error/en.h"
#include "rapidjson/reader.h"
#include "service/core/utf8.h"

namespace statusinfo::cli {
namespace {

// RapidJSON's input stream concept over a std::istream: a 64 KiB buffer
// refilled as the parser takes bytes, as rapidjson::FileReadStream does for
// a FILE*. It also skips a UTF-8 byte order mark and enforces
// kMaxHarStringBytes: once more than that many bytes pass without the
// handler marking progress (one JSON token), it reads as the end of the
// input, which fails the parse, and overflowed() says why. The check is
// made when the buffer is refilled, not for every byte.
class HarInputStream {
 public:
  using Ch = char;

  explicit HarInputStream(std::istream& in) : in_(in) {
    Fill();
    static constexpr char kBom[] = "\xEF\xBB\xBF";
    if (static_cast<std::size_t>(end_ - current_) >= 3 &&
        std::memcmp(current_, kBom, 3) == 0) {
      current_ += 3;
      if (current_ == end_) Fill();
    }
  }

  Ch Peek() const { return *current_; }
  Ch Take() {
    const Ch c = *current_;
    if (current_ + 1 < end_) {
      ++current_;  // the fast path: no refill, no check
    } else if (!eof_) {
      Refill();
    }
    return c;
  }
  std::size_t Tell() const { return consumed_ + (current_ - buffer_); }
  bool AtEnd() const { return eof_ && current_ + 1 >= end_; }

  // A token ended: the byte count towards kMaxHarStringBytes restarts.
  void Mark() { mark_ = Tell(); }
  bool overflowed() const { return overflowed_; }

  // Output side of the concept; the reader never writes.
  Ch* PutBegin() { return nullptr; }
  void Put(Ch /*c*/) {}
  void Flush() {}
  std::size_t PutEnd(Ch* /*begin*/) { return 0; }

 private:
  // Moves past the buffer's last byte. The cap is checked here, once per
  // buffer, so it is enforced to within the buffer's size.
  void Refill() {
    ++current_;
    Fill();
    if (Tell() - mark_ > kMaxHarStringBytes) {
      overflowed_ = true;
      // Reads as the end of the input from now on.
      buffer_[0] = '\0';
      current_ = buffer_;
      end_ = buffer_ + 1;
      eof_ = true;
    }
  }

  // Refills the buffer; at the end of the input it holds one '\0', which
  // the parser reads as the end.
  void Fill() {
    consumed_ += static_cast<std::size_t>(end_ - buffer_);
    in_.read(buffer_, sizeof(buffer_));
    const std::streamsize got = in_.gcount();
    current_ = buffer_;
    end_ = buffer_ + got;
    if (got == 0) {
      buffer_[0] = '\0';
      end_ = buffer_ + 1;
      eof_ = true;
    }
  }

  std::istream& in_;
  char buffer_[64 * 1024];
  char* current_ = buffer_;
  char* end_ = buffer_;
  std::size_t consumed_ = 0;
  std::size_t mark_ = 0;
  bool eof_ = false;
  bool overflowed_ = false;
};

// What an object or array of the document is to the reader.
enum class Node {
  kSkip,
  kRoot,
  kLog,
  kEntries,
  kEntry,
  kRequest,
  kResponse,
  kHeaders,
  kHeader,
  kContent
};

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

enum class Kind { kSkip, kObject, kArray, kString, kInteger, kNumber };

// Where a value goes: what it must be, and which member it is.
struct Slot {
  Kind kind = Kind::kSkip;
  Node node = Node::kSkip;  // for kObject and kArray
  unsigned member = 0;
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

struct Frame {
  Node node;
  bool is_array;
  std::string key;          // an object's current member
  std::int64_t index = -1;  // an array's current element
  unsigned seen = 0;
  Slot slot;  // where the current member or element goes
};

// The SAX handler: keeps a stack of the open objects and arrays (with the
// current key or index, for paths), fills one HarEntry, and hands it over
// when the entry's object closes.
class HarHandler
    : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, HarHandler> {
 public:
  HarHandler(HarInputStream& stream,
             absl::FunctionRef<absl::Status(HarEntry&)> on_entry)
      : stream_(stream), on_entry_(on_entry) {}

  const absl::Status& error() const { return error_; }

  // The path of the value being read, e.g. "log.entries[3].request"; a
  // key that is not a plain name is quoted: log["odd key"].
  std::string Path() const {
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

  bool Null() { return Scalar("null"); }
  bool Bool(bool /*b*/) { return Scalar("a boolean"); }
  bool Int(int i) { return Integer(i); }
  bool Uint(unsigned u) { return Integer(u); }
  bool Int64(std::int64_t i) { return Integer(i); }
  bool Uint64(std::uint64_t u) {
    return Integer(static_cast<std::int64_t>(
        std::min<std::uint64_t>(u, std::numeric_limits<std::int64_t>::max())));
  }
  bool Double(double d);
  bool String(const char* text, rapidjson::SizeType length, bool /*copy*/);
  bool StartObject();
  bool Key(const char* text, rapidjson::SizeType length, bool /*copy*/);
  bool EndObject(rapidjson::SizeType /*count*/);
  bool StartArray();
  bool EndArray(rapidjson::SizeType /*count*/);

 private:
  static void AppendKey(const std::string& key, std::string& path) {
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

  // The slot of the next value; counts an array element.
  Slot Next() {
    stream_.Mark();
    if (frames_.empty()) return {Kind::kObject, Node::kRoot, 0};
    Frame& top = frames_.back();
    if (top.is_array) {
      ++top.index;
      if (top.node == Node::kEntries) return {Kind::kObject, Node::kEntry, 0};
      if (top.node == Node::kHeaders) return {Kind::kObject, Node::kHeader, 0};
      return {};
    }
    return top.slot;
  }

  void MarkSeen(const Slot& slot) {
    if (!frames_.empty() && !frames_.back().is_array) {
      frames_.back().seen |= slot.member;
    }
  }

  bool Fail(absl::string_view message) {
    error_ = absl::InvalidArgumentError(absl::StrCat(Path(), ": ", message));
    return false;
  }

  bool WrongType(const Slot& slot, absl::string_view got) {
    return Fail(absl::StrCat("expected ", KindName(slot.kind), ", got ", got));
  }

  bool Scalar(absl::string_view what) {
    const Slot slot = Next();
    if (slot.kind == Kind::kSkip) return true;
    return WrongType(slot, what);
  }

  bool Integer(std::int64_t value);
  void StartEntry(std::int64_t index);
  bool Open(bool is_array);
  bool Close();
  // The header list of the request or response being read.
  google::protobuf::RepeatedPtrField<v1::HttpHeader>& HeaderList();

  HarInputStream& stream_;
  absl::FunctionRef<absl::Status(HarEntry&)> on_entry_;
  std::vector<Frame> frames_;
  HarEntry entry_;
  v1::HttpHeader* header_ = nullptr;  // the header field being read
  absl::Status error_;
};

bool HarHandler::Double(double d) {
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

bool HarHandler::Integer(std::int64_t value) {
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

bool HarHandler::String(const char* text, rapidjson::SizeType length,
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

bool HarHandler::StartObject() { return Open(/*is_array=*/false); }
bool HarHandler::StartArray() { return Open(/*is_array=*/true); }

bool HarHandler::Open(bool is_array) {
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

bool HarHandler::Key(const char* text, rapidjson::SizeType length,
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

void HarHandler::StartEntry(std::int64_t index) {
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

google::protobuf::RepeatedPtrField<v1::HttpHeader>& HarHandler::HeaderList() {
  // frames_: ..., request or response, headers (the header's own frame is
  // not pushed yet).
  const Node owner = frames_[frames_.size() - 2].node;
  return owner == Node::kRequest ? entry_.request_headers
                                 : entry_.response_headers;
}

bool HarHandler::EndObject(rapidjson::SizeType /*count*/) { return Close(); }
bool HarHandler::EndArray(rapidjson::SizeType /*count*/) { return Close(); }

bool HarHandler::Close() {
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

}  // namespace

absl::Status ReadHar(std::istream& in,
                     absl::FunctionRef<absl::Status(HarEntry&)> on_entry) {
  HarInputStream stream(in);
  HarHandler handler(stream, on_entry);
  rapidjson::Reader reader;
  // Iterative: deep nesting costs heap, not the call stack. UTF-8 is
  // checked in the strings that are kept (protobuf strings must be UTF-8),
  // not by the parser in every string: that took a third of the parse,
  // and a body in content.text that is not UTF-8 harms nothing here.
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag;
  const rapidjson::ParseResult result = reader.Parse<kFlags>(stream, handler);
  if (!handler.error().ok()) return handler.error();
  if (result) return absl::OkStatus();
  if (stream.overflowed()) {
    return absl::InvalidArgumentError(absl::StrCat(
        handler.Path(), ": a string longer than ", kMaxHarStringBytes >> 20,
        " MiB (at byte ", stream.Tell(), ")"));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      handler.Path(), ": not valid JSON at byte ", result.Offset(), ": ",
      rapidjson::GetParseError_En(result.Code()),
      stream.AtEnd() ? " (the input ends there: truncated?)" : ""));
}

}  // namespace statusinfo::cli
