package gymcc

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// startServer runs `gymcc serve` ($GYMCC_BIN, else the dev build) on a free loopback port
// for one test, and stops it at the test's end.
func startServer(t *testing.T, args ...string) string {
	t.Helper()
	bin := os.Getenv("GYMCC_BIN")
	if bin == "" {
		bin = filepath.Join("..", "..", "build", "dev", "bin", "gymcc")
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("no gymcc binary at %s: build it or set GYMCC_BIN", bin)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, append([]string{"serve", "--host", "127.0.0.1", "--port", "0"}, args...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cancel()
		}
		cancel()
	})
	found := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		found <- regexp.MustCompile(`http://[\d.]+:\d+`).FindString(line)
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case url := <-found:
		if url == "" {
			t.Fatal("gymcc serve printed no URL")
		}
		return url
	case <-time.After(10 * time.Second):
		t.Fatal(fmt.Errorf("gymcc serve did not start within 10 s"))
	}
	return ""
}
