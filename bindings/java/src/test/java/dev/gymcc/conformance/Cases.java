package dev.gymcc.conformance;

import static dev.gymcc.conformance.Compare.diff;
import static dev.gymcc.conformance.Compare.spaceDiff;

import dev.gymcc.AutoresetMode;
import dev.gymcc.DType;
import dev.gymcc.Env;
import dev.gymcc.GymccException;
import dev.gymcc.MakeOptions;
import dev.gymcc.MakeVecOptions;
import dev.gymcc.NDArray;
import dev.gymcc.ResetResult;
import dev.gymcc.Space;
import dev.gymcc.StepResult;
import dev.gymcc.VectorEnv;
import dev.gymcc.VectorResetResult;
import dev.gymcc.VectorStepResult;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The four fixture kinds, replayed through one transport (a client or a session). */
final class Cases {
  private Cases() {}

  /** What makes envs: a GymccClient or a Session. */
  interface Maker {
    Env make(String envId, MakeOptions options);

    VectorEnv makeVec(String envId, int numEnvs, MakeVecOptions options);
  }

  /** A case that did not pass, with the reason. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String reason) {
      super(reason);
    }
  }

  static void check(String difference, String where) {
    if (difference != null) throw new Failure(where + ": " + difference);
  }

  static BigInteger bigOf(Object v) {
    if (v instanceof Long l) return BigInteger.valueOf(l);
    return v instanceof BigInteger b ? b : null;
  }

  static Integer intOf(Object v) {
    return v instanceof Long l ? Integer.valueOf(l.intValue()) : null;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> objectOf(Object v) {
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  static MakeOptions makeOptions(Map<String, Object> args) {
    return MakeOptions.defaults().kwargs(objectOf(args.get("kwargs")))
        .renderMode(args.get("render_mode") instanceof String s ? s : null)
        .maxEpisodeSteps(intOf(args.get("max_episode_steps")));
  }

  static MakeVecOptions makeVecOptions(Map<String, Object> args) {
    MakeVecOptions o = MakeVecOptions.defaults().kwargs(objectOf(args.get("kwargs")))
        .maxEpisodeSteps(intOf(args.get("max_episode_steps")));
    return args.get("autoreset_mode") instanceof String s ? o.autoresetMode(s) : o;
  }

  static VectorResetResult vectorReset(VectorEnv envs, Object seed, Map<String, Object> options) {
    if (seed instanceof List<?> list) {
      List<BigInteger> seeds = new ArrayList<>();
      for (Object s : list) seeds.add(bigOf(s));
      return envs.reset(seeds, options);
    }
    return envs.reset(bigOf(seed), options);
  }

  static void episode(Map<String, Object> ep, Maker m) {
    try (Env env = m.make((String) ep.get("id"), MakeOptions.defaults().kwargs(objectOf(ep.get("kwargs"))))) {
      BigInteger seed = bigOf(ep.get("seed"));
      boolean sampled = "action_space.sample".equals(ep.get("policy"));
      if (sampled) env.actionSpace().seed(seed);
      Map<String, Object> reset = objectOf(ep.get("reset"));
      ResetResult first = env.reset(seed, objectOf(ep.get("options")));
      check(diff(reset.get("obs"), first.observation(), "$"), "reset obs");
      check(diff(reset.get("info"), first.info(), "$"), "reset info");
      List<?> steps = (List<?>) ep.get("steps");
      for (int i = 0; i < steps.size(); i++) {
        List<?> step = (List<?>) steps.get(i);
        String where = "step " + (i + 1);
        if (sampled) check(diff(step.get(0), env.actionSpace().sample(), "$"), where + ": action_space.sample()");
        StepResult result;
        try {
          result = env.step(step.get(0));
        } catch (GymccException e) {
          throw new Failure(where + ": " + e.getMessage());
        }
        // The API sends every reward as a float; toy text's golden rewards are ints.
        if (!(step.get(2) instanceof Number reward)) throw new Failure(where + ": a reward that is not a number");
        check(diff(step.get(1), result.observation(), "$"), where + " obs");
        check(diff(reward.doubleValue(), result.reward(), "$"), where + " reward");
        check(diff(step.get(3), result.terminated(), "$"), where + " terminated");
        check(diff(step.get(4), result.truncated(), "$"), where + " truncated");
        check(diff(step.get(5), result.info(), "$"), where + " info");
      }
    }
  }

  static void vectorRun(Map<String, Object> run, Maker m) {
    MakeVecOptions options = MakeVecOptions.defaults().kwargs(objectOf(run.get("kwargs")))
        .maxEpisodeSteps(intOf(run.get("max_episode_steps")))
        .autoresetMode(AutoresetMode.of((String) run.get("autoreset_mode")));
    try (VectorEnv envs = m.makeVec((String) run.get("id"), ((Long) run.get("num_envs")).intValue(), options)) {
      envs.actionSpace().seed(bigOf(run.get("action_seed")));
      List<?> calls = (List<?>) run.get("calls");
      for (int i = 0; i < calls.size(); i++) {
        List<?> call = (List<?>) calls.get(i);
        String where = "call " + (i + 1) + " (" + call.get(0) + ")";
        if ("reset".equals(call.get(0))) {
          // Options travel as plain values (nested lists).
          VectorResetResult r = vectorReset(envs, call.get(1), objectOf(Compare.untyped(call.get(2))));
          check(diff(call.get(3), r.observations(), "$"), where + " obs");
          check(diff(call.get(4), r.infos(), "$"), where + " infos");
          continue;
        }
        check(diff(call.get(1), envs.actionSpace().sample(), "$"), where + ": action_space.sample()");
        Object actions = call.get(1);
        Map<String, Object> t = Compare.typed(actions);
        if (t != null) {
          actions = NDArray.fromList(Compare.untyped(t), DType.of((String) t.get(Compare.ARRAY_TAG)), Compare.ints(t.get("shape")));
        }
        VectorStepResult r = envs.step(actions);
        check(diff(call.get(2), r.observations(), "$"), where + " obs");
        check(diff(call.get(3), r.rewards(), "$"), where + " rewards");
        check(diff(call.get(4), r.terminated(), "$"), where + " terminated");
        check(diff(call.get(5), r.truncated(), "$"), where + " truncated");
        check(diff(call.get(6), r.infos(), "$"), where + " infos");
      }
    }
  }

  static void errorCase(Map<String, Object> c, Maker m) {
    Map<String, Object> args = objectOf(c.get("args"));
    Map<String, Object> env = objectOf(c.get("env"));
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      GymccException error;
      try {
        call(c, args, env, m, opened);
        throw new Failure("expected a GymccException " + c.get("status") + " " + c.get("code") + ", the call succeeded");
      } catch (GymccException e) {
        error = e;
      } catch (Failure f) {
        throw f;
      } catch (RuntimeException e) {
        throw new Failure("expected a GymccException " + c.get("status") + " " + c.get("code") + ", got " + e);
      }
      if (error.status() != (Long) c.get("status") || !error.code().equals(c.get("code"))) {
        throw new Failure("expected " + c.get("status") + " " + c.get("code") + ", got " + error.status() + " "
            + error.code() + " (" + error.detail() + ")");
      }
    } finally {
      for (AutoCloseable o : opened) {
        try {
          o.close();
        } catch (Exception ignored) {
          // Closing is best effort here; the case's verdict is already made.
        }
      }
    }
  }

  private static void call(Map<String, Object> c, Map<String, Object> args, Map<String, Object> env, Maker m,
      List<AutoCloseable> opened) {
    String call = String.valueOf(c.get("call"));
    Map<String, Object> reset = objectOf(c.get("reset"));
    switch (call) {
      case "make":
        opened.add(m.make((String) args.get("env_id"), makeOptions(args)));
        return;
      case "make_vec": {
        int n = args.get("num_envs") instanceof Long l ? l.intValue() : 0;
        opened.add(m.makeVec((String) args.get("env_id"), n, makeVecOptions(args)));
        return;
      }
      case "reset":
      case "step": {
        Env e;
        try {
          e = m.make((String) env.get("env_id"), makeOptions(env));
        } catch (RuntimeException ex) {
          throw new Failure("making the env: " + ex);
        }
        opened.add(e);
        if (reset != null) {
          try {
            e.reset(bigOf(reset.get("seed")), null);
          } catch (RuntimeException ex) {
            throw new Failure("resetting the env: " + ex);
          }
        }
        if (call.equals("reset")) e.reset(bigOf(args.get("seed")), objectOf(args.get("options")));
        else e.step(args.get("action"));
        return;
      }
      case "vector_reset":
      case "vector_step": {
        int n = env.get("num_envs") instanceof Long l ? l.intValue() : 1;
        VectorEnv v;
        try {
          v = m.makeVec((String) env.get("env_id"), n, makeVecOptions(env));
        } catch (RuntimeException ex) {
          throw new Failure("making the vector env: " + ex);
        }
        opened.add(v);
        if (reset != null) {
          try {
            vectorReset(v, reset.get("seed"), null);
          } catch (RuntimeException ex) {
            throw new Failure("resetting the vector env: " + ex);
          }
        }
        if (call.equals("vector_reset")) vectorReset(v, args.get("seed"), objectOf(args.get("options")));
        else v.step(args.get("actions"));
        return;
      }
      default:
        throw new Failure("unknown call " + call);
    }
  }

  static void spacesCase(Map<String, Object> c, Maker m) {
    Space action;
    Space observation;
    Map<String, Object> kwargs = objectOf(c.get("kwargs"));
    if (c.get("num_envs") instanceof Long n) {
      try (VectorEnv v = m.makeVec((String) c.get("env_id"), n.intValue(), MakeVecOptions.defaults().kwargs(kwargs))) {
        action = v.actionSpace();
        observation = v.observationSpace();
      }
    } else {
      try (Env e = m.make((String) c.get("env_id"), MakeOptions.defaults().kwargs(kwargs))) {
        action = e.actionSpace();
        observation = e.observationSpace();
      }
    }
    check(spaceDiff(objectOf(c.get("action_space")), action, "$"), "action_space");
    check(spaceDiff(objectOf(c.get("observation_space")), observation, "$"), "observation_space");
  }
}
