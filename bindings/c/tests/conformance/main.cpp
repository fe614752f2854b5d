// gymcc_c_conformance --fixtures DIR [--url URL]: replays every fixture
// under DIR (.jsonl or .jsonl.gz, subdirectories included) through the C
// ABI and prints `PASS <case>` / `FAIL <case>: <reason>` per case, then
// `c: N passed, M failed[ (K not applicable: ...)]`. --url is accepted and
// ignored: the C ABI runs in-process. Exit status 0 iff nothing failed.

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gymcc/json.hpp"
#include "runner.hpp"

namespace fs = std::filesystem;
using namespace gymcc;
using namespace gymcc::c_conformance;

namespace {

std::vector<fs::path> fixture_files(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    auto ends_with = [&](const std::string& suffix) {
      return name.size() >= suffix.size() &&
             name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (entry.is_regular_file() && (ends_with(".jsonl") || ends_with(".jsonl.gz"))) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Lines of a plain or gzipped file (zlib reads both).
std::vector<std::string> read_lines(const fs::path& path) {
  std::unique_ptr<gzFile_s, int (*)(gzFile)> file(gzopen(path.c_str(), "rb"), &gzclose);
  if (!file) throw std::runtime_error("cannot open " + path.string());
  std::string content;
  char buffer[1 << 16];
  int n = 0;
  while ((n = gzread(file.get(), buffer, sizeof buffer)) > 0) {
    content.append(buffer, static_cast<std::size_t>(n));
  }
  if (n < 0) throw std::runtime_error("cannot read " + path.string());
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < content.size()) {
    std::size_t end = content.find('\n', start);
    if (end == std::string::npos) end = content.size();
    lines.push_back(content.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

struct Tally {
  int passed = 0;
  int failed = 0;
  // why -> (which -> how many)
  std::map<std::string, std::map<std::string, int>> not_applicable;
};

// A fixture line's kind, from its keys, and its case name
// (tests/conformance/README.md: `<file>:<line>`, `#<name>` for error cases).
std::optional<std::pair<Outcome (*)(const Value&), std::string>> classify(
    const Value& line, const std::string& where) {
  auto has = [&](const char* key) { return line.find(key) != nullptr; };
  if (has("steps") && has("reset") && has("id")) return std::pair{&replay_episode, where};
  if (has("calls") && has("num_envs")) return std::pair{&replay_vector_run, where};
  if (has("call") && has("code") && has("name")) {
    return std::pair{&replay_error_case, where + "#" + line.find("name")->as_string()};
  }
  if (has("env_id") && has("action_space") && has("observation_space")) {
    return std::pair{&check_space_case, where};
  }
  return std::nullopt;
}

void run_line(const std::string& text, const std::string& where, Tally& tally) {
  std::string name = where;
  Outcome outcome;
  try {
    const Value line = json::parse(text);
    const auto kind = classify(line, where);
    if (!kind) {
      outcome = Outcome::fail("not a fixture of any kind CONFORMANCE.md lists");
    } else {
      name = kind->second;
      outcome = kind->first(line);
    }
  } catch (const std::exception& e) {
    outcome = Outcome::fail(std::string("malformed fixture: ") + e.what());
  }
  if (outcome.not_applicable) {
    ++tally.not_applicable[*outcome.not_applicable][outcome.detail];
    std::printf("N/A  %s: %s: %s\n", name.c_str(), outcome.not_applicable->c_str(),
                outcome.detail.c_str());
  } else if (outcome.failure) {
    ++tally.failed;
    std::printf("FAIL %s: %s\n", name.c_str(), outcome.failure->c_str());
  } else {
    ++tally.passed;
    std::printf("PASS %s\n", name.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<fs::path> fixtures;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--fixtures" || arg == "--url") && i + 1 < argc) {
      if (arg == "--fixtures") fixtures = argv[i + 1];
      ++i;
    } else {
      std::fprintf(stderr, "usage: %s --fixtures DIR [--url URL (ignored)]\n", argv[0]);
      return 2;
    }
  }
  if (!fixtures || !fs::is_directory(*fixtures)) {
    std::fprintf(stderr, "gymcc_c_conformance: --fixtures must name a directory\n");
    return 2;
  }
  Tally tally;
  for (const fs::path& file : fixture_files(*fixtures)) {
    const std::string label = fs::relative(file, *fixtures).string();
    std::vector<std::string> lines;
    try {
      lines = read_lines(file);
    } catch (const std::exception& e) {
      ++tally.failed;
      std::printf("FAIL %s: %s\n", label.c_str(), e.what());
      continue;
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].find_first_not_of(" \t\r") == std::string::npos) continue;
      run_line(lines[i], label + ":" + std::to_string(i + 1), tally);
    }
  }
  std::printf("c: %d passed, %d failed", tally.passed, tally.failed);
  if (!tally.not_applicable.empty()) {
    int count = 0;
    std::string why;
    for (const auto& [reason, details] : tally.not_applicable) {
      why += (why.empty() ? "" : "; ") + reason + ":";
      const char* separator = " ";
      for (const auto& [detail, n] : details) {
        count += n;
        why += separator + std::to_string(n) + " x " + detail;
        separator = ", ";
      }
    }
    std::printf(" (%d not applicable: %s)", count, why.c_str());
  }
  std::printf("\n");
  return tally.failed == 0 ? 0 : 1;
}
