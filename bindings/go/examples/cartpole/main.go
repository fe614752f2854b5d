// Command cartpole balances CartPole-v1 with a fixed policy and prints the mean return over
// 10 seeded episodes.
//
//	go run ./examples/cartpole [http://127.0.0.1:5000]
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	gymcc "github.com/gymcc/gymcc/bindings/go"
)

func main() {
	url := "http://127.0.0.1:5000"
	if len(os.Args) > 1 {
		url = os.Args[1]
	}
	ctx := context.Background()
	client, err := gymcc.NewClient(url)
	if err != nil {
		log.Fatal(err)
	}
	env, err := client.Make(ctx, "CartPole-v1", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer env.Close(ctx)
	var returns []string
	total := 0.0
	for seed := int64(0); seed < 10; seed++ {
		observation, _, err := env.Reset(ctx, &gymcc.ResetOptions{Seed: gymcc.Seed(seed)})
		if err != nil {
			log.Fatal(err)
		}
		episodeReturn := 0.0
		for {
			// Push the cart towards where the pole is falling: angle plus angular velocity.
			state := observation.(*gymcc.Array).Data.([]float32)
			action := 0
			if state[2]+state[3] > 0 {
				action = 1
			}
			step, err := env.Step(ctx, action)
			if err != nil {
				log.Fatal(err)
			}
			episodeReturn += step.Reward
			observation = step.Observation
			if step.Terminated || step.Truncated {
				break
			}
		}
		returns = append(returns, fmt.Sprint(episodeReturn))
		total += episodeReturn
	}
	fmt.Printf("CartPole-v1, fixed policy: returns %s; mean return over 10 episodes: %.1f\n", strings.Join(returns, " "), total/10)
}
