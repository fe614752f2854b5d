// Command dmenvrpc-cartpole plays CartPole-v1 on a gymcc server through
// DeepMind's dm_env_rpc protocol (the gRPC service that `gymcc serve
// --grpc-port` opens) and prints every step as one JSON line.
//
// The policy is fixed so that the output is reproducible: the k-th action of
// an episode (k = 0, 1, ...) is k % 2. Each line is
//
//	{"episode":e,"t":t,"state":"RUNNING","observation":[...],"reward":r}
//
// where t counts the env steps taken in the episode: t = 0 is the reset
// observation, and the line with t > 0 follows action (t-1) % 2.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	pb "github.com/gymcc/gymcc/examples/grpc/go/gen/dmenvrpc"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:50051", "host:port of the dm_env_rpc gRPC service")
	seed := flag.Int64("seed", 0, "seed of the first reset")
	episodes := flag.Int("episodes", 1, "number of episodes to play")
	maxSteps := flag.Int64("max-episode-steps", 0, "time limit of the episodes (0: the env's own)")
	timeout := flag.Duration("timeout", time.Minute, "deadline of the whole run")
	flag.Parse()
	if flag.NArg() > 0 || *episodes < 0 || *maxSteps < 0 {
		flag.Usage()
		os.Exit(2)
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	out := bufio.NewWriter(os.Stdout)
	err := run(ctx, *addr, *seed, *episodes, *maxSteps, out)
	// Lines written before a failure are still worth seeing.
	if flushErr := out.Flush(); err == nil {
		err = flushErr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "dmenvrpc-cartpole:", err)
		os.Exit(1)
	}
}

// stepLine is one line of output.
type stepLine struct {
	Episode int    `json:"episode"`
	T       int    `json:"t"`
	State   string `json:"state"`
	// encoding/json writes float32 values with the fewest digits that parse
	// back to the same float32, so the observations survive exactly.
	Observation []float32 `json:"observation"`
	Reward      float64   `json:"reward"`
}

func run(ctx context.Context, addr string, seed int64, episodes int, maxSteps int64, out *bufio.Writer) (err error) {
	conn, err := grpc.DialContext(ctx, addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return fmt.Errorf("dial %s: %w", addr, err)
	}
	defer conn.Close()

	// One Process stream carries the whole session: a world joined on it is
	// left by the server when the stream ends.
	stream, err := pb.NewEnvironmentClient(conn).Process(ctx)
	if err != nil {
		return fmt.Errorf("open stream: %w", err)
	}
	s := &session{stream: stream}
	defer func() {
		if closeErr := s.close(); err == nil {
			err = closeErr
		}
	}()

	settings := map[string]*pb.Tensor{
		"env_id": stringTensor("CartPole-v1"),
		"seed":   int64Tensor(seed),
	}
	if maxSteps > 0 {
		settings["max_episode_steps"] = int64Tensor(maxSteps)
	}
	created, err := s.call(&pb.EnvironmentRequest{Payload: &pb.EnvironmentRequest_CreateWorld{
		CreateWorld: &pb.CreateWorldRequest{Settings: settings},
	}})
	if err != nil {
		return fmt.Errorf("CreateWorld: %w", err)
	}
	world := created.GetCreateWorld().GetWorldName()
	// The world outlives the stream unless destroyed, so it is destroyed
	// however the run ends (after leaving it, which DestroyWorld requires).
	joined := false
	defer func() {
		if cleanupErr := s.cleanup(world, joined); err == nil {
			err = cleanupErr
		}
	}()

	joinedResp, err := s.call(&pb.EnvironmentRequest{Payload: &pb.EnvironmentRequest_JoinWorld{
		JoinWorld: &pb.JoinWorldRequest{WorldName: world},
	}})
	if err != nil {
		return fmt.Errorf("JoinWorld %s: %w", world, err)
	}
	joined = true
	specs := joinedResp.GetJoinWorld().GetSpecs()

	// uids are the server's to choose: look them up by name, and check the
	// types this program relies on.
	actionUID, err := uidOf(specs.GetActions(), "action", pb.DataType_INT64)
	if err != nil {
		return err
	}
	observationUID, err := uidOf(specs.GetObservations(), "observation", pb.DataType_FLOAT)
	if err != nil {
		return err
	}
	rewardUID, err := uidOf(specs.GetObservations(), "reward", pb.DataType_DOUBLE)
	if err != nil {
		return err
	}
	requested := []uint64{observationUID, rewardUID}

	enc := json.NewEncoder(out)
	for episode := 0; episode < episodes; episode++ {
		// The first Step of an episode resets the env (its actions would be
		// ignored, so it sends none) and answers the reset observation.
		var actions map[uint64]*pb.Tensor
		for t := 0; ; t++ {
			resp, err := s.call(&pb.EnvironmentRequest{Payload: &pb.EnvironmentRequest_Step{
				Step: &pb.StepRequest{Actions: actions, RequestedObservations: requested},
			}})
			if err != nil {
				return fmt.Errorf("Step (episode %d, t %d): %w", episode, t, err)
			}
			step := resp.GetStep()
			line := stepLine{Episode: episode, T: t, State: step.GetState().String()}
			if line.Observation, err = floats(step.GetObservations()[observationUID]); err != nil {
				return fmt.Errorf("observation: %w", err)
			}
			if line.Reward, err = double(step.GetObservations()[rewardUID]); err != nil {
				return fmt.Errorf("reward: %w", err)
			}
			if err := enc.Encode(line); err != nil {
				return err
			}
			if step.GetState() != pb.EnvironmentStateType_RUNNING {
				break // TERMINATED or INTERRUPTED: the next Step resets.
			}
			actions = map[uint64]*pb.Tensor{actionUID: int64Tensor(int64(t % 2))}
		}
	}
	return nil
}

