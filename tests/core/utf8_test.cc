#include "service/core/utf8.h"

#include <string>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::core {
namespace {

struct Case {
  std::string bytes;
  bool valid;
};

// The boundaries of RFC 3629's table (section 4) and what it excludes:
// overlong forms, surrogates, code points above U+10FFFF, stray and missing
// continuation bytes.
const Case kCases[] = {
    {"", true},
    {"Not Found", true},
    {std::string("\x00", 1), true},
    {"\x7f", true},              // U+007F
    {"\xc2\x80", true},          // U+0080
    {"\xdf\xbf", true},          // U+07FF
    {"\xe0\xa0\x80", true},      // U+0800
    {"\xed\x9f\xbf", true},      // U+D7FF
    {"\xee\x80\x80", true},      // U+E000
    {"\xef\xbf\xbf", true},      // U+FFFF
    {"\xf0\x90\x80\x80", true},  // U+10000
    {"\xf4\x8f\xbf\xbf", true},  // U+10FFFF
    {"caf\xc3\xa9 \xe2\x82\xac", true},
    {"\x80", false},  // a continuation byte alone
    {"\xbf", false},
    {"\xc0\x80", false},          // overlong U+0000
    {"\xc1\xbf", false},          // overlong U+007F
    {"\xe0\x9f\xbf", false},      // overlong U+07FF
    {"\xf0\x8f\xbf\xbf", false},  // overlong U+FFFF
    {"\xed\xa0\x80", false},      // U+D800, a surrogate
    {"\xed\xbf\xbf", false},      // U+DFFF
    {"\xf4\x90\x80\x80", false},  // U+110000
    {"\xf5\x80\x80\x80", false},
    {"\xff", false},
    {"\xfe", false},
    {"\xc3", false},  // cut short
    {"\xe2\x82", false},
    {"\xf0\x90\x80", false},
    {"\xc3\x28", false},  // second byte not a continuation
    {"\xe2\x28\xa1", false},
    {"ok\xe2\x82\xac\xff", false},  // valid, then not
};

TEST(Utf8Test, ClassifiesRfc3629Boundaries) {
  for (const Case& c : kCases) {
    EXPECT_EQ(IsValidUtf8(c.bytes), c.valid) << absl::CHexEscape(c.bytes);
  }
}

// protobuf refuses a proto3 string that is not UTF-8 when it parses one: the
// two definitions must agree, or ParseRequest would blame the wrong field
// (or none).
TEST(Utf8Test, AgreesWithProtobufsParser) {
  for (const Case& c : kCases) {
    statusinfo::v1::ValidateStatusLineRequest message;
    // Field 1, length-delimited, holding the case's bytes.
    std::string wire = "\x0a";
    wire.push_back(static_cast<char>(c.bytes.size()));
    wire += c.bytes;
    EXPECT_EQ(message.ParseFromString(wire), c.valid)
        << absl::CHexEscape(c.bytes);
  }
}

TEST(Utf8Test, SequenceLengthIsThatOfTheFirstCharacter) {
  EXPECT_EQ(Utf8SequenceLength(""), 0u);
  EXPECT_EQ(Utf8SequenceLength("ab"), 1u);
  EXPECT_EQ(Utf8SequenceLength("\xc3\xa9x"), 2u);
  EXPECT_EQ(Utf8SequenceLength("\xe2\x82\xac"), 3u);
  EXPECT_EQ(Utf8SequenceLength("\xf0\x9f\x98\x80"), 4u);
  EXPECT_EQ(Utf8SequenceLength("\x80"
                               "a"),
            0u);
  EXPECT_EQ(Utf8SequenceLength("\xe2\x82"), 0u);
}

TEST(Utf8Test, ToValidUtf8ReplacesEachBadOctet) {
  EXPECT_EQ(ToValidUtf8("Not Found"), "Not Found");
  EXPECT_EQ(ToValidUtf8("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(ToValidUtf8("O\xffK"), "O\xef\xbf\xbdK");
  // A cut-short sequence is two bad octets, each replaced.
  EXPECT_EQ(ToValidUtf8("\xe2\x82"), "\xef\xbf\xbd\xef\xbf\xbd");
  for (const Case& c : kCases) {
    const std::string fixed = ToValidUtf8(c.bytes);
    EXPECT_TRUE(IsValidUtf8(fixed)) << absl::CHexEscape(c.bytes);
    if (c.valid) EXPECT_EQ(fixed, c.bytes);
  }
}

}  // namespace
}  // namespace statusinfo::core
