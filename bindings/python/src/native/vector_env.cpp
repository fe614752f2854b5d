// gymcc._gymcc.VectorEnv: num_envs sub-envs of one id stepped together in
// C++ with the GIL released (gymcc::VectorEnv, SyncVectorEnv semantics).
//
// Results are numpy views of the vector env's structure-of-arrays buffers:
// no copies, overwritten by the next reset or step. The views are made once
// and returned by every call; their base object (a capsule sharing ownership
// of the C++ vector env) keeps the buffers alive as long as any view lives.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>

#include "bindings.hpp"
#include "common.hpp"
#include "gymcc/envs/all.hpp"
#include "gymcc/registry.hpp"
#include "gymcc/vector_env.hpp"

namespace gymcc::python {
namespace {

class NativeVectorEnv {
 public:
  NativeVectorEnv(const std::string& env_id, std::int64_t num_envs,
                  const std::string& autoreset_mode, nb::handle kwargs,
                  std::optional<std::int64_t> max_episode_steps, std::size_t num_threads, bool copy)
      : copy_(copy) {
    MakeOptions options;
    options.kwargs = from_python(kwargs);
    options.max_episode_steps = max_episode_steps;
    adopt(envs::default_registry().make_vec(env_id, num_envs, parse_autoreset_mode(autoreset_mode),
                                            options),
          num_threads);
  }
  NativeVectorEnv(std::unique_ptr<VectorEnv> env, std::size_t num_threads, bool copy)
      : copy_(copy) {
    adopt(std::move(env), num_threads);
  }

  static NativeVectorEnv from_state(nb::handle state, std::size_t num_threads, bool copy) {
    return NativeVectorEnv(envs::default_registry().make_vec_from_state(from_python(state)),
                           num_threads, copy);
  }

  // The whole vector env's state, or (index) one sub-env's as a single env's.
  nb::object get_state(std::optional<std::int64_t> index) const {
    return to_python(index ? env_->get_env_state(*index) : env_->get_state());
  }
  // → (observations, infos) of the restored vector env.
  nb::object set_state(nb::handle state, std::optional<std::int64_t> index) {
    const Value value = from_python(state);
    if (index) {
      env_->set_env_state(*index, value);
    } else {
      env_->set_state(value);
    }
    nb::object obs = observations_object(env_->observations());
    nb::object infos = infos_object(env_->infos(), "");
    return checked(PyTuple_Pack(2, obs.ptr(), infos.ptr()));
  }

 private:
  void adopt(std::unique_ptr<VectorEnv> env, std::size_t num_threads) {
    env_ = std::move(env);
    owner_ = nb::capsule(new std::shared_ptr<VectorEnv>(env_), [](void* p) noexcept {
      delete static_cast<std::shared_ptr<VectorEnv>*>(p);
    });
    env_->set_num_threads(num_threads);
    flat_action_dtype_ = env_->flat_action_dtype();
    const Shape& shape = env_->action_space().shape();
    action_dims_.assign(shape.begin(), shape.end());
    tuple_observations_ = env_->observation_space().kind() == Space::Kind::kTuple;
  }

 public:
  nb::object reset(nb::handle seed, nb::handle options) {
    const Value* opts = nullptr;
    if (!options.is_none()) {
      from_python(options, options_);
      opts = &options_;
    }
    const Value* observations = nullptr;
    const Value* infos = nullptr;
    if (PyList_Check(seed.ptr()) || PyTuple_Check(seed.ptr())) {
      nb::object seq = checked(PySequence_Fast(seed.ptr(), "seeds"));
      const Py_ssize_t n = PySequence_Fast_GET_SIZE(seq.ptr());
      seeds_.clear();
      for (Py_ssize_t i = 0; i < n; ++i) {
        seeds_.push_back(seed_from_python(PySequence_Fast_GET_ITEM(seq.ptr(), i)));
      }
      const VectorEnv::Reset r = env_->reset(seeds_, opts);
      observations = &r.observations;
      infos = &r.infos;
    } else {
      const VectorEnv::Reset r = env_->reset(seed_from_python(seed), opts);
      observations = &r.observations;
      infos = &r.infos;
    }
    nb::object obs = observations_object(*observations);
    nb::object info = infos_object(*infos, "");
    return checked(PyTuple_Pack(2, obs.ptr(), info.ptr()));
  }

  nb::object step(nb::handle actions) {
    const VectorEnv::Buffers before = env_->buffers();
    if (flat_action_dtype_ && before.observations != nullptr) {
      nb::object batch = action_batch(actions);
      const void* data = PyArray_DATA(reinterpret_cast<PyArrayObject*>(batch.ptr()));
      {
        nb::gil_scoped_release release;
        env_->step_flat(data);
      }
      return results(nullptr);
    }
    from_python(actions, actions_);
    const VectorEnv::Step s = [&] {
      nb::gil_scoped_release release;
      return env_->step(actions_);
    }();
    return results(&s.observations);
  }

