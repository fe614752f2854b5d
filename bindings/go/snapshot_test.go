package gymcc

// Snapshots against a live gymcc serve: every way back to a state (SetState, Clone,
// MakeFromState, over REST and a session, and across them) continues exactly as the original
// did, step results compared whole and floats bit for bit.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// canonical writes a decoded value exactly: int64 vs float64 kept, floats as their shortest
// round-trip text (NaN, -0 included), arrays with their dtype and shape, map keys sorted.
func canonical(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case *Array:
		return fmt.Sprintf("%s%v%s", x.DType, x.Shape, canonical(x.ToList()))
	case float64:
		return "f" + strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return "f32:" + strconv.FormatFloat(float64(x), 'g', -1, 32)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = canonical(e)
		}
		return "[" + strings.Join(parts, " ") + "]"
	case []float64:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = canonical(e)
		}
		return "[" + strings.Join(parts, " ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = strconv.Quote(k) + ":" + canonical(x[k])
		}
		return "{" + strings.Join(parts, " ") + "}"
	}
	return fmt.Sprintf("%T:%v", v, v)
}

func canonicalStep(s StepResult) string {
	return fmt.Sprintf("obs=%s reward=%s terminated=%v truncated=%v info=%s",
		canonical(s.Observation), canonical(s.Reward), s.Terminated, s.Truncated, canonical(s.Info))
}

// runEnv steps env with the actions from where it is, resetting (seedless, so the env's
// generator goes on) after an episode ends; every result, canonical.
func runEnv(ctx context.Context, t *testing.T, env *Env, actions []any) []string {
	t.Helper()
	var out []string
	for _, action := range actions {
		step, err := env.Step(ctx, action)
		if err != nil {
			t.Fatalf("%v: step: %v", env, err)
		}
		out = append(out, canonicalStep(step))
		if step.Terminated || step.Truncated {
			obs, info, err := env.Reset(ctx, nil)
			if err != nil {
				t.Fatalf("%v: reset: %v", env, err)
			}
			out = append(out, "reset obs="+canonical(obs)+" info="+canonical(info))
		}
	}
	return out
}

func sameRun(t *testing.T, what string, want, got []string) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%s: %d results, the original had %d", what, len(got), len(want))
	}
	for i := range want {
		if want[i] != got[i] {
			t.Fatalf("%s: result %d\n got %s\nwant %s", what, i, got[i], want[i])
		}
	}
}

func sampleActions(t *testing.T, space Space, n int) []any {
	t.Helper()
	if err := space.Seed(Seed(11)); err != nil {
		t.Fatal(err)
	}
	actions := make([]any, n)
	for i := range actions {
		actions[i] = space.Sample()
	}
	return actions
}

type envMaker interface {
	Make(context.Context, string, *MakeOptions) (*Env, error)
	MakeFromState(context.Context, json.RawMessage) (*Env, error)
}

