package gymcc

// Env and VectorEnv: gymnasium's model (Reset, Step, spaces, Close) over either transport.
// Results come back in gymnasium's types as Go has them: Discrete observations as int64, Box
// ones as *Array of the space's dtype ([]float32 data for float32), Tuple ones as []any, Dict
// ones as map[string]any; rewards as float64; infos as decoded (ints as int64, floats as
// float64; arrays as []any over REST, *Array over a session).

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sync"
)

// MakeOptions are gymnasium.make's arguments besides the id.
type MakeOptions struct {
	// Kwargs are the env's constructor arguments, e.g. {"sutton_barto_reward": true}.
	Kwargs map[string]any
	// RenderMode is "rgb_array", "ansi", ... ("" for none); the server validates it.
	RenderMode string
	// MaxEpisodeSteps replaces the registered time limit; -1 removes it; nil keeps it.
	MaxEpisodeSteps *int
}

// ResetOptions are gymnasium's reset arguments.
type ResetOptions struct {
	// Seed is any non-negative integer (Seed(42), or a big.Int); nil continues the stream.
	Seed *big.Int
	// Options are the env's reset options, e.g. {"low": -0.02, "high": 0.02}.
	Options map[string]any
}

// StepResult is what gymnasium's step returns.
type StepResult struct {
	Observation any
	Reward      float64
	Terminated  bool
	Truncated   bool
	Info        map[string]any
}

// Env is one environment instance on a server, made by Client.Make (REST) or Session.Make
// (WebSocket). The registered TimeLimit and order checks apply on the server. Use an Env from
// one goroutine at a time; different Envs may step concurrently.
type Env struct {
	// InstanceID is the server's id of the instance.
	InstanceID string
	// EnvID is the id it was made from, e.g. "CartPole-v1".
	EnvID            string
	ActionSpace      Space
	ObservationSpace Space

	t      transport
	mu     sync.Mutex
	closed bool
}

func makeFields(envID string, kwargs map[string]any, renderMode string, maxEpisodeSteps *int) map[string]any {
	fields := map[string]any{"env_id": envID}
	if kwargs != nil {
		fields["kwargs"] = kwargs
	}
	if renderMode != "" {
		fields["render_mode"] = renderMode
	}
	if maxEpisodeSteps != nil {
		fields["max_episode_steps"] = *maxEpisodeSteps
	}
	return fields
}

func spaceField(spaces map[string]any, name string) (Space, error) {
	description, ok := spaces[name].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("gymcc: the server described no %s", name)
	}
	return SpaceFromDescription(description)
}

func instanceID(created map[string]any) (string, error) {
	id, ok := created["instance_id"].(string)
	if !ok {
		return "", fmt.Errorf("gymcc: the server answered no instance_id: %v", created)
	}
	return id, nil
}

func makeEnv(ctx context.Context, t transport, envID string, options *MakeOptions) (*Env, error) {
	if options == nil {
		options = &MakeOptions{}
	}
	return newEnv(ctx, t, envID, makeFields(envID, options.Kwargs, options.RenderMode, options.MaxEpisodeSteps))
}

// newEnv creates an instance from make's fields (an env id and its arguments, or a state) and
// reads its spaces.
func newEnv(ctx context.Context, t transport, envID string, fields map[string]any) (*Env, error) {
	created, err := t.call(ctx, "make", fields, false)
	if err != nil {
		return nil, err
	}
	id, err := instanceID(created)
	if err != nil {
		return nil, err
	}
	env := &Env{InstanceID: id, EnvID: envID, t: t}
	spaces, err := t.call(ctx, "spaces", map[string]any{"instance_id": id}, false)
	if err == nil {
		env.ActionSpace, err = spaceField(spaces, "action_space")
	}
	if err == nil {
		env.ObservationSpace, err = spaceField(spaces, "observation_space")
	}
	if err != nil {
		_, _ = t.call(ctx, "close", map[string]any{"instance_id": id}, false)
		return nil, err
	}
	return env, nil
}

func (e *Env) do(ctx context.Context, op string, fields map[string]any) (map[string]any, error) {
	e.mu.Lock()
	closed := e.closed
	e.mu.Unlock()
	if closed {
		return nil, fmt.Errorf("gymcc: %s (%s): %w", e.EnvID, e.InstanceID, ErrClosed)
	}
	return e.t.call(ctx, op, fields, false)
}

func resetFields(id string, seed any, options map[string]any) map[string]any {
	fields := map[string]any{"instance_id": id}
	if seed != nil {
		fields["seed"] = seed
	}
	if options != nil {
		fields["options"] = options
	}
	return fields
}