  nb::object observation_space() const {
    return to_python(env_->single_observation_space().describe());
  }
  nb::object action_space() const { return to_python(env_->single_action_space().describe()); }
  nb::object spec() const { return to_python(env_->spec().describe()); }
  nb::object kwargs() const { return to_python(env_->kwargs()); }
  std::int64_t num_envs() const noexcept { return env_->num_envs(); }
  std::string autoreset_mode() const {
    return std::string(autoreset_mode_name(env_->autoreset_mode()));
  }
  std::size_t num_threads() const noexcept { return env_->num_threads(); }
  void set_num_threads(std::size_t threads) { env_->set_num_threads(threads); }

 private:
  // The actions as a C-contiguous array of the flat dtype and the batched
  // action space's shape (no copy when they already are one).
  nb::object action_batch(nb::handle actions) const {
    const int type = numpy_type(*flat_action_dtype_);
    int flags = NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_ALIGNED;
    // Float actions are rounded to the env's float type, as the single env
    // does; integer actions must be integers.
    if (is_floating(*flat_action_dtype_)) flags |= NPY_ARRAY_FORCECAST;
    PyObject* converted =
        PyArray_FromAny(actions.ptr(), PyArray_DescrFromType(type), 0, 0, flags, nullptr);
    if (converted == nullptr) {
      nb::python_error error;
      throw Error(ErrorCode::kInvalidAction, std::string("actions must be an array of ") +
                                                 std::string(dtype_name(*flat_action_dtype_)) +
                                                 " of shape " + shape_text() + ": " + error.what());
    }
    nb::object batch = nb::steal(converted);
    auto* array = reinterpret_cast<PyArrayObject*>(converted);
    bool same = PyArray_NDIM(array) == static_cast<int>(action_dims_.size());
    for (std::size_t i = 0; same && i < action_dims_.size(); ++i) {
      same = PyArray_DIM(array, static_cast<int>(i)) == action_dims_[i];
    }
    if (!same) {
      const Shape got(PyArray_DIMS(array), PyArray_DIMS(array) + PyArray_NDIM(array));
      throw Error(ErrorCode::kInvalidAction,
                  "actions must have shape " + shape_text() + ", got " + python::shape_text(got));
    }
    return batch;
  }

  std::string shape_text() const {
    return python::shape_text(Shape(action_dims_.begin(), action_dims_.end()));
  }

  // The array of a result buffer: the cached view of `data` (rebuilt if the
  // buffer ever moved), or a fresh copy of it with copy=True.
  nb::object buffer_array(nb::object& cache, const void* data, int type, const Shape& shape) {
    if (!cache.is_valid() || PyArray_DATA(reinterpret_cast<PyArrayObject*>(cache.ptr())) != data) {
      std::vector<npy_intp> dims(shape.begin(), shape.end());
      nb::object array =
          checked(PyArray_New(&PyArray_Type, static_cast<int>(dims.size()), dims.data(), type,
                              nullptr, const_cast<void*>(data), 0, NPY_ARRAY_CARRAY, nullptr));
      if (PyArray_SetBaseObject(reinterpret_cast<PyArrayObject*>(array.ptr()),
                                owner_.inc_ref().ptr()) != 0) {
        throw nb::python_error();
      }
      cache = std::move(array);
    }
    if (copy_) {
      return checked(PyArray_NewCopy(reinterpret_cast<PyArrayObject*>(cache.ptr()), NPY_CORDER));
    }
    return cache;
  }

  // The batched infos: gymnasium's dict of arrays, in which what Values hold
  // as lists (final_obs, and values of no numpy dtype) are numpy object
  // arrays; final_obs elements are observations (tuples for Tuple spaces).
  nb::object infos_object(const Value& value, std::string_view key) const {
    if (value.is_dict()) {
      nb::object out = checked(PyDict_New());
      for (const auto& [k, item] : value.as_dict()) {
        nb::object v = infos_object(item, k);
        if (PyDict_SetItemString(out.ptr(), k.c_str(), v.ptr()) != 0) throw nb::python_error();
      }
      return out;
    }
    if (!value.is_list()) return to_python(value);
    const List& list = value.as_list();
    npy_intp n = static_cast<npy_intp>(list.size());
    nb::object out = checked(PyArray_SimpleNew(1, &n, NPY_OBJECT));
    auto** items =
        static_cast<PyObject**>(PyArray_DATA(reinterpret_cast<PyArrayObject*>(out.ptr())));
    const bool observations = key == "final_obs";
    for (std::size_t i = 0; i < list.size(); ++i) {
      PyObject* item = to_python(list[i], observations && tuple_observations_).release().ptr();
      Py_XSETREF(items[i], item);
    }
    return out;
  }

