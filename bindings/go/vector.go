package gymcc

import (
	"context"
	"fmt"
	"math/big"
	"sync"
)

// AutoresetMode is one of gymnasium's autoreset modes (gymnasium.vector.AutoresetMode values).
type AutoresetMode string

// gymnasium's autoreset modes.
const (
	NextStep AutoresetMode = "NextStep"
	SameStep AutoresetMode = "SameStep"
	Disabled AutoresetMode = "Disabled"
)

// MakeVecOptions are gymnasium.make_vec's arguments besides the id and the number of envs.
type MakeVecOptions struct {
	// AutoresetMode defaults to NextStep, gymnasium's default.
	AutoresetMode AutoresetMode
	// Kwargs are every sub-env's constructor arguments.
	Kwargs map[string]any
	// MaxEpisodeSteps replaces each sub-env's registered time limit; -1 removes it; nil keeps it.
	MaxEpisodeSteps *int
}

// VectorResetOptions are a vector env's reset arguments.
type VectorResetOptions struct {
	// Seed gives sub-env i the seed Seed + i; nil keeps every sub-env's stream.
	Seed *big.Int
	// Seeds, if not nil, gives one seed per sub-env (nil entries: that sub-env's stream goes on).
	Seeds []*big.Int
	// Options are passed to every sub-env; "reset_mask" ([]bool of NumEnvs) resets only those marked.
	Options map[string]any
}

// VectorStepResult is what a vector env's step returns, batched.
type VectorStepResult struct {
	Observations any
	Rewards      []float64
	Terminated   []bool
	Truncated    []bool
	Infos        map[string]any
}

// VectorEnv is NumEnvs copies of one env stepped by one call, with the semantics of
// gymnasium.make_vec(id, NumEnvs, vectorization_mode="sync") (docs/fast-paths.md).
type VectorEnv struct {
	InstanceID    string
	EnvID         string
	NumEnvs       int
	AutoresetMode AutoresetMode
	// ActionSpace and ObservationSpace are the batched spaces (gymnasium's batch_space: a
	// Discrete env's actions are a MultiDiscrete); the Single ones are one sub-env's.
	ActionSpace, ObservationSpace             Space
	SingleActionSpace, SingleObservationSpace Space

	t      transport
	mu     sync.Mutex
	closed bool
}

func makeVectorEnv(ctx context.Context, t transport, envID string, numEnvs int, options *MakeVecOptions) (*VectorEnv, error) {
	if options == nil {
		options = &MakeVecOptions{}
	}
	mode := options.AutoresetMode
	if mode == "" {
		mode = NextStep
	}
	fields := makeFields(envID, options.Kwargs, "", options.MaxEpisodeSteps)
	fields["num_envs"] = numEnvs
	fields["autoreset_mode"] = string(mode)
	return newVectorEnv(ctx, t, envID, numEnvs, mode, fields)
}

// newVectorEnv creates a vector env from make_vec's fields (an env id and its arguments, or a
// state) and reads its spaces.
func newVectorEnv(ctx context.Context, t transport, envID string, numEnvs int, mode AutoresetMode, fields map[string]any) (*VectorEnv, error) {
	created, err := t.call(ctx, "make_vec", fields, true)
	if err != nil {
		return nil, err
	}
	id, err := instanceID(created)
	if err != nil {
		return nil, err
	}
	v := &VectorEnv{InstanceID: id, EnvID: envID, NumEnvs: numEnvs, AutoresetMode: mode, t: t}
	spaces, err := t.call(ctx, "spaces", map[string]any{"instance_id": id}, true)
	for _, s := range []struct {
		name string
		into *Space
	}{
		{"action_space", &v.ActionSpace},
		{"observation_space", &v.ObservationSpace},
		{"single_action_space", &v.SingleActionSpace},
		{"single_observation_space", &v.SingleObservationSpace},
	} {
		if err == nil {
			*s.into, err = spaceField(spaces, s.name)
		}
	}
	if err != nil {
		_, _ = t.call(ctx, "close", map[string]any{"instance_id": id}, true)
		return nil, err
	}
	return v, nil
}