// Reset is gymnasium's reset(seed=, options=): the first observation and its info.
func (e *Env) Reset(ctx context.Context, options *ResetOptions) (observation any, info map[string]any, err error) {
	if options == nil {
		options = &ResetOptions{}
	}
	var seed any
	if options.Seed != nil {
		seed = options.Seed
	}
	reply, err := e.do(ctx, "reset", resetFields(e.InstanceID, seed, options.Options))
	if err != nil {
		return nil, nil, err
	}
	observation, err = toObservation(e.ObservationSpace, reply["observation"])
	return observation, infoOf(reply["info"]), err
}

// Step is gymnasium's step(action). The action is an element of the action space: an int
// for Discrete, a []float32 / []float64 / *Array for Box, ActionSpace.Sample()'s result, or
// any JSON-like value (the server checks it as gymnasium does).
func (e *Env) Step(ctx context.Context, action any) (StepResult, error) {
	reply, err := e.do(ctx, "step", map[string]any{"instance_id": e.InstanceID, "action": action})
	if err != nil {
		return StepResult{}, err
	}
	return e.stepResult(reply)
}

func (e *Env) stepResult(reply map[string]any) (StepResult, error) {
	observation, err := toObservation(e.ObservationSpace, reply["observation"])
	if err != nil {
		return StepResult{}, err
	}
	reward, err := toFloat64(reply["reward"])
	if err != nil {
		return StepResult{}, err
	}
	terminated, _ := reply["terminated"].(bool)
	truncated, _ := reply["truncated"].(bool)
	return StepResult{Observation: observation, Reward: reward, Terminated: terminated, Truncated: truncated, Info: infoOf(reply["info"])}, nil
}

// StepCall is a step in flight (StepAsync); Wait gives its result.
type StepCall struct {
	env     *Env
	session *Session
	pending *pendingCall
	result  StepResult
	err     error
}

// StepAsync starts a step without waiting for it. On a session env the request is sent at
// once, so steps of many envs are in flight together (one round trip for all); over REST the
// step completes before StepAsync returns.
func (e *Env) StepAsync(ctx context.Context, action any) *StepCall {
	call := &StepCall{env: e}
	s, isSession := e.t.(*Session)
	if !isSession {
		call.result, call.err = e.Step(ctx, action)
		return call
	}
	e.mu.Lock()
	closed := e.closed
	e.mu.Unlock()
	if closed {
		call.err = fmt.Errorf("gymcc: %s (%s): %w", e.EnvID, e.InstanceID, ErrClosed)
		return call
	}
	call.session = s
	call.pending, call.err = s.send(ctx, "step", map[string]any{"instance_id": e.InstanceID, "action": action})
	return call
}

// Wait returns the step's result.
func (c *StepCall) Wait(ctx context.Context) (StepResult, error) {
	if c.pending == nil || c.err != nil {
		return c.result, c.err
	}
	reply, err := c.session.wait(ctx, c.pending)
	if err != nil {
		return StepResult{}, err
	}
	return c.env.stepResult(reply)
}

// Close deletes the instance on the server; closing twice, or an instance already gone, is fine.
func (e *Env) Close(ctx context.Context) error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	e.mu.Unlock()
	return closeInstance(e.t.call(ctx, "close", map[string]any{"instance_id": e.InstanceID}, false))
}

func (e *Env) String() string { return fmt.Sprintf("Env(%s %s)", e.EnvID, e.InstanceID) }

// closeInstance ignores an instance already gone (deleted, expired, its session closed).
func closeInstance(_ map[string]any, err error) error {
	var server *Error
	if err == nil || errors.Is(err, ErrClosed) || (errors.As(err, &server) && server.Status == 404) {
		return nil
	}
	return err
}

func infoOf(v any) map[string]any {
	if m, ok := v.(map[string]any); ok {
		return m
	}
	return map[string]any{}
}

// toObservation turns a decoded observation (JSON nested lists, or MessagePack *Arrays) into
// the space's types.
func toObservation(space Space, value any) (any, error) {
	switch s := space.(type) {
	case *Discrete:
		n, err := toInt64(value)
		if err != nil {
			return nil, fmt.Errorf("gymcc: a Discrete observation: %w", err)
		}
		return n, nil
	case *Box, *MultiDiscrete, *MultiBinary:
		if a, ok := value.(*Array); ok {
			return a, nil
		}
		return ArrayFromList(value, space.DType(), space.Shape())
	case *Tuple:
		list, ok := value.([]any)
		if !ok || len(list) != len(s.Spaces) {
			return nil, fmt.Errorf("gymcc: a Tuple observation must be a list of %d: %v", len(s.Spaces), value)
		}
		out := make([]any, len(list))
		for i, child := range s.Spaces {
			var err error
			if out[i], err = toObservation(child, list[i]); err != nil {
				return nil, err
			}
		}
		return out, nil
	case *Dict:
		m, ok := value.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("gymcc: a Dict observation must be an object: %v", value)
		}
		out := make(map[string]any, len(s.Keys))
		for _, k := range s.Keys {
			var err error
			if out[k], err = toObservation(s.Spaces[k], m[k]); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("gymcc: no observation type for %v", space)
}
