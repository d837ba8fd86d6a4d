#include "service/core/internal/field_table.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/limits.h"

namespace statusinfo::core {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

using Lines = std::vector<std::pair<std::string, std::string>>;

FieldTable::Headers HeadersOf(const Lines& lines) {
  FieldTable::Headers headers;
  for (const auto& [name, value] : lines) {
    ::statusinfo::v1::HttpHeader* header = headers.Add();
    header->set_name(name);
    header->set_value(value);
  }
  return headers;
}

// Every value ForEach visits for `field`, in order.
std::vector<std::string> ValuesOf(const FieldTable& table, Field field) {
  std::vector<std::string> values;
  table.ForEach(field,
                [&](absl::string_view value) { values.emplace_back(value); });
  return values;
}

// Every list member CountMembers sees on the lines of `field`.
std::vector<std::string> MembersOf(const FieldTable& table, Field field) {
  std::vector<std::string> members;
  table.CountMembers(field, [&](absl::string_view member) {
    members.emplace_back(member);
    return true;
  });
  return members;
}

TEST(IdentifyFieldTest, ComparesNamesCaseInsensitively) {
  EXPECT_EQ(IdentifyField("Content-Length"), Field::kContentLength);
  EXPECT_EQ(IdentifyField("content-length"), Field::kContentLength);
  EXPECT_EQ(IdentifyField("CONTENT-LENGTH"), Field::kContentLength);
  EXPECT_EQ(IdentifyField("wWw-AuThEnTiCaTe"), Field::kWwwAuthenticate);
  EXPECT_EQ(IdentifyField("etag"), Field::kETag);
}

TEST(IdentifyFieldTest, OtherNamesAreOther) {
  EXPECT_EQ(IdentifyField(""), Field::kOther);
  EXPECT_EQ(IdentifyField("X-Request-Id"), Field::kOther);
  // Whole names only: no prefixes, extensions or surrounding spaces.
  EXPECT_EQ(IdentifyField("Dat"), Field::kOther);
  EXPECT_EQ(IdentifyField("Dates"), Field::kOther);
  EXPECT_EQ(IdentifyField("Content-Length2"), Field::kOther);
  EXPECT_EQ(IdentifyField(" Date"), Field::kOther);
  EXPECT_EQ(IdentifyField("Date "), Field::kOther);
}

TEST(FieldNameTest, NamesEveryFieldSoThatItIsIdentifiedBack) {
  for (int i = static_cast<int>(Field::kOther) + 1;
       i < static_cast<int>(Field::kCount); ++i) {
    const Field field = static_cast<Field>(i);
    EXPECT_FALSE(FieldName(field).empty()) << "field " << i;
    EXPECT_EQ(IdentifyField(FieldName(field)), field) << FieldName(field);
  }
  EXPECT_EQ(FieldName(Field::kOther), "");
  EXPECT_EQ(FieldName(Field::kWwwAuthenticate), "WWW-Authenticate");
  EXPECT_EQ(FieldName(Field::kETag), "ETag");
}

TEST(FieldTableTest, FindsFieldsWhateverTheCaseOfTheirNames) {
  const FieldTable::Headers headers =
      HeadersOf({{"content-type", "text/html"}, {"DATE", "d"}});
  const FieldTable table(headers);
  EXPECT_TRUE(table.has(Field::kContentType));
  EXPECT_EQ(table.first(Field::kContentType), "text/html");
  EXPECT_EQ(table.count(Field::kDate), 1);
  EXPECT_EQ(table.first(Field::kDate), "d");
}

TEST(FieldTableTest, AbsentFieldHasNoLinesAndAnEmptyFirstValue) {
  const FieldTable::Headers headers = HeadersOf({{"Date", "d"}});
  const FieldTable table(headers);
  EXPECT_FALSE(table.has(Field::kLocation));
  EXPECT_EQ(table.count(Field::kLocation), 0);
  EXPECT_EQ(table.first(Field::kLocation), "");
  EXPECT_THAT(ValuesOf(table, Field::kLocation), IsEmpty());
}

TEST(FieldTableTest, CountsRepeatedLinesAndVisitsThemInOrder) {
  const FieldTable::Headers headers = HeadersOf({{"Vary", "Accept"},
                                                 {"Date", "d"},
                                                 {"vary", "Origin"},
                                                 {"X-Other", "x"},
                                                 {"VARY", "Cookie"}});
  const FieldTable table(headers);
  EXPECT_EQ(table.count(Field::kVary), 3);
  EXPECT_EQ(table.first(Field::kVary), "Accept");
  // The Date and X-Other lines between the Vary lines are not visited.
  EXPECT_THAT(ValuesOf(table, Field::kVary),
              ElementsAre("Accept", "Origin", "Cookie"));
  EXPECT_EQ(table.count(Field::kOther), 1);
}

TEST(FieldTableTest, FirstPresentFollowsTheArgumentOrder) {
  const FieldTable::Headers headers =
      HeadersOf({{"If-None-Match", "\"a\""}, {"If-Match", "\"b\""}});
  const FieldTable table(headers);
  EXPECT_EQ(table.FirstPresent({Field::kIfMatch, Field::kIfNoneMatch}),
            Field::kIfMatch);
  EXPECT_EQ(table.FirstPresent({Field::kIfRange, Field::kIfNoneMatch}),
            Field::kIfNoneMatch);
  EXPECT_EQ(table.FirstPresent({Field::kIfRange, Field::kRange}),
            Field::kOther);
  EXPECT_EQ(table.FirstPresent({}), Field::kOther);
}

TEST(FieldTableTest, AnyLineMatchesOneLineOfTheFieldOnly) {
  const FieldTable::Headers headers = HeadersOf({{"Connection", "close"},
                                                 {"Upgrade", "websocket"},
                                                 {"Connection", "Upgrade"}});
  const FieldTable table(headers);
  const auto is_upgrade = [](absl::string_view value) {
    return absl::EqualsIgnoreCase(value, "upgrade");
  };
  EXPECT_TRUE(table.AnyLine(Field::kConnection, is_upgrade));
  EXPECT_FALSE(table.AnyLine(Field::kConnection, [](absl::string_view value) {
    return value == "websocket";
  }));
  EXPECT_FALSE(table.AnyLine(Field::kVary, is_upgrade));
}

TEST(FieldTableTest, CountMembersSplitsListsOnEveryLine) {
  const FieldTable::Headers headers =
      HeadersOf({{"Transfer-Encoding", "gzip ,\tCHUNKED"},
                 {"Transfer-Encoding", ", chunked,,"}});
  const FieldTable table(headers);
  // OWS is trimmed and empty members are skipped (RFC 9110, Section 5.6.1).
  EXPECT_THAT(MembersOf(table, Field::kTransferEncoding),
              ElementsAre("gzip", "CHUNKED", "chunked"));
  EXPECT_EQ(table.CountMembers(Field::kTransferEncoding,
                               [](absl::string_view coding) {
                                 return absl::EqualsIgnoreCase(coding,
                                                               "chunked");
                               }),
            2);
  EXPECT_EQ(
      table.CountMembers(Field::kAllow, [](absl::string_view) { return true; }),
      0);
}

TEST(FieldTableTest, CountMembersKeepsCommasInsideQuotedStrings) {
  // RFC 9110, Section 5.6.1: a comma inside a quoted-string does not split.
  const FieldTable::Headers headers = HeadersOf(
      {{"Cache-Control", "no-cache=\"Set-Cookie, Set-Cookie2\", max-age=0"},
       {"Transfer-Encoding", "x;p=\"a,chunked,\\\"b\", chunked"}});
  const FieldTable table(headers);
  EXPECT_THAT(MembersOf(table, Field::kCacheControl),
              ElementsAre("no-cache=\"Set-Cookie, Set-Cookie2\"", "max-age=0"));
  EXPECT_THAT(MembersOf(table, Field::kTransferEncoding),
              ElementsAre("x;p=\"a,chunked,\\\"b\"", "chunked"));
}

TEST(FieldTableTest, LeavesOutValuesOverTheSizeLimit) {
  const std::string at_limit(kMaxHeaderValueBytes, 'a');
  const std::string over_limit(kMaxHeaderValueBytes + 1, 'b');
  const FieldTable::Headers headers =
      HeadersOf({{"Link", over_limit}, {"Link", at_limit}, {"Date", "d"}});
  const FieldTable table(headers);
  EXPECT_EQ(table.count(Field::kLink), 1);
  EXPECT_EQ(table.first(Field::kLink), at_limit);
  EXPECT_EQ(table.count(Field::kOther), 1);
}

TEST(FieldTableTest, FindsFieldsPastTheHeaderCountLimit) {
  // Lines past kMaxHeaders have no cached id; the table identifies them
  // again when asked.
  Lines lines = {{"Date", "first"}};
  for (int i = 0; i < kMaxHeaders + 10; ++i) lines.emplace_back("X-Pad", "p");
  lines.emplace_back("date", "last");
  lines.emplace_back("Vary", "Accept");
  const FieldTable::Headers headers = HeadersOf(lines);
  const FieldTable table(headers);
  EXPECT_EQ(table.count(Field::kDate), 2);
  EXPECT_THAT(ValuesOf(table, Field::kDate), ElementsAre("first", "last"));
  EXPECT_THAT(ValuesOf(table, Field::kVary), ElementsAre("Accept"));
  EXPECT_EQ(table.count(Field::kOther), kMaxHeaders + 10);
}

}  // namespace
}  // namespace statusinfo::core
