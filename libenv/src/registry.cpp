#include "gymcc/registry.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <set>
#include <unordered_map>

#include "gymcc/vector_env.hpp"

namespace gymcc {
namespace {

std::string env_id_of(const std::optional<std::string>& ns, std::string_view name,
                      std::optional<std::int64_t> version) {
  std::string id = ns ? *ns + "/" + std::string(name) : std::string(name);
  if (version) id += "-v" + std::to_string(*version);
  return id;
}

// difflib.SequenceMatcher(None, a, b).ratio() without junk heuristics, which
// only apply to sequences of 200+ characters — far too long to reach the 0.6
// cutoff against env names anyway.
double sequence_ratio(std::string_view a, std::string_view b) {
  std::unordered_map<char, std::vector<std::size_t>> b2j;
  for (std::size_t j = 0; j < b.size(); ++j) b2j[b[j]].push_back(j);

  auto longest_match = [&](std::size_t alo, std::size_t ahi, std::size_t blo, std::size_t bhi) {
    std::size_t best_i = alo, best_j = blo, best_size = 0;
    std::unordered_map<std::size_t, std::size_t> j2len;
    for (std::size_t i = alo; i < ahi; ++i) {
      std::unordered_map<std::size_t, std::size_t> new_j2len;
      const auto found = b2j.find(a[i]);
      if (found != b2j.end()) {
        for (std::size_t j : found->second) {
          if (j < blo) continue;
          if (j >= bhi) break;
          const auto previous = j > 0 ? j2len.find(j - 1) : j2len.end();
          const std::size_t k = (previous == j2len.end() ? 0 : previous->second) + 1;
          new_j2len[j] = k;
          if (k > best_size) {
            best_i = i + 1 - k;
            best_j = j + 1 - k;
            best_size = k;
          }
        }
      }
      j2len = std::move(new_j2len);
    }
    return std::array<std::size_t, 3>{best_i, best_j, best_size};
  };

  std::size_t matches = 0;
  std::vector<std::array<std::size_t, 4>> queue{{0, a.size(), 0, b.size()}};
  while (!queue.empty()) {
    const auto [alo, ahi, blo, bhi] = queue.back();
    queue.pop_back();
    const auto [i, j, k] = longest_match(alo, ahi, blo, bhi);
    if (k == 0) continue;
    matches += k;
    if (alo < i && blo < j) queue.push_back({alo, i, blo, j});
    if (i + k < ahi && j + k < bhi) queue.push_back({i + k, ahi, j + k, bhi});
  }
  const std::size_t length = a.size() + b.size();
  return length ? 2.0 * static_cast<double>(matches) / static_cast<double>(length) : 1.0;
}

}  // namespace

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& possibilities) {
  std::optional<std::pair<double, std::string>> best;
  for (const std::string& candidate : possibilities) {
    const double score = sequence_ratio(candidate, word);
    if (score < 0.6) continue;
    std::pair<double, std::string> scored{score, candidate};
    if (!best || scored > *best) best = std::move(scored);
  }
  if (!best) return std::nullopt;
  return best->second;
}

namespace {

// Python's \w for these ids: ASCII letters, digits and '_', plus any byte of
// a multi-byte UTF-8 character (non-ASCII letters are word characters there).
bool is_word_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) != 0 || c == '_' || u >= 0x80;
}

bool all_of(std::string_view text, bool (*allowed)(char)) {
  return !text.empty() && std::all_of(text.begin(), text.end(), allowed);
}

bool is_namespace_char(char c) { return is_word_char(c) || c == ':' || c == '-'; }
bool is_name_char(char c) { return is_namespace_char(c) || c == '.'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

// gymnasium's ENV_ID_RE, ^(?:([\w:-]+)/)?([\w:.-]+?)(?:-v(\d+))?$, by hand:
// the lazy name takes a "-v<digits>" suffix as the version whenever one ends
// the id and leaves a non-empty name.
ParsedEnvId parse_env_id(std::string_view id) {
  auto malformed = [&] {
    return Error(ErrorCode::kMalformedId,
                 "Malformed environment ID: " + std::string(id) +
                     ". (Currently all IDs must be of the form [namespace/](env-name)-v(version). "
                     "(namespace is optional))");
  };
  ParsedEnvId parsed;
  std::string_view rest = id;
  if (const std::size_t slash = rest.find('/'); slash != std::string_view::npos) {
    const std::string_view ns = rest.substr(0, slash);
    if (!all_of(ns, is_namespace_char)) throw malformed();
    parsed.ns = std::string(ns);
    rest.remove_prefix(slash + 1);
  }
  const std::size_t suffix = rest.rfind("-v");
  if (suffix != std::string_view::npos && suffix > 0 && all_of(rest.substr(suffix + 2), is_digit)) {
    const std::string_view digits = rest.substr(suffix + 2);
    std::int64_t version = 0;
    const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), version);
    parsed.version = result.ec == std::errc() ? version : std::numeric_limits<std::int64_t>::max();
    rest = rest.substr(0, suffix);
  }
  if (!all_of(rest, is_name_char)) throw malformed();
  parsed.name = std::string(rest);
  return parsed;
}