func (v *VectorEnv) do(ctx context.Context, op string, fields map[string]any) (map[string]any, error) {
	v.mu.Lock()
	closed := v.closed
	v.mu.Unlock()
	if closed {
		return nil, fmt.Errorf("gymcc: %s (%s): %w", v.EnvID, v.InstanceID, ErrClosed)
	}
	return v.t.call(ctx, op, fields, true)
}

// Reset resets the sub-envs: batched observations and infos.
func (v *VectorEnv) Reset(ctx context.Context, options *VectorResetOptions) (observations any, infos map[string]any, err error) {
	if options == nil {
		options = &VectorResetOptions{}
	}
	var seed any
	if options.Seeds != nil {
		seed = options.Seeds
	} else if options.Seed != nil {
		seed = options.Seed
	}
	reply, err := v.do(ctx, "reset", resetFields(v.InstanceID, seed, options.Options))
	if err != nil {
		return nil, nil, err
	}
	if observations, err = toObservation(v.ObservationSpace, reply["observations"]); err != nil {
		return nil, nil, err
	}
	infos, err = v.infos(reply["infos"])
	return observations, infos, err
}

// Step steps every sub-env with actions: an element of ActionSpace — an *Array (e.g.
// ActionSpace.Sample()), a slice ([]int{0, 1, 1}, [][]float32{{0.5}, {-1}}) or a []any.
func (v *VectorEnv) Step(ctx context.Context, actions any) (VectorStepResult, error) {
	reply, err := v.do(ctx, "step", map[string]any{"instance_id": v.InstanceID, "actions": actions})
	if err != nil {
		return VectorStepResult{}, err
	}
	var r VectorStepResult
	if r.Observations, err = toObservation(v.ObservationSpace, reply["observations"]); err != nil {
		return r, err
	}
	if r.Rewards, err = floats(reply["rewards"]); err != nil {
		return r, err
	}
	if r.Terminated, err = flags(reply["terminated"]); err != nil {
		return r, err
	}
	if r.Truncated, err = flags(reply["truncated"]); err != nil {
		return r, err
	}
	r.Infos, err = v.infos(reply["infos"])
	return r, err
}

// infos are gymnasium's batched infos; SameStep's "final_obs" in the single space's types.
func (v *VectorEnv) infos(value any) (map[string]any, error) {
	infos := infoOf(value)
	finals, ok := infos["final_obs"].([]any)
	if !ok {
		return infos, nil
	}
	converted := make([]any, len(finals))
	for i, obs := range finals {
		if obs == nil {
			continue
		}
		var err error
		if converted[i], err = toObservation(v.SingleObservationSpace, obs); err != nil {
			return nil, err
		}
	}
	out := make(map[string]any, len(infos))
	for k, e := range infos {
		out[k] = e
	}
	out["final_obs"] = converted
	return out, nil
}

func floats(value any) ([]float64, error) {
	if a, ok := value.(*Array); ok {
		return a.Float64s(), nil
	}
	list, ok := value.([]any)
	if !ok {
		return nil, fmt.Errorf("gymcc: expected a list of rewards, got %v", value)
	}
	out := make([]float64, len(list))
	for i, e := range list {
		var err error
		if out[i], err = toFloat64(e); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func flags(value any) ([]bool, error) {
	if a, ok := value.(*Array); ok {
		if d, isBool := a.Data.([]bool); isBool {
			return d, nil
		}
	}
	list, ok := value.([]any)
	if !ok {
		return nil, fmt.Errorf("gymcc: expected a list of flags, got %v", value)
	}
	out := make([]bool, len(list))
	for i, e := range list {
		b, isBool := e.(bool)
		if !isBool {
			return nil, fmt.Errorf("gymcc: expected a flag, got %v", e)
		}
		out[i] = b
	}
	return out, nil
}

// Close deletes the vector env on the server; closing twice is fine.
func (v *VectorEnv) Close(ctx context.Context) error {
	v.mu.Lock()
	if v.closed {
		v.mu.Unlock()
		return nil
	}
	v.closed = true
	v.mu.Unlock()
	return closeInstance(v.t.call(ctx, "close", map[string]any{"instance_id": v.InstanceID}, true))
}

func (v *VectorEnv) String() string {
	return fmt.Sprintf("VectorEnv(%s x%d %s %s)", v.EnvID, v.NumEnvs, v.AutoresetMode, v.InstanceID)
}
