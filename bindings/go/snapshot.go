package gymcc

// Snapshots (docs/snapshots.md): an env's complete state, restored into an env of the same id,
// kwargs and time limit (SetState), copied on the server (Clone) or made into a new env
// (MakeFromState) — after which the same actions give bit-identical results. A state is the
// server's JSON text, kept as a json.RawMessage byte for byte (decoding it into Go values and
// encoding it again would not give the same text back: 1.0 would become 1), so what is
// restored is exactly what the server wrote, 128-bit generator states (decimal strings)
// included. A session asks for states in JSON messages for the same reason, so a state taken
// over REST restores over a session and the other way round, on this server or on another of
// the same version.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// stateHeader is what the client reads of a state: the env it is of and, for a vector env's,
// how many sub-envs in which autoreset mode. The server validates the rest.
type stateHeader struct {
	EnvID         string        `json:"env_id"`
	NumEnvs       int           `json:"num_envs"`
	AutoresetMode AutoresetMode `json:"autoreset_mode"`
}

// readState checks that a state is a JSON object and reads its header; a field of an
// unexpected type is left zero, for the server to refuse.
func readState(state json.RawMessage) (stateHeader, error) {
	var h stateHeader
	if !json.Valid(state) {
		return h, fmt.Errorf("gymcc: a state must be JSON text (GetState's result): %w", ErrInvalidState)
	}
	var typeError *json.UnmarshalTypeError
	if err := json.Unmarshal(state, &h); err != nil && !errors.As(err, &typeError) {
		return h, fmt.Errorf("gymcc: %v: %w", err, ErrInvalidState)
	}
	if trimmed := bytes.TrimLeft(state, " \t\r\n"); len(trimmed) == 0 || trimmed[0] != '{' {
		return h, fmt.Errorf("gymcc: a state must be a JSON object, got %.40s: %w", state, ErrInvalidState)
	}
	return h, nil
}

// copySpace is an equal space with a generator of its own (seeded from entropy on first use).
func copySpace(space Space) (Space, error) {
	return SpaceFromDescription(space.Describe())
}

func makeEnvFromState(ctx context.Context, t transport, state json.RawMessage) (*Env, error) {
	h, err := readState(state)
	if err != nil {
		return nil, err
	}
	return newEnv(ctx, t, h.EnvID, map[string]any{"state": state})
}

func makeVectorEnvFromState(ctx context.Context, t transport, state json.RawMessage) (*VectorEnv, error) {
	h, err := readState(state)
	if err != nil {
		return nil, err
	}
	return newVectorEnv(ctx, t, h.EnvID, h.NumEnvs, h.AutoresetMode, map[string]any{"state": state})
}

// GetState is the env's complete state (docs/snapshots.md: the env's own variables, its
// generator, the time limit's step count, whether it was reset, the action space's sampler on
// the server), as the server's JSON text. Store it as is (it is a JSON document), give it to
// SetState or MakeFromState, or json.Unmarshal it to look inside.
func (e *Env) GetState(ctx context.Context) (json.RawMessage, error) {
	reply, err := e.do(ctx, "get_state", map[string]any{"instance_id": e.InstanceID})
	if err != nil {
		return nil, err
	}
	return reply["state"].(json.RawMessage), nil
}

// SetState restores a state GetState returned (of this env or another of the same env id,
// kwargs, time limit and render mode) and returns the restored observation and info, as Reset
// does. A malformed, foreign or tampered state is an error for which
// errors.Is(err, ErrInvalidState) holds, and the env is left as it was.
func (e *Env) SetState(ctx context.Context, state json.RawMessage) (observation any, info map[string]any, err error) {
	if _, err := readState(state); err != nil {
		return nil, nil, err
	}
	reply, err := e.do(ctx, "set_state", map[string]any{"instance_id": e.InstanceID, "state": state})
	if err != nil {
		return nil, nil, err
	}
	observation, err = toObservation(e.ObservationSpace, reply["observation"])
	return observation, infoOf(reply["info"]), err
}

