// Command conformance is the Go client's conformance runner (tests/conformance/README.md):
//
//	go run ./internal/conformance --url URL --fixtures DIR
//
// It replays every fixture twice — over REST (" [http]") and over a WebSocket session
// (" [ws]") — prints PASS/FAIL per case, then "go: N passed, M failed".
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	gymcc "github.com/gymcc/gymcc/bindings/go"
)

type kind func(ctx context.Context, value json, m maker) error

func kindOf(value any) (kind, bool) {
	v, ok := value.(map[string]any)
	if !ok {
		return nil, false
	}
	has := func(k string) bool { _, ok := v[k]; return ok }
	switch {
	case has("steps") && has("reset"):
		return episode, true
	case has("calls"):
		return vectorRun, true
	case has("call") && has("status"):
		return errorCase, true
	case has("action_space") && has("observation_space"):
		return spacesCase, true
	}
	return nil, false
}

type testCase struct {
	name string
	run  func(ctx context.Context) error
}

type transport struct {
	name string
	open func(ctx context.Context) (maker, func(), error)
}

func readLines(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(path, ".gz") {
		r, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		if data, err = io.ReadAll(r); err != nil {
			return nil, err
		}
	}
	return strings.Split(string(data), "\n"), nil
}

func casesOf(fixtures string, transports []transport) ([]testCase, error) {
	var files []string
	err := filepath.Walk(fixtures, func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && (strings.HasSuffix(path, ".jsonl") || strings.HasSuffix(path, ".jsonl.gz")) {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var cases []testCase
	for _, file := range files {
		lines, err := readLines(file)
		if err != nil {
			return nil, err
		}
		rel, _ := filepath.Rel(fixtures, file)
		for i, line := range lines {
			if strings.TrimSpace(line) == "" {
				continue
			}
			where := fmt.Sprintf("%s:%d", rel, i+1)
			value, err := gymcc.DecodeJSON([]byte(line))
			if err != nil {
				reason := fail("not JSON: %v", err)
				cases = append(cases, testCase{where, func(context.Context) error { return reason }})
				continue
			}
			k, ok := kindOf(value)
			if !ok {
				cases = append(cases, testCase{where, func(context.Context) error { return fail("a line of no fixture kind") }})
				continue
			}
			label := where
			if name, isError := value.(json)["name"].(string); isError && value.(json)["call"] != nil {
				label += "#" + name
			}
			for _, t := range transports {
				t := t
				cases = append(cases, testCase{
					name: fmt.Sprintf("%s [%s]", label, t.name),
					run: func(ctx context.Context) error {
						m, closeTransport, err := t.open(ctx)
						if err != nil {
							return err
						}
						defer closeTransport()
						return k(ctx, value.(json), m)
					},
				})
			}
		}
	}
	return cases, nil
}

func main() {
	url := flag.String("url", "", "the server, e.g. http://127.0.0.1:5000")
	fixtures := flag.String("fixtures", "", "the fixture directory")
	flag.Parse()
	if *url == "" || *fixtures == "" {
		fmt.Fprintln(os.Stderr, "usage: conformance --url URL --fixtures DIR")
		os.Exit(2)
	}
	client, err := gymcc.NewClient(*url)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	transports := []transport{
		{"http", func(context.Context) (maker, func(), error) { return client, func() {}, nil }},
		{"ws", func(ctx context.Context) (maker, func(), error) {
			s, err := client.Session(ctx)
			if err != nil {
				return nil, nil, err
			}
			return s, func() { _ = s.Close() }, nil
		}},
	}
	cases, err := casesOf(*fixtures, transports)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	// A few cases at a time (each with its own instances), reported in order.
	results := make([]chan string, len(cases))
	for i := range results {
		results[i] = make(chan string, 1)
	}
	work := make(chan int)
	var workers sync.WaitGroup
	for w := 0; w < 4; w++ {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for i := range work {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
				if err := cases[i].run(ctx); err != nil {
					results[i] <- fmt.Sprintf("FAIL %s: %v", cases[i].name, err)
				} else {
					results[i] <- "PASS " + cases[i].name
				}
				cancel()
			}
		}()
	}
	go func() {
		for i := range cases {
			work <- i
		}
		close(work)
	}()
	passed, failed := 0, 0
	for i := range cases {
		line := <-results[i]
		fmt.Println(line)
		if strings.HasPrefix(line, "PASS") {
			passed++
		} else {
			failed++
		}
	}
	workers.Wait()
	fmt.Printf("go: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}
