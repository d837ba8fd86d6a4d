// The byte stream ReadHar (har_reader.h) parses from: RapidJSON's input
// stream concept over a std::istream, with the reader's string cap.
// Header-only because the parser calls Peek() and Take() for every byte:
// they must inline into the parse loop.
//
// Example (what ReadHar does):
//
//   HarInputStream stream(in);
//   HarSaxHandler handler(stream, on_entry);  // har_sax_handler.h
//   handler.Parse();
//   if (stream.overflowed()) {
//     // a string longer than kMaxHarStringBytes ended the input
//   }
#ifndef STATUSINFO_CLIENT_CLI_INTERNAL_HAR_INPUT_STREAM_H_
#define STATUSINFO_CLIENT_CLI_INTERNAL_HAR_INPUT_STREAM_H_

#include <cstddef>
#include <cstring>
#include <ios>
#include <istream>

#include "client/cli/har_reader.h"

namespace statusinfo::cli {

// A 64 KiB buffer refilled as the parser takes bytes, as
// rapidjson::FileReadStream does for a FILE*. It also skips a UTF-8 byte
// order mark and enforces kMaxHarStringBytes: once more than that many bytes
// pass without the handler marking progress (one JSON token), it reads as
// the end of the input, which fails the parse, and overflowed() says why.
// The check is made when the buffer is refilled, not for every byte.
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

}  // namespace statusinfo::cli

#endif  // STATUSINFO_CLIENT_CLI_INTERNAL_HAR_INPUT_STREAM_H_