// Clone makes a new instance in this one's state, on the server and over the same transport
// (a session's clone belongs to the session), and returns it bound to its own InstanceID.
// Its spaces are equal to this env's, each with a generator of its own. A clone counts as a
// creation (503 at_capacity, 429 quota_exceeded); close it like any env.
func (e *Env) Clone(ctx context.Context) (*Env, error) {
	reply, err := e.do(ctx, "clone", map[string]any{"instance_id": e.InstanceID})
	if err != nil {
		return nil, err
	}
	id, err := instanceID(reply)
	if err != nil {
		return nil, err
	}
	clone := &Env{InstanceID: id, EnvID: e.EnvID, t: e.t}
	clone.ActionSpace, err = copySpace(e.ActionSpace)
	if err == nil {
		clone.ObservationSpace, err = copySpace(e.ObservationSpace)
	}
	if err != nil {
		_, _ = e.t.call(ctx, "close", map[string]any{"instance_id": id}, false)
		return nil, err
	}
	return clone, nil
}

// GetState is the whole vector env's state (docs/snapshots.md, "gymcc.vector_env_state":
// every sub-env's, the batched sampler, the last step's rewards and flags), as the server's
// JSON text. A vector env whose sub-envs were built differently (FrozenLake with
// map_name=None) has none (ErrInvalidState): take its sub-envs' with GetEnvState.
func (v *VectorEnv) GetState(ctx context.Context) (json.RawMessage, error) {
	reply, err := v.do(ctx, "get_state", map[string]any{"instance_id": v.InstanceID})
	if err != nil {
		return nil, err
	}
	return reply["state"].(json.RawMessage), nil
}

// SetState restores a vector env's state (of the same env id, kwargs, time limit, NumEnvs and
// autoreset mode), all or nothing, and returns every sub-env's current observation and info
// (batched, as Reset returns them). errors.Is(err, ErrInvalidState) for a state it refuses.
func (v *VectorEnv) SetState(ctx context.Context, state json.RawMessage) (observations any, infos map[string]any, err error) {
	return v.setState(ctx, map[string]any{"instance_id": v.InstanceID, "state": state})
}

// GetEnvState is sub-env index's state as a single env's ("gymcc.env_state"; MakeFromState
// makes a standalone env of it). An index out of range is an error for which
// errors.Is(err, ErrSubEnvNotFound) holds.
func (v *VectorEnv) GetEnvState(ctx context.Context, index int) (json.RawMessage, error) {
	reply, err := v.do(ctx, "get_state", map[string]any{"instance_id": v.InstanceID, "index": index})
	if err != nil {
		return nil, err
	}
	return reply["state"].(json.RawMessage), nil
}

// SetEnvState restores a single env's state into sub-env index, clearing its flags as a
// masked reset does (the others keep theirs), and returns every sub-env's current observation
// and info, batched.
func (v *VectorEnv) SetEnvState(ctx context.Context, index int, state json.RawMessage) (observations any, infos map[string]any, err error) {
	return v.setState(ctx, map[string]any{"instance_id": v.InstanceID, "state": state, "index": index})
}

func (v *VectorEnv) setState(ctx context.Context, fields map[string]any) (observations any, infos map[string]any, err error) {
	if _, err := readState(fields["state"].(json.RawMessage)); err != nil {
		return nil, nil, err
	}
	reply, err := v.do(ctx, "set_state", fields)
	if err != nil {
		return nil, nil, err
	}
	if observations, err = toObservation(v.ObservationSpace, reply["observations"]); err != nil {
		return nil, nil, err
	}
	infos, err = v.infos(reply["infos"])
	return observations, infos, err
}

// Clone makes a new vector env in this one's state, over the same transport, with equal
// spaces (generators of their own); it is admitted like a creation of NumEnvs sub-envs.
func (v *VectorEnv) Clone(ctx context.Context) (*VectorEnv, error) {
	reply, err := v.do(ctx, "clone", map[string]any{"instance_id": v.InstanceID})
	if err != nil {
		return nil, err
	}
	id, err := instanceID(reply)
	if err != nil {
		return nil, err
	}
	clone := &VectorEnv{InstanceID: id, EnvID: v.EnvID, NumEnvs: v.NumEnvs, AutoresetMode: v.AutoresetMode, t: v.t}
	for _, s := range []struct {
		from Space
		into *Space
	}{
		{v.ActionSpace, &clone.ActionSpace},
		{v.ObservationSpace, &clone.ObservationSpace},
		{v.SingleActionSpace, &clone.SingleActionSpace},
		{v.SingleObservationSpace, &clone.SingleObservationSpace},
	} {
		if err == nil {
			*s.into, err = copySpace(s.from)
		}
	}
	if err != nil {
		_, _ = v.t.call(ctx, "close", map[string]any{"instance_id": id}, true)
		return nil, err
	}
	return clone, nil
}
