#include "gymcc/vector_env.hpp"

#include <string>

#include "gymcc/errors.hpp"

namespace gymcc {

std::string_view autoreset_mode_name(AutoresetMode mode) noexcept {
  switch (mode) {
    case AutoresetMode::kNextStep:
      return "NextStep";
    case AutoresetMode::kSameStep:
      return "SameStep";
    case AutoresetMode::kDisabled:
      return "Disabled";
  }
  return "?";
}

AutoresetMode parse_autoreset_mode(std::string_view name) {
  for (AutoresetMode mode :
       {AutoresetMode::kNextStep, AutoresetMode::kSameStep, AutoresetMode::kDisabled}) {
    if (name == autoreset_mode_name(mode)) return mode;
  }
  throw Error(ErrorCode::kInvalidArgument,
              "'" + std::string(name) + "' is not a valid AutoresetMode");
}

}  // namespace gymcc
