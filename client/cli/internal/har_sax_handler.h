// The RapidJSON SAX handler behind ReadHar (har_reader.h): the state machine
// that turns the parser's events into HarEntry values. It keeps a stack of
// the open objects and arrays (with the current key or index, for the paths
// in error messages), fills one HarEntry with the members the rules read,
// checks their types and the required ones, and hands the entry over when
// its object closes. Everything else is skipped as it streams by.
//
// Example (what ReadHar does):
//
//   HarInputStream stream(in);
//   HarSaxHandler handler(stream, on_entry);
//   if (!handler.Parse()) {
//     // handler.error() when the handler stopped the parse; otherwise the
//     // JSON is malformed at handler.Path().
//   }
#ifndef STATUSINFO_CLIENT_CLI_INTERNAL_HAR_SAX_HANDLER_H_
#define STATUSINFO_CLIENT_CLI_INTERNAL_HAR_SAX_HANDLER_H_

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "client/cli/har_reader.h"
#include "client/cli/internal/har_input_stream.h"
#include "rapidjson/reader.h"
#include "statusinfo/v1/conformance.pb.h"

namespace statusinfo::cli {
namespace har_sax {

// What an object or array of the document is to the handler.
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

enum class Kind { kSkip, kObject, kArray, kString, kInteger, kNumber };

// Where a value goes: what it must be, and which member it is.
struct Slot {
  Kind kind = Kind::kSkip;
  Node node = Node::kSkip;  // for kObject and kArray
  unsigned member = 0;      // a bit of Frame::seen
};

// One open object or array.
struct Frame {
  Node node;
  bool is_array;
  std::string key;          // an object's current member
  std::int64_t index = -1;  // an array's current element
  unsigned seen = 0;
  Slot slot;  // where the current member or element goes
};

}  // namespace har_sax

class HarSaxHandler
    : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, HarSaxHandler> {
 public:
  // `stream` is marked at every token (see HarInputStream::Mark);
  // `on_entry` gets each entry, and an error from it stops the parse.
  HarSaxHandler(HarInputStream& stream,
                absl::FunctionRef<absl::Status(HarEntry&)> on_entry)
      : stream_(stream), on_entry_(on_entry) {}

  // Parses the whole stream, calling on_entry with each entry. Here, not in
  // ReadHar, so that the parser instantiated for this handler inlines its
  // event handlers: parsing from another file read 15% slower.
  rapidjson::ParseResult Parse();

  // Why the handler stopped the parse: the input is not HAR, or on_entry
  // failed. OK when it did not stop it.
  const absl::Status& error() const { return error_; }

  // The path of the value being read, e.g. "log.entries[3].request"; a
  // key that is not a plain name is quoted: log["odd key"].
  std::string Path() const;

  // The parser's events.
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
  // The slot of the next value; counts an array element. Here, with
  // MarkSeen, because every event calls it: it inlines into them.
  har_sax::Slot Next() {
    using har_sax::Kind;
    using har_sax::Node;
    stream_.Mark();
    if (frames_.empty()) return {Kind::kObject, Node::kRoot, 0};
    har_sax::Frame& top = frames_.back();
    if (top.is_array) {
      ++top.index;
      if (top.node == Node::kEntries) return {Kind::kObject, Node::kEntry, 0};
      if (top.node == Node::kHeaders) return {Kind::kObject, Node::kHeader, 0};
      return {};
    }
    return top.slot;
  }

  void MarkSeen(const har_sax::Slot& slot) {
    if (!frames_.empty() && !frames_.back().is_array) {
      frames_.back().seen |= slot.member;
    }
  }

  bool Fail(absl::string_view message);
  bool WrongType(const har_sax::Slot& slot, absl::string_view got);
  bool Scalar(absl::string_view what);
  bool Integer(std::int64_t value);
  void StartEntry(std::int64_t index);
  bool Open(bool is_array);
  bool Close();
  // The header list of the request or response being read.
  google::protobuf::RepeatedPtrField<v1::HttpHeader>& HeaderList();

  HarInputStream& stream_;
  absl::FunctionRef<absl::Status(HarEntry&)> on_entry_;
  std::vector<har_sax::Frame> frames_;
  HarEntry entry_;
  v1::HttpHeader* header_ = nullptr;  // the header field being read
  absl::Status error_;
};

}  // namespace statusinfo::cli

#endif  // STATUSINFO_CLIENT_CLI_INTERNAL_HAR_SAX_HANDLER_H_