Value EnvSpec::describe() const {
  Dict d;
  d.emplace_back("id", id);
  d.emplace_back("entry_point", entry_point);
  d.emplace_back("reward_threshold", reward_threshold ? Value(*reward_threshold) : Value());
  d.emplace_back("nondeterministic", nondeterministic);
  d.emplace_back("max_episode_steps", max_episode_steps ? Value(*max_episode_steps) : Value());
  d.emplace_back("kwargs", kwargs);
  List modes;
  for (const std::string& mode : metadata.render_modes) modes.emplace_back(mode);
  d.emplace_back("render_modes", Value(std::move(modes)));
  d.emplace_back("render_fps", static_cast<std::int64_t>(metadata.render_fps));
  List docs;
  for (const KwargDoc& k : kwarg_docs) {
    docs.emplace_back(Dict{
        {"name", k.name}, {"type", k.type_name}, {"default", k.default_value}, {"doc", k.doc}});
  }
  d.emplace_back("kwarg_docs", Value(std::move(docs)));
  return Value(std::move(d));
}

void Registry::add(EnvSpec spec, Factory factory, VectorFactory vector_factory,
                   FootprintFn footprint) {
  ParsedEnvId parsed = parse_env_id(spec.id);
  if (entries_.count(spec.id) != 0) {
    throw Error(ErrorCode::kInvalidArgument, "Environment " + spec.id + " is already registered");
  }
  std::string id = spec.id;
  entries_.emplace(std::move(id),
                   Entry{std::make_shared<const EnvSpec>(std::move(spec)), std::move(parsed),
                         std::move(factory), std::move(vector_factory), std::move(footprint)});
}

Footprint Registry::footprint(std::string_view id, const MakeOptions& options) const {
  const Entry& entry = find(id);
  return entry.footprint ? entry.footprint(*entry.spec, options) : Footprint{};
}

std::vector<const EnvSpec*> Registry::specs() const {
  std::vector<const EnvSpec*> out;
  for (const auto& [id, entry] : entries_) out.push_back(entry.spec.get());
  return out;
}

const EnvSpec& Registry::spec(std::string_view id) const { return *find(id).spec; }

std::unique_ptr<Env> Registry::make(std::string_view id, const MakeOptions& options) const {
  const Entry& entry = find(id);
  if (options.render_mode) {
    const auto& modes = entry.spec->metadata.render_modes;
    if (std::find(modes.begin(), modes.end(), *options.render_mode) == modes.end()) {
      std::string listed;
      for (const std::string& m : modes) listed += (listed.empty() ? "'" : ", '") + m + "'";
      throw Error(ErrorCode::kInvalidKwarg, "render_mode '" + *options.render_mode +
                                                "' is not one of " + entry.spec->id +
                                                "'s render modes [" + listed + "]");
    }
  }
  return entry.factory(entry.spec, options);
}

std::unique_ptr<VectorEnv> Registry::make_vec(std::string_view id, std::int64_t num_envs,
                                              AutoresetMode autoreset_mode,
                                              const MakeOptions& options) const {
  const Entry& entry = find(id);
  if (num_envs < 1) {
    throw Error(ErrorCode::kInvalidArgument,
                "num_envs must be at least 1, got " + std::to_string(num_envs));
  }
  if (options.render_mode) {
    throw Error(ErrorCode::kNotRenderable,
                "render_mode '" + *options.render_mode +
                    "' is not supported by gymcc's vector envs yet; create them without one");
  }
  if (!entry.vector_factory) {
    throw Error(ErrorCode::kInvalidArgument,
                entry.spec->id + " has no vector implementation in gymcc");
  }
  return entry.vector_factory(entry.spec, options, num_envs, autoreset_mode);
}

