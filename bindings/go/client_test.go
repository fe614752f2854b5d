package gymcc

// The client against a live gymcc serve (and, for what a real server cannot show — the
// headers sent, an answer that never comes — against minimal local servers).

import (
	"context"
	"errors"
	"math"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

func TestMakeResetStepCloseOverREST(t *testing.T) {
	ctx := context.Background()
	client, err := NewClient(startServer(t))
	if err != nil {
		t.Fatal(err)
	}
	env, err := client.Make(ctx, "CartPole-v1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := env.ActionSpace.(*Discrete); !ok || d.N != 2 {
		t.Fatalf("action space %v", env.ActionSpace)
	}
	box := env.ObservationSpace.(*Box)
	if !math.IsInf(box.High[1], 1) {
		t.Fatalf("CartPole's velocity bound %v is not +Inf", box.High[1])
	}
	obs, info, err := env.Reset(ctx, &ResetOptions{Seed: Seed(42)})
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := obs.(*Array); !ok || a.DType != Float32 || len(a.Data.([]float32)) != 4 || len(info) != 0 {
		t.Fatalf("reset: %v %v", obs, info)
	}
	step, err := env.Step(ctx, 1)
	if err != nil || step.Terminated || !box.Contains(step.Observation) {
		t.Fatalf("step: %+v %v", step, err)
	}
	if err := env.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := env.Close(ctx); err != nil {
		t.Fatal("closing twice:", err)
	}
	if _, err := env.Step(ctx, 0); !errors.Is(err, ErrClosed) {
		t.Fatalf("step after close: %v", err)
	}
	live, _ := client.ListEnvs(ctx)
	if _, ok := live[env.InstanceID]; ok {
		t.Fatal("the instance outlived Close")
	}
}

func TestServerErrorsCarryStatusCodeDetail(t *testing.T) {
	ctx := context.Background()
	client, _ := NewClient(startServer(t))
	_, err := client.Make(ctx, "Foo-v0", nil)
	var e *Error
	if !errors.As(err, &e) || e.Status != 400 || e.Code != "unknown_env" || e.Detail != "Environment `Foo` doesn't exist." {
		t.Fatalf("make Foo-v0: %v", err)
	}
	limit := 5
	env, err := client.Make(ctx, "Taxi-v4", &MakeOptions{Kwargs: map[string]any{"is_rainy": true}, MaxEpisodeSteps: &limit})
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close(ctx)
	if _, err := env.Step(ctx, 0); !errors.As(err, &e) || e.Code != "reset_needed" {
		t.Fatalf("step before reset: %v", err)
	}
	if _, _, err := env.Reset(ctx, &ResetOptions{Seed: Seed(3)}); err != nil {
		t.Fatal(err)
	}
	var step StepResult
	for i := 0; i < limit; i++ {
		if step, err = env.Step(ctx, 0); err != nil {
			t.Fatal(err)
		}
	}
	if !step.Truncated {
		t.Fatal("MaxEpisodeSteps did not replace the registered limit")
	}
	if mask, ok := step.Info["action_mask"].([]any); !ok || len(mask) != 6 {
		t.Fatalf("Taxi's info %v", step.Info)
	}
}

func TestInstanceDeletedUnderneath(t *testing.T) {
	ctx := context.Background()
	url := startServer(t)
	client, _ := NewClient(url)
	env, err := client.Make(ctx, "CartPole-v1", nil)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("DELETE", url+"/v1/envs/"+env.InstanceID+"/", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("DELETE: %s", resp.Status)
	}
	var e *Error
	if _, _, err := env.Reset(ctx, nil); !errors.As(err, &e) || e.Status != 404 || e.Code != "instance_not_found" {
		t.Fatalf("reset of a deleted instance: %v", err)
	}
	if err := env.Close(ctx); err != nil {
		t.Fatalf("closing a deleted instance: %v", err)
	}
}

func TestSessionPipelinesSteps(t *testing.T) {
	ctx := context.Background()
	client, _ := NewClient(startServer(t))
	session, err := client.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	envs := make([]*Env, 3)
	for i := range envs {
		if envs[i], err = session.Make(ctx, "CartPole-v1", nil); err != nil {
			t.Fatal(err)
		}
		if _, _, err := envs[i].Reset(ctx, &ResetOptions{Seed: Seed(int64(i))}); err != nil {
			t.Fatal(err)
		}
	}
	calls := make([]*StepCall, len(envs))
	for i, env := range envs {
		calls[i] = env.StepAsync(ctx, 1) // all three in flight before any reply is read
	}
	rest, _ := client.Make(ctx, "CartPole-v1", nil)
	defer rest.Close(ctx)
	for i, call := range calls {
		got, err := call.Wait(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := rest.Reset(ctx, &ResetOptions{Seed: Seed(int64(i))}); err != nil {
			t.Fatal(err)
		}
		want, _ := rest.Step(ctx, 1)
		if got.Observation.(*Array).String() != want.Observation.(*Array).String() ||
			!equalFloats(got.Observation.(*Array).Float64s(), want.Observation.(*Array).Float64s()) || got.Reward != want.Reward {
			t.Fatalf("env %d: pipelined %v, REST %v", i, got, want)
		}
	}
	ids := []string{envs[0].InstanceID, envs[1].InstanceID, envs[2].InstanceID}
	if err := session.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := envs[0].Step(ctx, 1); !errors.Is(err, ErrClosed) {
		t.Fatalf("a step on a closed session: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		live, _ := client.ListEnvs(ctx)
		gone := true
		for _, id := range ids {
			if _, ok := live[id]; ok {
				gone = false
			}
		}
		if gone {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the session's instances outlived it")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

func TestVectorEnvsOverBothTransports(t *testing.T) {
	ctx := context.Background()
	client, _ := NewClient(startServer(t))
	session, err := client.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer session.Close()
	limit := 2
	for _, m := range []interface {
		MakeVec(context.Context, string, int, *MakeVecOptions) (*VectorEnv, error)
	}{client, session} {
		envs, err := m.MakeVec(ctx, "CartPole-v1", 3, &MakeVecOptions{AutoresetMode: SameStep, MaxEpisodeSteps: &limit})
		if err != nil {
			t.Fatal(err)
		}
		if envs.ActionSpace.String() != "MultiDiscrete([2 2 2])" || envs.ObservationSpace.String() != "Box(3, 4) float32" {
			t.Fatalf("batched spaces %v %v", envs.ActionSpace, envs.ObservationSpace)
		}
		if _, _, err := envs.Reset(ctx, &VectorResetOptions{Seed: Seed(7)}); err != nil {
			t.Fatal(err)
		}
		if _, err := envs.Step(ctx, []int{0, 1, 1}); err != nil {
			t.Fatal(err)
		}
		step, err := envs.Step(ctx, envs.ActionSpace.Sample())
		if err != nil {
			t.Fatal(err)
		}
		finals, _ := step.Infos["final_obs"].([]any)
		if len(step.Rewards) != 3 || len(finals) != 3 || !step.Truncated[0] || !step.Truncated[2] {
			t.Fatalf("step %+v", step)
		}
		for _, obs := range finals {
			if a, ok := obs.(*Array); !ok || a.DType != Float32 {
				t.Fatalf("final_obs %v", finals)
			}
		}
		if err := envs.Close(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

func TestHugeSeedsOverBothTransports(t *testing.T) {
	ctx := context.Background()
	client, _ := NewClient(startServer(t))
	session, _ := client.Session(ctx)
	defer session.Close()
	seed, _ := new(big.Int).SetString("340282366920938463463374607431768211459", 10) // 2**128 + 3
	var observations []any
	for _, m := range []interface {
		Make(context.Context, string, *MakeOptions) (*Env, error)
	}{client, session} {
		env, err := m.Make(ctx, "FrozenLake-v1", nil)
		if err != nil {
			t.Fatal(err)
		}
		obs, _, err := env.Reset(ctx, &ResetOptions{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		observations = append(observations, obs)
	}
	if observations[0] != observations[1] {
		t.Fatalf("REST %v, session %v", observations[0], observations[1])
	}
}

func TestAPIKeyIsABearerToken(t *testing.T) {
	ctx := context.Background()
	headers := make(chan http.Header, 4)
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		headers <- r.Header.Clone()
		if strings.HasSuffix(r.URL.Path, "/v1/ws") {
			conn, err := websocket.Accept(w, r, nil)
			if err == nil {
				conn.CloseNow()
			}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(404)
		_, _ = w.Write([]byte(`{"detail":"no","code":"not_found"}`))
	}))
	defer fake.Close()

	client, _ := NewClient(fake.URL, WithAPIKey("s3cret"))
	if _, err := client.Make(ctx, "CartPole-v1", nil); err == nil {
		t.Fatal("expected the fake server's 404")
	}
	if got := (<-headers).Get("Authorization"); got != "Bearer s3cret" {
		t.Fatalf("Authorization %q", got)
	}
	t.Setenv("GYMCC_API_KEY", "from-env")
	client, _ = NewClient(fake.URL)
	_, _ = client.Make(ctx, "CartPole-v1", nil)
	if got := (<-headers).Get("Authorization"); got != "Bearer from-env" {
		t.Fatalf("Authorization from GYMCC_API_KEY: %q", got)
	}
	if session, err := client.Session(ctx); err == nil {
		session.Close()
	}
	if got := (<-headers).Get("Authorization"); got != "Bearer from-env" {
		t.Fatalf("the WebSocket handshake's Authorization: %q", got)
	}
}

func TestTimeoutsAndUnreachableServers(t *testing.T) {
	ctx := context.Background()
	release := make(chan struct{})
	silent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer silent.Close()
	defer close(release)
	client, _ := NewClient(silent.URL, WithTimeout(200*time.Millisecond))
	started := time.Now()
	_, err := client.Make(ctx, "CartPole-v1", nil)
	var connection *ConnectionError
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(started) > 5*time.Second {
		t.Fatalf("a silent server: %v after %v", err, time.Since(started))
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := client.Make(cancelled, "CartPole-v1", nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled context: %v", err)
	}
	closed := httptest.NewServer(http.NotFoundHandler())
	url := closed.URL
	closed.Close()
	client, _ = NewClient(url)
	if _, err := client.Make(ctx, "CartPole-v1", nil); !errors.As(err, &connection) {
		t.Fatalf("no server: %v", err)
	}
}
