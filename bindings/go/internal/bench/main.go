// Command bench measures single-env step latency for benchmarks/run.py
// (benchmarks/clients.py): CartPole-v1 over REST or a WebSocket session, one step in
// flight, resets untimed; one JSON line out.
//
//	go run ./internal/bench --url URL --transport http|ws --seconds S --warmup S
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"time"

	gymcc "github.com/gymcc/gymcc/bindings/go"
)

func main() {
	url := flag.String("url", "", "the server")
	transport := flag.String("transport", "http", "http or ws")
	seconds := flag.Float64("seconds", 2, "seconds measured")
	warmup := flag.Float64("warmup", 0.5, "seconds of warm-up")
	envID := flag.String("env-id", "CartPole-v1", "the env")
	flag.Parse()
	ctx := context.Background()
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	client, err := gymcc.NewClient(*url)
	if err != nil {
		fail(err)
	}
	var env *gymcc.Env
	if *transport == "ws" {
		session, err := client.Session(ctx)
		if err != nil {
			fail(err)
		}
		defer session.Close()
		env, err = session.Make(ctx, *envID, nil)
		if err != nil {
			fail(err)
		}
	} else if env, err = client.Make(ctx, *envID, nil); err != nil {
		fail(err)
	}
	if _, _, err := env.Reset(ctx, &gymcc.ResetOptions{Seed: gymcc.Seed(0)}); err != nil {
		fail(err)
	}
	var latencies []float64
	resets, n := 0, 0
	run := func(d time.Duration, record bool) {
		for until := time.Now().Add(d); time.Now().Before(until); n++ {
			started := time.Now()
			step, err := env.Step(ctx, n%2)
			if err != nil {
				fail(err)
			}
			if record {
				latencies = append(latencies, float64(time.Since(started).Nanoseconds())/1e3)
			}
			if step.Terminated || step.Truncated {
				if _, _, err := env.Reset(ctx, nil); err != nil {
					fail(err)
				}
				if record {
					resets++
				}
			}
		}
	}
	run(time.Duration(*warmup*float64(time.Second)), false)
	start := time.Now()
	run(time.Duration(*seconds*float64(time.Second)), true)
	elapsed := time.Since(start).Seconds()
	_ = env.Close(ctx)
	sort.Float64s(latencies)
	at := func(q float64) float64 {
		i := int(q * float64(len(latencies)))
		if i >= len(latencies) {
			i = len(latencies) - 1
		}
		return latencies[i]
	}
	mean := 0.0
	for _, l := range latencies {
		mean += l / float64(len(latencies))
	}
	out, _ := json.Marshal(map[string]any{
		"mode": "client-step", "client": "go", "runtime": runtime.Version(), "transport": *transport,
		"env": *envID, "steps": len(latencies), "resets": resets, "duration_s": elapsed,
		"latency_us": map[string]float64{
			"p50": at(0.5), "p90": at(0.9), "p99": at(0.99), "mean": mean,
			"min": latencies[0], "max": latencies[len(latencies)-1],
		},
	})
	fmt.Println(string(out))
}
