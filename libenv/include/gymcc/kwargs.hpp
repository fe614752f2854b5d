#pragma once
// Each environment declares its constructor arguments once, here: the same
// table validates user kwargs, documents them in `gymcc list` and the API,
// and reports the defaults.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gymcc/errors.hpp"
#include "gymcc/value.hpp"

namespace gymcc {

template <class Params>
class KwargTable {
 public:
  struct Entry {
    std::string name;
    std::string type_name;  // as a user would write it: bool, float, int, str, ...
    std::string doc;
    // Throws a message (std::string) describing the expected type on mismatch.
    std::function<void(Params&, const Value&)> apply;
    std::function<Value(const Params&)> read;
  };

  KwargTable& add(std::string name, bool Params::*member, std::string doc) {
    return add_custom(
        std::move(name), "bool", std::move(doc),
        [member](Params& p, const Value& v) {
          if (!v.is_bool()) throw std::string("a bool");
          p.*member = v.as_bool();
        },
        [member](const Params& p) { return Value(p.*member); });
  }

  KwargTable& add(std::string name, double Params::*member, std::string doc) {
    return add_custom(
        std::move(name), "float", std::move(doc),
        [member](Params& p, const Value& v) {
          if (!v.is_number()) throw std::string("a number");
          p.*member = v.as_number();
        },
        [member](const Params& p) { return Value(p.*member); });
  }

  KwargTable& add(std::string name, std::int64_t Params::*member, std::string doc) {
    return add_custom(
        std::move(name), "int", std::move(doc),
        [member](Params& p, const Value& v) {
          if (!v.is_int()) throw std::string("an int");
          p.*member = v.as_int();
        },
        [member](const Params& p) { return Value(p.*member); });
  }

  KwargTable& add(std::string name, std::string Params::*member, std::string doc) {
    return add_custom(
        std::move(name), "str", std::move(doc),
        [member](Params& p, const Value& v) {
          if (!v.is_string()) throw std::string("a string");
          p.*member = v.as_string();
        },
        [member](const Params& p) { return Value(p.*member); });
  }

  // For kwargs no member type above fits (lists, optional values, enums):
  // `apply` throws a std::string naming what it expected.
  KwargTable& add_custom(std::string name, std::string type_name, std::string doc,
                         std::function<void(Params&, const Value&)> apply,
                         std::function<Value(const Params&)> read) {
    entries_.push_back(Entry{std::move(name), std::move(type_name), std::move(doc),
                             std::move(apply), std::move(read)});
    return *this;
  }

  const std::vector<Entry>& entries() const noexcept { return entries_; }

  // Applies a kwargs dict (or null) over `params`. `env_id` names the env in
  // errors, which always name the offending kwarg.
  void apply(const Value& kwargs, Params& params, std::string_view env_id) const {
    if (kwargs.is_null()) return;
    if (!kwargs.is_dict()) {
      throw Error(ErrorCode::kInvalidKwarg,
                  "kwargs for " + std::string(env_id) + " must be an object");
    }
    for (const auto& [key, value] : kwargs.as_dict()) {
      const Entry* entry = find(key);
      if (entry == nullptr) {
        throw Error(ErrorCode::kInvalidKwarg, std::string(env_id) +
                                                  " got an unexpected keyword argument '" + key +
                                                  "'" + accepted_list());
      }
      try {
        entry->apply(params, value);
      } catch (const std::string& expected) {
        throw Error(ErrorCode::kInvalidKwarg, "kwarg '" + key + "' of " + std::string(env_id) +
                                                  " must be " + expected + ", got " +
                                                  std::string(python_type_name(value)));
      }
    }
  }

  // The effective kwargs of `params`, in declaration order.
  Value values(const Params& params) const {
    Dict d;
    for (const Entry& e : entries_) d.emplace_back(e.name, e.read(params));
    return Value(std::move(d));
  }

 private:
  const Entry* find(std::string_view name) const {
    for (const Entry& e : entries_) {
      if (e.name == name) return &e;
    }
    return nullptr;
  }

  std::string accepted_list() const {
    if (entries_.empty()) return " (it takes no kwargs)";
    std::string s = " (accepted: ";
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      s += (i ? ", " : "") + entries_[i].name;
    }
    return s + ")";
  }

  std::vector<Entry> entries_;
};

}  // namespace gymcc