func TestEnvSnapshotsContinueExactly(t *testing.T) {
	ctx := context.Background()
	client, _ := NewClient(startServer(t))
	session, err := client.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer session.Close()
	// FrozenLake is slippery (every step draws from the env's generator); MountainCarContinuous
	// has a Box action and a float32 state.
	envIDs := []string{"FrozenLake-v1", "MountainCarContinuous-v0"}
	restStates := map[string]json.RawMessage{} // taken over REST, restored on the session too
	references := map[string][]string{}        // what followed them
	for _, tr := range []struct {
		name  string
		maker envMaker
	}{{"REST", client}, {"session", session}} {
		t.Run(tr.name, func(t *testing.T) {
			for _, envID := range envIDs {
				what := tr.name + " " + envID
				env, err := tr.maker.Make(ctx, envID, nil)
				if err != nil {
					t.Fatal(err)
				}
				if _, _, err := env.Reset(ctx, &ResetOptions{Seed: Seed(5)}); err != nil {
					t.Fatal(err)
				}
				actions := sampleActions(t, env.ActionSpace, 60)
				before := runEnv(ctx, t, env, actions[:7])
				last := before[len(before)-1]
				state, err := env.GetState(ctx)
				if err != nil {
					t.Fatalf("%s: GetState: %v", what, err)
				}
				var decoded map[string]any
				if err := json.Unmarshal(state, &decoded); err != nil || decoded["format"] != "gymcc.env_state" || decoded["env_id"] != envID {
					t.Fatalf("%s: a state %.200s (%v)", what, state, err)
				}
				clone, err := env.Clone(ctx)
				if err != nil {
					t.Fatalf("%s: Clone: %v", what, err)
				}
				if clone.InstanceID == env.InstanceID || clone.EnvID != envID ||
					clone.ActionSpace.String() != env.ActionSpace.String() || clone.ObservationSpace.String() != env.ObservationSpace.String() {
					t.Fatalf("%s: clone %v of %v: spaces %v %v", what, clone, env, clone.ActionSpace, clone.ObservationSpace)
				}
				want := runEnv(ctx, t, env, actions[7:])
				if reference, ok := references[envID]; ok {
					sameRun(t, what+": the same episode as over REST", reference, want)
				} else {
					restStates[envID], references[envID] = state, want
				}

				obs, info, err := env.SetState(ctx, state)
				if err != nil {
					t.Fatalf("%s: SetState: %v", what, err)
				}
				// The restored observation and info are the snapshot's: the 7th step's, or
				// those of the reset after it.
				if !strings.Contains(last, "obs="+canonical(obs)+" ") || !strings.HasSuffix(last, " info="+canonical(info)) {
					t.Fatalf("%s: restored %s %s, the snapshot's result %s", what, canonical(obs), canonical(info), last)
				}
				sameRun(t, what+" SetState", want, runEnv(ctx, t, env, actions[7:]))
				sameRun(t, what+" Clone", want, runEnv(ctx, t, clone, actions[7:]))
				made, err := tr.maker.MakeFromState(ctx, state)
				if err != nil {
					t.Fatalf("%s: MakeFromState: %v", what, err)
				}
				if made.EnvID != envID || made.InstanceID == env.InstanceID || made.ObservationSpace.String() != env.ObservationSpace.String() {
					t.Fatalf("%s: MakeFromState: %v", what, made)
				}
				sameRun(t, what+" MakeFromState", want, runEnv(ctx, t, made, actions[7:]))
				if tr.maker == envMaker(session) {
					// A state taken over REST, restored and made on the session.
					if _, _, err := env.SetState(ctx, restStates[envID]); err != nil {
						t.Fatalf("%s: SetState of REST's state: %v", what, err)
					}
					sameRun(t, what+" SetState of REST's state", want, runEnv(ctx, t, env, actions[7:]))
					other, err := tr.maker.MakeFromState(ctx, restStates[envID])
					if err != nil {
						t.Fatalf("%s: MakeFromState of REST's state: %v", what, err)
					}
					sameRun(t, what+" MakeFromState of REST's state", want, runEnv(ctx, t, other, actions[7:]))
					_ = other.Close(ctx)
				}
				// A state restores any number of times; the env's own state moves on.
				again, err := env.GetState(ctx)
				if err != nil || bytes.Equal(again, state) {
					t.Fatalf("%s: the state after more steps is the snapshot's (%v)", what, err)
				}
				for _, e := range []*Env{made, clone, env} {
					_ = e.Close(ctx)
				}
			}
		})
	}
}

func TestInvalidStatesAndMissingInstances(t *testing.T) {
	ctx := context.Background()
	url := startServer(t)
	client, _ := NewClient(url)
	session, err := client.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer session.Close()
	for _, tr := range []struct {
		name  string
		maker envMaker
	}{{"REST", client}, {"session", session}} {
		t.Run(tr.name, func(t *testing.T) { invalidStatesAndMissingInstances(ctx, t, url, tr.maker) })
	}
	var e *Error
	unknown := &Env{InstanceID: "no-such-instance", EnvID: "CartPole-v1", t: client.rest}
	if _, err := unknown.GetState(ctx); !errors.As(err, &e) || e.Status != 404 || e.Code != "instance_not_found" {
		t.Fatalf("GetState of an unknown id: %v", err)
	}
}