// session sends requests on a Process stream and waits for each reply: the
// service answers requests in order, one reply each.
type session struct {
	stream pb.Environment_ProcessClient
}

// call sends one request and returns its reply, turning an error reply (a
// google.rpc.Status inside the response) into a gRPC status error.
func (s *session) call(req *pb.EnvironmentRequest) (*pb.EnvironmentResponse, error) {
	if err := s.stream.Send(req); err != nil {
		return nil, err
	}
	resp, err := s.stream.Recv()
	if err != nil {
		return nil, err
	}
	if e := resp.GetError(); e != nil {
		return nil, status.ErrorProto(e)
	}
	return resp, nil
}

// cleanup leaves (if joined) and destroys the world. DestroyWorld is tried
// even when LeaveWorld fails; the first error is the one returned.
// (errors.Join would keep both, but it needs Go 1.20.)
func (s *session) cleanup(world string, joined bool) error {
	var leaveErr error
	if joined {
		if _, err := s.call(&pb.EnvironmentRequest{Payload: &pb.EnvironmentRequest_LeaveWorld{
			LeaveWorld: &pb.LeaveWorldRequest{},
		}}); err != nil {
			leaveErr = fmt.Errorf("LeaveWorld: %w", err)
		}
	}
	if _, err := s.call(&pb.EnvironmentRequest{Payload: &pb.EnvironmentRequest_DestroyWorld{
		DestroyWorld: &pb.DestroyWorldRequest{WorldName: world},
	}}); err != nil && leaveErr == nil {
		return fmt.Errorf("DestroyWorld %s: %w", world, err)
	}
	return leaveErr
}

// close ends the stream and waits for the server to end it too, so that the
// requests sent before are known to be processed.
func (s *session) close() error {
	if err := s.stream.CloseSend(); err != nil {
		return err
	}
	switch _, err := s.stream.Recv(); {
	case errors.Is(err, io.EOF):
		return nil
	case err != nil:
		return err
	default:
		return errors.New("a reply after the last request")
	}
}

func uidOf(specs map[uint64]*pb.TensorSpec, name string, dtype pb.DataType) (uint64, error) {
	for uid, spec := range specs {
		if spec.GetName() == name {
			if spec.GetDtype() != dtype {
				return 0, fmt.Errorf("spec %q is %v, want %v", name, spec.GetDtype(), dtype)
			}
			return uid, nil
		}
	}
	return 0, fmt.Errorf("no spec named %q", name)
}

func stringTensor(v string) *pb.Tensor {
	return &pb.Tensor{Payload: &pb.Tensor_Strings{Strings: &pb.Tensor_StringArray{Array: []string{v}}}}
}

// int64Tensor is a scalar: no shape.
func int64Tensor(v int64) *pb.Tensor {
	return &pb.Tensor{Payload: &pb.Tensor_Int64S{Int64S: &pb.Tensor_Int64Array{Array: []int64{v}}}}
}

func floats(t *pb.Tensor) ([]float32, error) {
	p, ok := t.GetPayload().(*pb.Tensor_Floats)
	if !ok {
		return nil, fmt.Errorf("want a float tensor, got %T", t.GetPayload())
	}
	return p.Floats.GetArray(), nil
}

func double(t *pb.Tensor) (float64, error) {
	p, ok := t.GetPayload().(*pb.Tensor_Doubles)
	if !ok || len(p.Doubles.GetArray()) != 1 {
		return 0, fmt.Errorf("want a scalar double tensor, got %v", t)
	}
	return p.Doubles.GetArray()[0], nil
}