const Registry::Entry& Registry::find(std::string_view id) const {
  if (id.find(':') != std::string_view::npos) {
    throw Error(ErrorCode::kUnknownEnv,
                "Environment ids of the form 'module:Env-v0' are not supported: gymcc "
                "does not import Python modules (got '" +
                    std::string(id) + "')");
  }
  ParsedEnvId parsed = parse_env_id(id);
  if (const auto exact = entries_.find(id); exact != entries_.end()) return exact->second;
  if (!parsed.version) {
    // gymnasium picks the latest versioned env for an unversioned id.
    const Entry* latest = nullptr;
    for (const auto& [key, entry] : entries_) {
      if (entry.parsed.ns == parsed.ns && entry.parsed.name == parsed.name &&
          entry.parsed.version &&
          (latest == nullptr || *entry.parsed.version > *latest->parsed.version)) {
        latest = &entry;
      }
    }
    if (latest != nullptr) return *latest;
  }
  raise_missing(parsed, id);
}

void Registry::raise_missing(const ParsedEnvId& parsed, std::string_view id) const {
  // gymnasium's _check_namespace_exists / _check_name_exists / _check_version_exists.
  if (parsed.ns) {
    std::set<std::string> namespaces;
    for (const auto& [key, entry] : entries_) {
      if (entry.parsed.ns) namespaces.insert(*entry.parsed.ns);
    }
    if (namespaces.count(*parsed.ns) == 0) {
      const auto suggestion = closest_match(*parsed.ns, {namespaces.begin(), namespaces.end()});
      throw Error(
          ErrorCode::kUnknownEnv,
          "Namespace " + *parsed.ns + " not found. " +
              (suggestion ? "Did you mean: `" + *suggestion + "`?"
                          : "Have you installed the proper package for " + *parsed.ns + "?"));
    }
  }
  std::set<std::string> names;
  std::vector<const Entry*> same_name;
  for (const auto& [key, entry] : entries_) {
    if (entry.parsed.ns != parsed.ns) continue;
    names.insert(entry.parsed.name);
    if (entry.parsed.name == parsed.name) same_name.push_back(&entry);
  }
  if (same_name.empty()) {
    const auto suggestion = closest_match(parsed.name, {names.begin(), names.end()});
    throw Error(ErrorCode::kUnknownEnv,
                "Environment `" + parsed.name + "` doesn't exist" +
                    (parsed.ns ? " in namespace " + *parsed.ns : std::string()) + "." +
                    (suggestion ? " Did you mean: `" + *suggestion + "`?" : std::string()));
  }
  if (parsed.version) {
    std::sort(same_name.begin(), same_name.end(), [](const Entry* a, const Entry* b) {
      return a->parsed.version.value_or(-1) < b->parsed.version.value_or(-1);
    });
    std::string message = "Environment version `v" + std::to_string(*parsed.version) +
                          "` for environment `" + env_id_of(parsed.ns, parsed.name, {}) +
                          "` doesn't exist.";
    const Entry* latest = nullptr;
    for (const Entry* e : same_name) {
      if (e->parsed.version) latest = e;
    }
    if (latest != nullptr && *parsed.version > *latest->parsed.version) {
      std::string versions;
      for (const Entry* e : same_name) {
        if (!versions.empty()) versions += ", ";
        versions += "`v" + (e->parsed.version ? std::to_string(*e->parsed.version) : "None") + "`";
      }
      throw Error(ErrorCode::kUnknownVersion,
                  message + " It provides versioned environments: [ " + versions + " ].");
    }
    if (latest != nullptr && *parsed.version < *latest->parsed.version) {
      throw Error(ErrorCode::kDeprecatedEnv,
                  "Environment version v" + std::to_string(*parsed.version) + " for `" +
                      env_id_of(parsed.ns, parsed.name, {}) + "` is deprecated. Please use `" +
                      latest->spec->id + "` instead.");
    }
  }
  throw Error(ErrorCode::kUnknownEnv,
              "No registered env with id: " + std::string(id) +
                  ". Did you register it, or import the package that registers it? Use "
                  "`gymnasium.pprint_registry()` to see all of the registered environments.");
}

}  // namespace gymcc