  nb::object observations_object(const Value& observations) {
    const VectorEnv::Buffers b = env_->buffers();
    if (b.observations != nullptr) {
      return buffer_array(observations_view_, b.observations, numpy_type(b.observation_dtype),
                          *b.observation_shape);
    }
    return to_python(observations, tuple_observations_);
  }

  // (observations, rewards, terminations, truncations, infos) of the last
  // step; `observations` is the Value form when the buffers have none.
  nb::object results(const Value* observations) {
    const VectorEnv::Buffers b = env_->buffers();
    const Shape flags{env_->num_envs()};
    nb::object obs = b.observations != nullptr ? observations_object(Value())
                                               : to_python(*observations, tuple_observations_);
    nb::object rewards = buffer_array(rewards_view_, b.rewards, NPY_FLOAT64, flags);
    nb::object terminated = buffer_array(terminated_view_, b.terminated, NPY_BOOL, flags);
    nb::object truncated = buffer_array(truncated_view_, b.truncated, NPY_BOOL, flags);
    nb::object infos = infos_object(env_->infos(), "");
    PyObject* out = PyTuple_New(5);
    if (out == nullptr) throw nb::python_error();
    PyTuple_SET_ITEM(out, 0, obs.release().ptr());
    PyTuple_SET_ITEM(out, 1, rewards.release().ptr());
    PyTuple_SET_ITEM(out, 2, terminated.release().ptr());
    PyTuple_SET_ITEM(out, 3, truncated.release().ptr());
    PyTuple_SET_ITEM(out, 4, infos.release().ptr());
    return nb::steal(out);
  }

  std::shared_ptr<VectorEnv> env_;
  nb::object owner_;  // capsule holding a shared_ptr to env_: the views' base
  nb::object observations_view_;
  nb::object rewards_view_;
  nb::object terminated_view_;
  nb::object truncated_view_;
  std::optional<DType> flat_action_dtype_;
  std::vector<npy_intp> action_dims_;
  bool tuple_observations_ = false;
  bool copy_ = false;
  Value actions_;
  Value options_;
  std::vector<std::optional<Seed>> seeds_;
};

}  // namespace

void bind_vector_env(nb::module_& m) {
  nb::class_<NativeVectorEnv>(m, "VectorEnv",
                              "num_envs native sub-envs stepped together with the GIL released. "
                              "Use gymcc.make_vec, which wraps it into a "
                              "gymnasium.vector.VectorEnv.")
      .def(nb::init<const std::string&, std::int64_t, const std::string&, nb::handle,
                    std::optional<std::int64_t>, std::size_t, bool>(),
           nb::arg("env_id"), nb::arg("num_envs"), nb::arg("autoreset_mode"),
           nb::arg("kwargs").none(), nb::arg("max_episode_steps").none(), nb::arg("num_threads"),
           nb::arg("copy"),
           "Makes num_envs sub-envs of `env_id`. autoreset_mode: 'NextStep', 'SameStep' or "
           "'Disabled'; max_episode_steps: None for the registered TimeLimit, -1 for none; "
           "copy: return copies instead of views of the result buffers.")
      .def("reset", &NativeVectorEnv::reset, nb::arg("seed").none(), nb::arg("options").none(),
           "reset(seed, options) -> (observations, infos); seed: None, an int (sub-env i gets "
           "seed + i) or a list of one int-or-None per sub-env")
      .def("step", &NativeVectorEnv::step, nb::arg("actions"),
           "step(actions) -> (observations, rewards, terminations, truncations, infos)")
      .def("single_observation_space", &NativeVectorEnv::observation_space)
      .def("single_action_space", &NativeVectorEnv::action_space)
      .def("spec", &NativeVectorEnv::spec)
      .def("kwargs", &NativeVectorEnv::kwargs)
      .def("get_state", &NativeVectorEnv::get_state, nb::arg("index").none(),
           "The vector env's complete state, or (index) one sub-env's as a single env's")
      .def("set_state", &NativeVectorEnv::set_state, nb::arg("state"), nb::arg("index").none(),
           "Restores a get_state() result (index: into that sub-env) -> (observations, infos)")
      .def_static("from_state", &NativeVectorEnv::from_state, nb::arg("state"),
                  nb::arg("num_threads"), nb::arg("copy"),
                  "A new vector env made from a get_state() result")
      .def_prop_ro("num_envs", &NativeVectorEnv::num_envs)
      .def_prop_ro("autoreset_mode", &NativeVectorEnv::autoreset_mode)
      .def_prop_rw("num_threads", &NativeVectorEnv::num_threads, &NativeVectorEnv::set_num_threads,
                   "Threads a step uses (the caller's included)");
}

}  // namespace gymcc::python
