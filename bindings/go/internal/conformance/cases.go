package main

// The four fixture kinds, replayed through one transport (a Client or a Session).

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	gymcc "github.com/gymcc/gymcc/bindings/go"
)

type maker interface {
	Make(ctx context.Context, envID string, options *gymcc.MakeOptions) (*gymcc.Env, error)
	MakeVec(ctx context.Context, envID string, numEnvs int, options *gymcc.MakeVecOptions) (*gymcc.VectorEnv, error)
}

type failure struct{ reason string }

func (f failure) Error() string { return f.reason }

func fail(format string, args ...any) error { return failure{fmt.Sprintf(format, args...)} }

func check(difference, where string) error {
	if difference != "" {
		return fail("%s: %s", where, difference)
	}
	return nil
}

type json = map[string]any

func bigOf(v any) *big.Int {
	switch x := v.(type) {
	case int64:
		return big.NewInt(x)
	case *big.Int:
		return x
	}
	return nil
}

func intPointer(v any) *int {
	if n, ok := v.(int64); ok {
		i := int(n)
		return &i
	}
	return nil
}

func objectOf(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func makeOptions(args json) *gymcc.MakeOptions {
	mode, _ := args["render_mode"].(string)
	return &gymcc.MakeOptions{Kwargs: objectOf(args["kwargs"]), RenderMode: mode, MaxEpisodeSteps: intPointer(args["max_episode_steps"])}
}

func makeVecOptions(args json) *gymcc.MakeVecOptions {
	mode, _ := args["autoreset_mode"].(string)
	return &gymcc.MakeVecOptions{
		Kwargs: objectOf(args["kwargs"]), MaxEpisodeSteps: intPointer(args["max_episode_steps"]), AutoresetMode: gymcc.AutoresetMode(mode),
	}
}

func vectorResetOptions(seed any, options any) *gymcc.VectorResetOptions {
	o := &gymcc.VectorResetOptions{Options: objectOf(options)}
	if list, ok := seed.([]any); ok {
		o.Seeds = make([]*big.Int, len(list))
		for i, s := range list {
			o.Seeds[i] = bigOf(s)
		}
	} else {
		o.Seed = bigOf(seed)
	}
	return o
}

func episode(ctx context.Context, ep json, m maker) (err error) {
	env, err := m.Make(ctx, ep["id"].(string), &gymcc.MakeOptions{Kwargs: objectOf(ep["kwargs"])})
	if err != nil {
		return err
	}
	defer func() {
		if closeErr := env.Close(ctx); err == nil {
			err = closeErr
		}
	}()
	seed := bigOf(ep["seed"])
	sampled := ep["policy"] == "action_space.sample"
	if sampled {
		if err := env.ActionSpace.Seed(seed); err != nil {
			return err
		}
	}
	reset := objectOf(ep["reset"])
	obs, info, err := env.Reset(ctx, &gymcc.ResetOptions{Seed: seed, Options: objectOf(ep["options"])})
	if err != nil {
		return err
	}
	if err := check(diff(reset["obs"], obs, "$"), "reset obs"); err != nil {
		return err
	}
	if err := check(diff(reset["info"], info, "$"), "reset info"); err != nil {
		return err
	}
	for i, s := range ep["steps"].([]any) {
		step := s.([]any)
		where := fmt.Sprintf("step %d", i+1)
		if sampled {
			if err := check(diff(step[0], env.ActionSpace.Sample(), "$"), where+": action_space.sample()"); err != nil {
				return err
			}
		}
		result, err := env.Step(ctx, step[0])
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		// The API sends every reward as a float; toy text's golden rewards are ints.
		expectedReward, ok := step[2].(float64)
		if n, isInt := step[2].(int64); isInt {
			expectedReward, ok = float64(n), true
		}
		if !ok {
			return fail("%s: a reward that is not a number: %v", where, step[2])
		}
		for _, c := range []struct {
			what             string
			expected, actual any
		}{
			{"obs", step[1], result.Observation},
			{"reward", expectedReward, result.Reward},
			{"terminated", step[3], result.Terminated},
			{"truncated", step[4], result.Truncated},
			{"info", step[5], result.Info},
		} {
			if err := check(diff(c.expected, c.actual, "$"), where+" "+c.what); err != nil {
				return err
			}
		}
	}
	return nil
}

func vectorRun(ctx context.Context, run json, m maker) (err error) {
	envs, err := m.MakeVec(ctx, run["id"].(string), int(run["num_envs"].(int64)), &gymcc.MakeVecOptions{
		Kwargs:          objectOf(run["kwargs"]),
		MaxEpisodeSteps: intPointer(run["max_episode_steps"]),
		AutoresetMode:   gymcc.AutoresetMode(run["autoreset_mode"].(string)),
	})
	if err != nil {
		return err
	}
	defer func() {
		if closeErr := envs.Close(ctx); err == nil {
			err = closeErr
		}
	}()
	if err := envs.ActionSpace.Seed(bigOf(run["action_seed"])); err != nil {
		return err
	}
	for i, c := range run["calls"].([]any) {
		call := c.([]any)
		where := fmt.Sprintf("call %d (%s)", i+1, call[0])
		if call[0] == "reset" {
			// Options travel as plain values (the ndarray extension is for actions and results).
			obs, infos, err := envs.Reset(ctx, vectorResetOptions(call[1], untyped(call[2])))
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			if err := check(diff(call[3], obs, "$"), where+" obs"); err != nil {
				return err
			}
			if err := check(diff(call[4], infos, "$"), where+" infos"); err != nil {
				return err
			}
			continue
		}
		if err := check(diff(call[1], envs.ActionSpace.Sample(), "$"), where+": action_space.sample()"); err != nil {
			return err
		}
		actions := call[1]
		if t, ok := typed(actions); ok {
			if actions, err = typedArray(t); err != nil {
				return err
			}
		}
		result, err := envs.Step(ctx, actions)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		for _, c := range []struct {
			what             string
			expected, actual any
		}{
			{"obs", call[2], result.Observations},
			{"rewards", call[3], result.Rewards},
			{"terminated", call[4], result.Terminated},
			{"truncated", call[5], result.Truncated},
			{"infos", call[6], result.Infos},
		} {
			if err := check(diff(c.expected, c.actual, "$"), where+" "+c.what); err != nil {
				return err
			}
		}
	}
	return nil
}

func errorCase(ctx context.Context, c json, m maker) error {
	args := objectOf(c["args"])
	env := objectOf(c["env"])
	var closers []func(context.Context) error
	defer func() {
		for _, closeInstance := range closers {
			_ = closeInstance(ctx)
		}
	}()
	call := func() error {
		switch c["call"] {
		case "make":
			e, err := m.Make(ctx, args["env_id"].(string), makeOptions(args))
			if err == nil {
				closers = append(closers, e.Close)
			}
			return err
		case "make_vec":
			n, _ := args["num_envs"].(int64)
			v, err := m.MakeVec(ctx, args["env_id"].(string), int(n), makeVecOptions(args))
			if err == nil {
				closers = append(closers, v.Close)
			}
			return err
		case "reset", "step":
			e, err := m.Make(ctx, env["env_id"].(string), makeOptions(env))
			if err != nil {
				return fail("making the env: %v", err)
			}
			closers = append(closers, e.Close)
			if r := objectOf(c["reset"]); r != nil {
				if _, _, err := e.Reset(ctx, &gymcc.ResetOptions{Seed: bigOf(r["seed"])}); err != nil {
					return fail("resetting the env: %v", err)
				}
			}
			if c["call"] == "reset" {
				_, _, err = e.Reset(ctx, &gymcc.ResetOptions{Seed: bigOf(args["seed"]), Options: objectOf(args["options"])})
			} else {
				_, err = e.Step(ctx, args["action"])
			}
			return err
		case "vector_reset", "vector_step":
			n, ok := env["num_envs"].(int64)
			if !ok {
				n = 1
			}
			v, err := m.MakeVec(ctx, env["env_id"].(string), int(n), makeVecOptions(env))
			if err != nil {
				return fail("making the vector env: %v", err)
			}
			closers = append(closers, v.Close)
			if r := objectOf(c["reset"]); r != nil {
				if _, _, err := v.Reset(ctx, vectorResetOptions(r["seed"], nil)); err != nil {
					return fail("resetting the vector env: %v", err)
				}
			}
			if c["call"] == "vector_reset" {
				_, _, err = v.Reset(ctx, vectorResetOptions(args["seed"], args["options"]))
			} else {
				_, err = v.Step(ctx, args["actions"])
			}
			return err
		}
		return fail("unknown call %v", c["call"])
	}
	err := call()
	var f failure
	if errors.As(err, &f) {
		return err
	}
	var server *gymcc.Error
	if !errors.As(err, &server) {
		return fail("expected a *gymcc.Error %v %v, got %v", c["status"], c["code"], err)
	}
	if int64(server.Status) != c["status"].(int64) || server.Code != c["code"] {
		return fail("expected %v %v, got %d %s (%s)", c["status"], c["code"], server.Status, server.Code, server.Detail)
	}
	return nil
}

func spacesCase(ctx context.Context, c json, m maker) error {
	var action, observation gymcc.Space
	if n, ok := c["num_envs"].(int64); ok {
		v, err := m.MakeVec(ctx, c["env_id"].(string), int(n), &gymcc.MakeVecOptions{Kwargs: objectOf(c["kwargs"])})
		if err != nil {
			return err
		}
		defer v.Close(ctx)
		action, observation = v.ActionSpace, v.ObservationSpace
	} else {
		e, err := m.Make(ctx, c["env_id"].(string), &gymcc.MakeOptions{Kwargs: objectOf(c["kwargs"])})
		if err != nil {
			return err
		}
		defer e.Close(ctx)
		action, observation = e.ActionSpace, e.ObservationSpace
	}
	if err := check(spaceDiff(objectOf(c["action_space"]), action, "$"), "action_space"); err != nil {
		return err
	}
	return check(spaceDiff(objectOf(c["observation_space"]), observation, "$"), "observation_space")
}
