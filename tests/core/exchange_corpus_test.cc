// Real servers as the oracle of the rules that read the request and the
// response together: whole exchanges (the request head curl sent, the
// response head as received) from nine servers other than nginx and Apache
// (tests/data/exchanges, made by scripts/capture_exchanges.sh). Every
// finding is asserted exactly, per file: the real violations are listed
// with the sentence they break (tests/data/exchanges/README.md says which
// server did what), and anything else fails the test. The last test prints
// the precision numbers of docs/rules.md.
#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/response_rules.h"
#include "tests/support/builtin_catalog.h"
#include "tests/support/captures.h"
#include "tests/support/files.h"

namespace statusinfo::core {
namespace {

using ::statusinfo::testing::BuiltinCatalog;
using ::statusinfo::testing::Capture;
using ::statusinfo::testing::Describe;
using ::statusinfo::testing::RuleIds;

constexpr char kDataDir[] = STATUSINFO_EXCHANGES_DIR;

using FindingsByFile = std::map<std::string, std::vector<std::string>>;

// The ERROR findings: a MUST the server really breaks.
const FindingsByFile& KnownErrors() {
  static const auto* const kKnown = new FindingsByFile{
      // RFC 9110, Section 13.1.5: when If-Range does not match, the server
      // MUST ignore Range. BusyBox httpd sends 206 for If-Range: "nope".
      {"busybox_if_range_stale.http", {"206-if-range-failed"}},
  };
  return *kKnown;
}

// The WARNING findings: a SHOULD not followed, or a MUST of the origin
// server that a response cannot show it is bound by.
const FindingsByFile& KnownWarnings() {
  static const auto* const kKnown = new FindingsByFile{
      // RFC 9110, Section 13.1.1: an origin server MUST NOT perform the
      // method when If-Match is false. lighttpd and BusyBox ignore If-Match;
      // Varnish passes lighttpd's 200 on (a cache may ignore If-Match, which
      // is why the rule is a warning).
      {"lighttpd_if_match_false.http", {"if-match-failed-2xx"}},
      {"busybox_if_match_false.http", {"if-match-failed-2xx"}},
      {"varnish_if_match_false.http", {"if-match-failed-2xx"}},
      // Section 13.1.4, the same for If-Unmodified-Since: every server but
      // Caddy, HAProxy (Caddy behind it) and webfs ignores it.
      {"lighttpd_if_unmodified_since_old.http",
       {"if-unmodified-since-failed-2xx"}},
      {"python_if_unmodified_since_old.http",
       {"if-unmodified-since-failed-2xx"}},
      {"busybox_if_unmodified_since_old.http",
       {"if-unmodified-since-failed-2xx"}},
      {"mini_httpd_if_unmodified_since_old.http",
       {"if-unmodified-since-failed-2xx"}},
      {"varnish_if_unmodified_since_old.http",
       {"if-unmodified-since-failed-2xx"}},
      {"squid_if_unmodified_since_old.http",
       {"if-unmodified-since-failed-2xx"}},
      // Section 15.4.5: a 304 MUST carry the ETag a 200 would carry (both
      // servers' 200 has one) and SHOULD NOT carry representation metadata
      // such as Content-Type.
      {"busybox_if_none_match_304.http",
       {"304-representation-metadata", "304-etag"}},
      {"squid_if_none_match_304.http",
       {"304-representation-metadata", "304-etag"}},
      {"lighttpd_if_none_match_304.http", {"304-representation-metadata"}},
      {"lighttpd_if_modified_since_304.http", {"304-representation-metadata"}},
      {"mini_httpd_if_modified_since_304.http",
       {"304-representation-metadata"}},
      {"webfs_if_modified_since_304.http", {"304-representation-metadata"}},
      {"varnish_if_none_match_304.http", {"304-representation-metadata"}},
      {"varnish_if_modified_since_304.http", {"304-representation-metadata"}},
      {"squid_if_modified_since_304.http", {"304-representation-metadata"}},
      // Section 15.5.17: a 416 to a byte-range request SHOULD carry
      // Content-Range with the current length.
      {"lighttpd_range_416.http", {"416-content-range"}},
      // Section 15.5: a 4xx SHOULD explain the error. Caddy (also behind
      // HAProxy) and Varnish send Content-Length: 0.
      {"caddy_missing_404.http", {"4xx-explanation"}},
      {"caddy_if_match_false.http", {"4xx-explanation"}},
      {"caddy_if_unmodified_since_old.http", {"4xx-explanation"}},
      {"haproxy_missing_404.http", {"4xx-explanation"}},
      {"haproxy_if_match_false.http", {"4xx-explanation"}},
      {"haproxy_if_unmodified_since_old.http", {"4xx-explanation"}},
      {"varnish_range_416.http", {"4xx-explanation"}},
      // Section 14.2: Varnish refuses two satisfiable ranges in ascending
      // order, which are not "many small or overlapping ranges", with 416
      // (it serves no multipart ranges; it could ignore Range and send 200).
      {"varnish_range_multi.http",
       {"4xx-explanation", "416-range-satisfiable"}},
  };
  return *kKnown;
}

// The INFO findings: advice the server did not take.
const FindingsByFile& KnownInfos() {
  static const auto* const kKnown = new FindingsByFile{};
  return *kKnown;
}

const std::vector<Capture>& Captures() {
  static const auto* const kCaptures =
      new std::vector<Capture>(testing::LoadManifest(kDataDir));
  return *kCaptures;
}

// The ValidateResponse request of a capture: the response head, and the
// request head exactly as curl sent it.
v1::ValidateResponseRequest ExchangeFor(const Capture& capture) {
  const cli::ResponseHead head =
      testing::ParseCapturedHead(kDataDir, capture.file);
  v1::ValidateResponseRequest request = testing::RequestFor(capture, head);
  const std::string request_file =
      absl::StrCat(absl::StripSuffix(capture.file, ".http"), ".request");
  testing::SetRequestHead(
      testing::ReadFile(absl::StrCat(kDataDir, "/", request_file)), request);
  return request;
}

v1::ValidateResponseResponse Validate(const Capture& capture) {
  absl::StatusOr<v1::ValidateResponseResponse> result =
      CheckAndValidateResponse(BuiltinCatalog(), ExchangeFor(capture));
  EXPECT_TRUE(result.ok()) << capture.file << ": " << result.status();
  return result.ok() ? *std::move(result) : v1::ValidateResponseResponse();
}

std::vector<std::string> Expected(const FindingsByFile& known,
                                  const std::string& file) {
  const auto found = known.find(file);
  return found == known.end() ? std::vector<std::string>{} : found->second;
}

TEST(ExchangeCorpusTest, ManifestListsFiveServersOtherThanNginxAndApache) {
  std::set<std::string> files, servers;
  for (const Capture& capture : Captures()) {
    EXPECT_TRUE(files.insert(capture.file).second) << capture.file;
    servers.insert(capture.server);
    EXPECT_TRUE(absl::StartsWith(capture.file, capture.server + "_"))
        << capture.file;
    EXPECT_FALSE(
        testing::ReadFile(absl::StrCat(kDataDir, "/", capture.file)).empty())
        << capture.file;
  }
  EXPECT_GE(servers.size(), 5);
  EXPECT_EQ(servers.count("nginx") + servers.count("apache"), 0);
  for (const FindingsByFile* known :
       {&KnownErrors(), &KnownWarnings(), &KnownInfos()}) {
    for (const auto& [file, rules] : *known) {
      EXPECT_EQ(files.count(file), 1) << file << " is not in MANIFEST.tsv";
    }
  }
}

TEST(ExchangeCorpusTest, EveryRequestHeadWasRecorded) {
  for (const Capture& capture : Captures()) {
    const v1::ValidateResponseRequest request = ExchangeFor(capture);
    EXPECT_EQ(request.request().method(), capture.method) << capture.file;
    EXPECT_TRUE(absl::EndsWith(request.request().target(), capture.path))
        << capture.file;
    EXPECT_EQ(request.request().http_version(), "HTTP/1.1") << capture.file;
  }
}

TEST(ExchangeCorpusTest, FindingsAreExactlyTheKnownOnes) {
  for (const Capture& capture : Captures()) {
    const v1::ValidateResponseResponse response = Validate(capture);
    const std::string what = absl::StrCat(
        capture.file, " (", capture.server_version, ", ", capture.method, " ",
        capture.path, "):\n", Describe(response));
    EXPECT_EQ(RuleIds(response, v1::SEVERITY_ERROR),
              Expected(KnownErrors(), capture.file))
        << what;
    EXPECT_EQ(RuleIds(response, v1::SEVERITY_WARNING),
              Expected(KnownWarnings(), capture.file))
        << what;
    EXPECT_EQ(RuleIds(response, v1::SEVERITY_INFO),
              Expected(KnownInfos(), capture.file))
        << what;
  }
}

// The grammar rules bite on real heads: each field, broken the way real
// servers have been seen to break it, is an ERROR.
TEST(ExchangeCorpusTest, BreakingAFieldsGrammarIsAnError) {
  const std::vector<std::pair<std::string, std::string>> breaks = {
      {"Content-Type", "; charset"},
      {"ETag", " x"},
      {"Last-Modified", " today"},
      {"Cache-Control", " public"},
  };
  std::map<std::string, int> broken;
  for (const Capture& capture : Captures()) {
    for (const auto& [name, suffix] : breaks) {
      v1::ValidateResponseRequest request = ExchangeFor(capture);
      bool found = false;
      for (v1::HttpHeader& header : *request.mutable_headers()) {
        if (!absl::EqualsIgnoreCase(header.name(), name)) continue;
        header.set_value(header.value() + suffix);
        found = true;
      }
      if (!found) continue;
      const std::string rule =
          absl::StrCat(absl::AsciiStrToLower(name), "-syntax");
      const v1::ValidateResponseResponse response =
          ValidateResponse(BuiltinCatalog(), request);
      EXPECT_THAT(RuleIds(response, v1::SEVERITY_ERROR),
                  ::testing::Contains(rule))
          << capture.file << " " << name;
      ++broken[name];
    }
  }
  EXPECT_GT(broken["Content-Type"], 100);
  EXPECT_GT(broken["ETag"], 50);
}

// The precision numbers of docs/rules.md: every finding on the corpus is a
// real violation (the Known* lists), so false positives are the findings
// outside them. Also counted: what is left when the request is given the
// way the README's `check --method=GET` gives it (method only).
TEST(ExchangeCorpusTest, PrecisionOnTheCorpus) {
  std::map<std::string, int> by_rule;
  int findings = 0, false_positives = 0, method_only_findings = 0;
  for (const Capture& capture : Captures()) {
    const v1::ValidateResponseResponse response = Validate(capture);
    for (const v1::Severity severity :
         {v1::SEVERITY_ERROR, v1::SEVERITY_WARNING, v1::SEVERITY_INFO}) {
      const FindingsByFile& known =
          severity == v1::SEVERITY_ERROR     ? KnownErrors()
          : severity == v1::SEVERITY_WARNING ? KnownWarnings()
                                             : KnownInfos();
      const std::vector<std::string> ids = RuleIds(response, severity);
      const std::vector<std::string> expected = Expected(known, capture.file);
      for (const std::string& id : ids) {
        ++by_rule[absl::StrCat(v1::Severity_Name(severity), " ", id)];
        ++findings;
        if (std::count(expected.begin(), expected.end(), id) == 0) {
          ++false_positives;
        }
      }
    }
    v1::ValidateResponseRequest method_only = ExchangeFor(capture);
    method_only.mutable_request()->clear_headers();
    const v1::ValidateResponseResponse without_request_fields =
        ValidateResponse(BuiltinCatalog(), method_only);
    for (const v1::Finding& finding : without_request_fields.findings()) {
      ++by_rule[absl::StrCat("method only: ", finding.rule_id())];
      ++method_only_findings;
    }
  }
  std::cout << "exchanges: " << Captures().size() << "\nfindings: " << findings
            << " (false positives: " << false_positives << ")\n";
  for (const auto& [rule, count] : by_rule) {
    std::cout << "  " << rule << ": " << count << "\n";
  }
  std::cout << "findings with the method only: " << method_only_findings
            << "\n";
  EXPECT_EQ(false_positives, 0);
  EXPECT_GT(findings, 0);
}

}  // namespace
}  // namespace statusinfo::core