func invalidStatesAndMissingInstances(ctx context.Context, t *testing.T, url string, maker envMaker) {
	lake, err := maker.Make(ctx, "FrozenLake-v1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := lake.Reset(ctx, &ResetOptions{Seed: Seed(2)}); err != nil {
		t.Fatal(err)
	}
	pole, _ := maker.Make(ctx, "CartPole-v1", nil)
	if _, _, err := pole.Reset(ctx, &ResetOptions{Seed: Seed(2)}); err != nil {
		t.Fatal(err)
	}
	dry, _ := maker.Make(ctx, "FrozenLake-v1", &MakeOptions{Kwargs: map[string]any{"is_slippery": false}})
	foreign, err := pole.GetState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	otherKwargs, _ := dry.GetState(ctx)
	own, _ := lake.GetState(ctx)
	tampered := bytes.Replace(own, []byte(`"s":0`), []byte(`"s":16`), 1)
	if bytes.Equal(tampered, own) {
		t.Fatalf("no \"s\":0 in %s", own)
	}
	for name, state := range map[string]json.RawMessage{
		"another env id": foreign, "other kwargs": otherKwargs, "a tampered state": tampered,
		"not JSON": json.RawMessage(`{"format":`), "not an object": json.RawMessage(`[1, 2]`),
	} {
		_, _, err := lake.SetState(ctx, state)
		var e *Error
		if !errors.Is(err, ErrInvalidState) || errors.Is(err, ErrInstanceNotFound) {
			t.Fatalf("SetState of %s: %v", name, err)
		}
		if errors.As(err, &e) && (e.Status != 400 || e.Code != "invalid_state" || e.Detail == "") {
			t.Fatalf("SetState of %s: %+v", name, e)
		}
	}
	if after, _ := lake.GetState(ctx); !bytes.Equal(after, own) {
		t.Fatalf("a refused SetState changed the env:\n%s\n%s", own, after)
	}
	if _, err := maker.MakeFromState(ctx, tampered); !errors.Is(err, ErrInvalidState) {
		t.Fatalf("MakeFromState of a tampered state: %v", err)
	}

	// An instance deleted underneath: not found, for every snapshot call.
	req, _ := http.NewRequest("DELETE", url+"/v1/envs/"+lake.InstanceID+"/", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, err := lake.GetState(ctx); !errors.Is(err, ErrInstanceNotFound) {
		t.Fatalf("GetState of a deleted instance: %v", err)
	}
	if _, _, err := lake.SetState(ctx, own); !errors.Is(err, ErrInstanceNotFound) || errors.Is(err, ErrInvalidState) {
		t.Fatalf("SetState of a deleted instance: %v", err)
	}
	var e *Error
	if _, err := lake.Clone(ctx); !errors.As(err, &e) || e.Status != 404 || !errors.Is(err, ErrInstanceNotFound) {
		t.Fatalf("Clone of a deleted instance: %v", err)
	}
	// Its state lives on: a new instance from it.
	revived, err := maker.MakeFromState(ctx, own)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := revived.GetState(ctx); !bytes.Equal(got, own) {
		t.Fatalf("MakeFromState then GetState:\n%s\n%s", own, got)
	}
	if err := lake.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := lake.GetState(ctx); !errors.Is(err, ErrClosed) {
		t.Fatalf("GetState after Close: %v", err)
	}
	for _, env := range []*Env{pole, dry, revived} {
		_ = env.Close(ctx)
	}
}

func runVector(ctx context.Context, t *testing.T, v *VectorEnv, actions []any) []string {
	t.Helper()
	out := make([]string, len(actions))
	for i, a := range actions {
		step, err := v.Step(ctx, a)
		if err != nil {
			t.Fatalf("%v: step %d: %v", v, i, err)
		}
		out[i] = fmt.Sprintf("obs=%s rewards=%s terminated=%v truncated=%v infos=%s",
			canonical(step.Observations), canonical(step.Rewards), step.Terminated, step.Truncated, canonical(step.Infos))
	}
	return out
}

type vectorMaker interface {
	MakeVec(context.Context, string, int, *MakeVecOptions) (*VectorEnv, error)
	MakeVecFromState(context.Context, json.RawMessage) (*VectorEnv, error)
	MakeFromState(context.Context, json.RawMessage) (*Env, error)
}

func TestVectorEnvSnapshotsContinueExactly(t *testing.T) {
	ctx := context.Background()
	client, _ := NewClient(startServer(t))
	session, err := client.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer session.Close()
	for _, tr := range []struct {
		name  string
		maker vectorMaker
	}{{"REST", client}, {"session", session}} {
		t.Run(tr.name, func(t *testing.T) { vectorSnapshots(ctx, t, client, tr.name, tr.maker) })
	}
}

func vectorSnapshots(ctx context.Context, t *testing.T, client *Client, name string, maker vectorMaker) {
	for _, mode := range []AutoresetMode{NextStep, SameStep} {
		what := fmt.Sprintf("%s %s", name, mode)
		envs, err := maker.MakeVec(ctx, "FrozenLake-v1", 3, &MakeVecOptions{AutoresetMode: mode})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := envs.Reset(ctx, &VectorResetOptions{Seed: Seed(9)}); err != nil {
			t.Fatal(err)
		}
		actions := sampleActions(t, envs.ActionSpace, 40)
		runVector(ctx, t, envs, actions[:5])
		state, err := envs.GetState(ctx)
		if err != nil {
			t.Fatalf("%s: GetState: %v", what, err)
		}
		sub, err := envs.GetEnvState(ctx, 1)
		if err != nil {
			t.Fatalf("%s: GetEnvState: %v", what, err)
		}
		var header map[string]any
		if err := json.Unmarshal(sub, &header); err != nil || header["format"] != "gymcc.env_state" {
			t.Fatalf("%s: a sub-env's state %.200s", what, sub)
		}
		clone, err := envs.Clone(ctx)
		if err != nil {
			t.Fatalf("%s: Clone: %v", what, err)
		}
		if clone.InstanceID == envs.InstanceID || clone.NumEnvs != 3 || clone.AutoresetMode != mode ||
			clone.ObservationSpace.String() != envs.ObservationSpace.String() || clone.SingleActionSpace.String() != envs.SingleActionSpace.String() {
			t.Fatalf("%s: clone %v of %v", what, clone, envs)
		}
		want := runVector(ctx, t, envs, actions[5:])

		if _, _, err := envs.SetState(ctx, state); err != nil {
			t.Fatalf("%s: SetState: %v", what, err)
		}
		sameRun(t, what+" SetState", want, runVector(ctx, t, envs, actions[5:]))
		sameRun(t, what+" Clone", want, runVector(ctx, t, clone, actions[5:]))
		made, err := maker.MakeVecFromState(ctx, state)
		if err != nil {
			t.Fatalf("%s: MakeVecFromState: %v", what, err)
		}
		if made.EnvID != "FrozenLake-v1" || made.NumEnvs != 3 || made.AutoresetMode != mode {
			t.Fatalf("%s: MakeVecFromState: %v", what, made)
		}
		sameRun(t, what+" MakeVecFromState", want, runVector(ctx, t, made, actions[5:]))

		// Sub-env 1 alone: as a standalone env, it steps as it did in the vector env until
		// its episode ends (after which the vector env's autoreset takes over).
		single, err := maker.MakeFromState(ctx, sub)
		if err != nil {
			t.Fatalf("%s: MakeFromState of a sub-env's state: %v", what, err)
		}
		if _, _, err := envs.SetState(ctx, state); err != nil {
			t.Fatal(err)
		}
		for i, a := range actions[5:] {
			action := a.(*Array).Int64s()[1]
			got, err := single.Step(ctx, action)
			if err != nil {
				t.Fatal(err)
			}
			batch, err := envs.Step(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			var obs any = batch.Observations.(*Array).Int64s()[1]
			if mode == SameStep && (batch.Terminated[1] || batch.Truncated[1]) {
				obs = batch.Infos["final_obs"].([]any)[1] // the batch has the reset's
			}
			if got.Observation != obs || math.Float64bits(got.Reward) != math.Float64bits(batch.Rewards[1]) ||
				got.Terminated != batch.Terminated[1] || got.Truncated != batch.Truncated[1] {
				t.Fatalf("%s: step %d: standalone %+v, sub-env 1: %v %v %v %v", what, i, got, obs, batch.Rewards[1], batch.Terminated[1], batch.Truncated[1])
			}
			if got.Terminated || got.Truncated {
				break
			}
		}
		// Restoring sub-env 1 alone brings back its observation and leaves the others'.
		if _, err := envs.Step(ctx, actions[0]); err != nil {
			t.Fatal(err)
		}
		current, err := envs.GetState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sub0, _ := envs.GetEnvState(ctx, 0)
		observations, _, err := envs.SetEnvState(ctx, 1, sub)
		if err != nil {
			t.Fatalf("%s: SetEnvState: %v", what, err)
		}
		if got, _ := envs.GetEnvState(ctx, 1); !bytes.Equal(got, sub) {
			t.Fatalf("%s: GetEnvState(1) after SetEnvState(1):\n%s\nwant %s", what, got, sub)
		}
		if got, _ := envs.GetEnvState(ctx, 0); !bytes.Equal(got, sub0) {
			t.Fatalf("%s: SetEnvState(1) changed sub-env 0:\n%s\nwas %s", what, got, sub0)
		}
		var subHeader struct {
			Env struct {
				Observation int64 `json:"observation"`
			} `json:"env"`
		}
		var vecHeader struct {
			Envs []struct {
				Env struct {
					Observation int64 `json:"observation"`
				} `json:"env"`
			} `json:"envs"`
		}
		if err := json.Unmarshal(sub, &subHeader); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(current, &vecHeader); err != nil || len(vecHeader.Envs) != 3 {
			t.Fatalf("a vector env's state %.300s (%v)", current, err)
		}
		got := observations.(*Array).Int64s()
		if got[1] != subHeader.Env.Observation || got[0] != vecHeader.Envs[0].Env.Observation || got[2] != vecHeader.Envs[2].Env.Observation {
			t.Fatalf("%s: after SetEnvState(1): %v; sub-env 1's state %d, the others' %d %d", what, got,
				subHeader.Env.Observation, vecHeader.Envs[0].Env.Observation, vecHeader.Envs[2].Env.Observation)
		}

		// Errors: an index out of range, foreign states, a deleted instance.
		if _, err := envs.GetEnvState(ctx, 3); !errors.Is(err, ErrSubEnvNotFound) || errors.Is(err, ErrInstanceNotFound) {
			t.Fatalf("%s: GetEnvState(3): %v", what, err)
		}
		if _, _, err := envs.SetEnvState(ctx, 3, sub); !errors.Is(err, ErrSubEnvNotFound) {
			t.Fatalf("%s: SetEnvState(3): %v", what, err)
		}
		if _, _, err := envs.SetState(ctx, sub); !errors.Is(err, ErrInvalidState) {
			t.Fatalf("%s: SetState of a single env's state: %v", what, err)
		}
		if _, _, err := envs.SetEnvState(ctx, 0, state); !errors.Is(err, ErrInvalidState) {
			t.Fatalf("%s: SetEnvState of a vector env's state: %v", what, err)
		}
		other, err := maker.MakeVec(ctx, "FrozenLake-v1", 2, &MakeVecOptions{AutoresetMode: mode})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := other.SetState(ctx, state); !errors.Is(err, ErrInvalidState) {
			t.Fatalf("%s: SetState of a 3-env state into 2 envs: %v", what, err)
		}
		if _, err := maker.MakeVecFromState(ctx, bytes.Replace(state, []byte(`"num_envs":3`), []byte(`"num_envs":-3`), 1)); !errors.Is(err, ErrInvalidState) {
			t.Fatalf("%s: MakeVecFromState of num_envs -3: %v", what, err)
		}
		id := other.InstanceID
		if _, err := client.rest.object(ctx, "DELETE", "/v1/vector_envs/"+id+"/", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := other.GetState(ctx); !errors.Is(err, ErrInstanceNotFound) {
			t.Fatalf("%s: GetState of a deleted vector env: %v", what, err)
		}
		if _, err := other.GetEnvState(ctx, 0); !errors.Is(err, ErrInstanceNotFound) {
			t.Fatalf("%s: GetEnvState of a deleted vector env: %v", what, err)
		}
		if _, err := other.Clone(ctx); !errors.Is(err, ErrInstanceNotFound) {
			t.Fatalf("%s: Clone of a deleted vector env: %v", what, err)
		}
		for _, v := range []*VectorEnv{envs, clone, made, other} {
			_ = v.Close(ctx)
		}
		_ = single.Close(ctx)
	}
}
