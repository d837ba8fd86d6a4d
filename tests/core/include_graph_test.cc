// The layering of service/core, read from its #include lines: no module
// cycle (a module is a file name without its extension: catalog.h and
// catalog.cc are one module), no gRPC, and internal/ headers included only
// by the core and its tests. The build enforces the link side
// (service/core/CMakeLists.txt refuses a gRPC library on statusinfo_core).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace statusinfo::core {
namespace {

namespace fs = std::filesystem;

constexpr char kRoot[] = STATUSINFO_SOURCE_DIR;

// Every #include "..." of the C++ files under `dir` (relative to the
// source root), by including file (also relative).
std::map<std::string, std::vector<std::string>> IncludesUnder(
    const std::string& dir) {
  static const std::regex kInclude(R"re(^\s*#\s*include\s*"([^"]+)")re");
  std::map<std::string, std::vector<std::string>> includes;
  for (const auto& entry :
       fs::recursive_directory_iterator(fs::path(kRoot) / dir)) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".h" && ext != ".cc")) continue;
    const std::string file = fs::relative(entry.path(), kRoot).generic_string();
    std::ifstream in(entry.path());
    std::vector<std::string>& list = includes[file];
    for (std::string line; std::getline(in, line);) {
      std::smatch match;
      if (std::regex_search(line, match, kInclude)) list.push_back(match[1]);
    }
  }
  return includes;
}

std::string ModuleOf(const std::string& file) {
  return fs::path(file).replace_extension().generic_string();
}

using Graph = std::map<std::string, std::set<std::string>>;

// The module graph of service/core: an edge for every include of another
// core module.
Graph CoreModules() {
  Graph graph;
  for (const auto& [file, includes] : IncludesUnder("service/core")) {
    const std::string from = ModuleOf(file);
    graph[from];
    for (const std::string& include : includes) {
      if (!absl::StartsWith(include, "service/core/")) continue;
      const std::string to = ModuleOf(include);
      if (to != from) graph[from].insert(to);
    }
  }
  return graph;
}

// A cycle of `graph` as "a -> b -> a", or "" when there is none.
std::string FindCycle(const Graph& graph) {
  enum class Mark { kNew, kOnPath, kDone };
  std::map<std::string, Mark> marks;
  std::vector<std::string> path;
  std::string cycle;
  auto visit = [&](const std::string& node, auto& self) -> bool {
    marks[node] = Mark::kOnPath;
    path.push_back(node);
    for (const std::string& next : graph.at(node)) {
      if (!graph.count(next)) continue;  // a header the tree lacks
      if (marks[next] == Mark::kOnPath) {
        auto from = std::find(path.begin(), path.end(), next);
        std::vector<std::string> loop(from, path.end());
        loop.push_back(next);
        cycle = absl::StrJoin(loop, " -> ");
        return true;
      }
      if (marks[next] == Mark::kNew && self(next, self)) return true;
    }
    path.pop_back();
    marks[node] = Mark::kDone;
    return false;
  };
  for (const auto& [node, edges] : graph) {
    if (marks[node] == Mark::kNew && visit(node, visit)) return cycle;
  }
  return "";
}

TEST(IncludeGraphTest, CoreModulesFormNoCycle) {
  const Graph graph = CoreModules();
  ASSERT_GT(graph.size(), 20u);  // the walk found the core
  EXPECT_EQ(FindCycle(graph), "");
}

TEST(IncludeGraphTest, FindCycleFindsOne) {
  // The cycle this test was written against (issue 13).
  const Graph graph = {
      {"catalog", {"catalog_enrichment"}},
      {"catalog_enrichment", {"response_rules"}},
      {"response_rules", {"response_checks"}},
      {"response_checks", {"catalog_loader"}},
      {"catalog_loader", {"catalog"}},
  };
  EXPECT_EQ(FindCycle(graph),
            "catalog -> catalog_enrichment -> response_rules -> "
            "response_checks -> catalog_loader -> catalog");
}

TEST(IncludeGraphTest, CoreIncludesNoGrpc) {
  for (const auto& [file, includes] : IncludesUnder("service/core")) {
    for (const std::string& include : includes) {
      EXPECT_FALSE(absl::StartsWith(include, "grpcpp/") ||
                   absl::StartsWith(include, "grpc/") ||
                   absl::EndsWith(include, ".grpc.pb.h"))
          << file << " includes " << include;
    }
  }
}

TEST(IncludeGraphTest, InternalHeadersStayInTheCore) {
  for (const char* dir : {"service/server", "client", "bench"}) {
    for (const auto& [file, includes] : IncludesUnder(dir)) {
      for (const std::string& include : includes) {
        EXPECT_FALSE(absl::StartsWith(include, "service/core/internal/"))
            << file << " includes " << include;
      }
    }
  }
}

}  // namespace
}  // namespace statusinfo::core
