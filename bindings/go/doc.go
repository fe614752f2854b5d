// Package gymcc is a client for gymcc serve: Gymnasium's environments over HTTP and
// WebSocket, in gymnasium's model.
//
//	client, _ := gymcc.NewClient("http://127.0.0.1:5000")
//	env, err := client.Make(ctx, "CartPole-v1", nil)
//	obs, info, err := env.Reset(ctx, &gymcc.ResetOptions{Seed: gymcc.Seed(42)})
//	env.ActionSpace.Seed(gymcc.Seed(42))
//	step, err := env.Step(ctx, env.ActionSpace.Sample())
//	// step.Observation, step.Reward, step.Terminated, step.Truncated, step.Info
//	env.Close(ctx)
//
// Every call takes a context. Spaces are typed (Discrete, Box, MultiDiscrete, MultiBinary,
// Tuple, Dict); a seeded Sample draws exactly what gymnasium's space draws for the same seed.
// Vector envs (Client.MakeVec) follow gymnasium.make_vec(..., vectorization_mode="sync") in
// all three autoreset modes; a Session (Client.Session) carries many pipelined calls over
// one WebSocket in MessagePack. Snapshots (Env.GetState, SetState, Clone, Client.MakeFromState
// and their VectorEnv twins) save and restore an env's complete state, bit-exactly. Server
// errors are *Error values with Status, Code and Detail; errors.Is matches ErrInvalidState,
// ErrInstanceNotFound and ErrSubEnvNotFound against them.
package gymcc
