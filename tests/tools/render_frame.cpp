// gymcc_render_frame: writes the rgb_array frame an env shows after a seeded
// reset and a list of actions, for tests/python/test_render_pixels.py to
// compare with the frame gymnasium renders from the same state.
//
//   gymcc_render_frame ENV_ID SEED ACTIONS_JSON OUT.ppm [RESET_OPTIONS_JSON]
//
// ACTIONS_JSON is a JSON list of actions as the server takes them (ints for
// Discrete spaces, lists of numbers for Box spaces). The frame is written as
// a binary PPM (P6), which Python reads without an image library.

#include <cstdint>
#include <cstdio>
#include <exception>
#include <fstream>
#include <optional>
#include <string>
#include <variant>

#include "gymcc/envs/all.hpp"
#include "gymcc/errors.hpp"
#include "gymcc/json.hpp"
#include "gymcc/registry.hpp"

namespace {

int run(int argc, char** argv) {
  if (argc < 5 || argc > 6) {
    std::fprintf(stderr, "usage: %s ENV_ID SEED ACTIONS_JSON OUT.ppm [RESET_OPTIONS_JSON]\n",
                 argv[0]);
    return 2;
  }
  gymcc::MakeOptions options;
  options.render_mode = "rgb_array";
  std::unique_ptr<gymcc::Env> env = gymcc::envs::default_registry().make(argv[1], options);

  const gymcc::Seed seed(std::stoull(argv[2]));
  const gymcc::Value actions = gymcc::json::parse(argv[3]);
  std::optional<gymcc::Value> reset_options;
  if (argc == 6) reset_options = gymcc::json::parse(argv[5]);

  env->reset(seed, reset_options ? &*reset_options : nullptr);
  for (const gymcc::Value& action : actions.as_list()) env->step(action);

  const gymcc::Env::Rendering rendering = env->render();
  const auto* frame = std::get_if<gymcc::Frame>(&rendering);
  if (frame == nullptr) {
    std::fprintf(stderr, "%s did not render an image\n", argv[1]);
    return 1;
  }
  std::ofstream out(argv[4], std::ios::binary);
  out << "P6\n" << frame->width << ' ' << frame->height << "\n255\n";
  out.write(reinterpret_cast<const char*>(frame->rgb.data()),
            static_cast<std::streamsize>(frame->rgb.size()));
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", argv[4]);
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gymcc_render_frame: %s\n", e.what());
    return 1;
  }
}
