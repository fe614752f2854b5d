// gymcc._gymcc.Env: one registry env, stepped from Python. The Python class
// gymcc.envs.GymccEnv wraps it into a gymnasium.Env; its instances call
// `step` here directly, so everything a step returns is built in this file.

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>

#include "bindings.hpp"
#include "common.hpp"
#include "gymcc/envs/all.hpp"
#include "gymcc/registry.hpp"

namespace gymcc::python {
namespace {

// Python's bool singletons, new references.
inline PyObject* py_bool(bool b) noexcept {
  PyObject* o = b ? Py_True : Py_False;
  Py_INCREF(o);
  return o;
}

class NativeEnv {
 public:
  NativeEnv(const std::string& env_id, nb::handle kwargs, std::optional<std::string> render_mode,
            std::optional<std::int64_t> max_episode_steps) {
    MakeOptions options;
    options.kwargs = from_python(kwargs);
    options.render_mode = std::move(render_mode);
    // None keeps the registered limit in gymcc.make's hands: the Python side
    // always passes the limit it wants, -1 for none.
    options.max_episode_steps = max_episode_steps;
    env_ = envs::default_registry().make(env_id, options);
    tuple_observations_ = env_->observation_space().kind() == Space::Kind::kTuple;
  }
  explicit NativeEnv(std::unique_ptr<Env> env)
      : env_(std::move(env)),
        tuple_observations_(env_->observation_space().kind() == Space::Kind::kTuple) {}

  nb::object reset(nb::handle seed, nb::handle options) {
    const std::optional<Seed> s = seed_from_python(seed);
    const Value* opts = nullptr;
    if (!options.is_none()) {
      from_python(options, options_);
      opts = &options_;
    }
    const Env::Reset r = env_->reset(s, opts);
    nb::object obs = observation(r.observation);
    nb::object info = to_python(r.info);
    return checked(PyTuple_Pack(2, obs.ptr(), info.ptr()));
  }

  nb::object step(nb::handle action) {
    set_action(action);
    const Env::Step s = env_->step(action_);
    nb::object obs = observation(s.observation);
    nb::object reward =
        checked(s.reward_is_int ? PyLong_FromLongLong(static_cast<long long>(s.reward))
                                : PyFloat_FromDouble(s.reward));
    nb::object info = to_python(s.info);
    PyObject* out = PyTuple_New(5);
    if (out == nullptr) throw nb::python_error();
    PyTuple_SET_ITEM(out, 0, obs.release().ptr());
    PyTuple_SET_ITEM(out, 1, reward.release().ptr());
    PyTuple_SET_ITEM(out, 2, py_bool(s.terminated));
    PyTuple_SET_ITEM(out, 3, py_bool(s.truncated));
    PyTuple_SET_ITEM(out, 4, info.release().ptr());
    return nb::steal(out);
  }

  nb::object render() {
    Env::Rendering frame = env_->render();
    if (auto* text = std::get_if<std::string>(&frame)) {
      return checked(
          PyUnicode_FromStringAndSize(text->data(), static_cast<Py_ssize_t>(text->size())));
    }
    const Frame& image = std::get<Frame>(frame);
    npy_intp dims[3] = {image.height, image.width, 3};
    nb::object out = checked(PyArray_SimpleNew(3, dims, NPY_UINT8));
    if (!image.rgb.empty()) {
      std::memcpy(PyArray_DATA(reinterpret_cast<PyArrayObject*>(out.ptr())), image.rgb.data(),
                  image.rgb.size());
    }
    return out;
  }

  nb::object observation_space() const { return to_python(env_->observation_space().describe()); }
  nb::object action_space() const { return to_python(env_->action_space().describe()); }
  nb::object spec() const { return to_python(env_->spec().describe()); }
  nb::object kwargs() const { return to_python(env_->kwargs()); }
  std::optional<std::string> render_mode() const { return env_->render_mode(); }
  std::int64_t elapsed_steps() const noexcept { return env_->elapsed_steps(); }

  nb::object get_state() const { return to_python(env_->get_state()); }
  // → (observation, info) of the restored env.
  nb::object set_state(nb::handle state) {
    env_->set_state(from_python(state));
    nb::object obs = observation(env_->observation());
    nb::object info = to_python(env_->info());
    return checked(PyTuple_Pack(2, obs.ptr(), info.ptr()));
  }
  NativeEnv clone() const { return NativeEnv(env_->clone()); }
  static NativeEnv from_state(nb::handle state) {
    return NativeEnv(envs::default_registry().make_from_state(from_python(state)));
  }

 private:
  nb::object observation(const Value& obs) const { return to_python(obs, tuple_observations_); }

  // Integers (the Discrete actions of every hot loop) skip the generic path.
  void set_action(nb::handle action) {
    PyObject* o = action.ptr();
    if (PyLong_CheckExact(o)) {
      int overflow = 0;
      const long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
      if (overflow == 0 && !(v == -1 && PyErr_Occurred())) {
        action_ = Value(static_cast<std::int64_t>(v));
        return;
      }
      PyErr_Clear();
    } else if (PyArray_IsScalar(o, Int64)) {  // what Discrete.sample() returns
      action_ = Value(static_cast<std::int64_t>(PyArrayScalar_VAL(o, Int64)));
      return;
    }
    from_python(action, action_);
  }

  std::unique_ptr<Env> env_;
  Value action_;
  Value options_;
  bool tuple_observations_ = false;
};

}  // namespace

void bind_env(nb::module_& m) {
  nb::class_<NativeEnv>(m, "Env",
                        "One native gymcc environment (TimeLimit and order checks included). "
                        "Use gymcc.make, which wraps it into a gymnasium.Env.")
      .def(nb::init<const std::string&, nb::handle, std::optional<std::string>,
                    std::optional<std::int64_t>>(),
           nb::arg("env_id"), nb::arg("kwargs").none(), nb::arg("render_mode").none(),
           nb::arg("max_episode_steps").none(),
           "Makes `env_id` from gymcc's registry. `max_episode_steps`: None for the "
           "registered TimeLimit, -1 for none.")
      .def("reset", &NativeEnv::reset, nb::arg("seed").none(), nb::arg("options").none(),
           "reset(seed, options) -> (observation, info)")
      .def("step", &NativeEnv::step, nb::arg("action").none(),
           "step(action) -> (observation, reward, terminated, truncated, info)")
      .def("render", &NativeEnv::render,
           "The frame in the env's render mode: str for 'ansi', an (H, W, 3) uint8 array "
           "for 'rgb_array'")
      .def("observation_space", &NativeEnv::observation_space,
           "The observation space's description (a dict)")
      .def("action_space", &NativeEnv::action_space, "The action space's description (a dict)")
      .def("spec", &NativeEnv::spec, "The registry spec's description (a dict)")
      .def("kwargs", &NativeEnv::kwargs, "Every kwarg the env was built with")
      .def("get_state", &NativeEnv::get_state, "The env's complete state (docs/snapshots.md)")
      .def("set_state", &NativeEnv::set_state, nb::arg("state"),
           "Restores a get_state() result -> (observation, info)")
      .def("clone", &NativeEnv::clone, "A new, independent env in the same state")
      .def_static("from_state", &NativeEnv::from_state, nb::arg("state"),
                  "A new env made from a get_state() result")
      .def_prop_ro("render_mode", &NativeEnv::render_mode)
      .def_prop_ro("elapsed_steps", &NativeEnv::elapsed_steps,
                   "Steps since the last reset (the TimeLimit's count)");
}

}  // namespace gymcc::python
