// gohttp: a Go net/http server on 127.0.0.1 and CLIENTS goroutine clients (default 8), each sending REQUESTS
// JSON requests (default 3) whose handler hashes WORK KiB with sha256 (default 4); then a request the server
// refuses (400) and one to an unknown path (404). The runtime's netpoller (epoll on non-blocking loopback
// sockets), futexes between its threads, the garbage collector and SIGURG preemption all run at once, as in a
// real Go server. Prints only deterministic facts: counts, status codes and a checksum of every response (the
// digests XORed, so the order in which clients finish does not matter). The benchmark (bench/compare, set
// parallel) runs it with 50 clients; the kernel tests (tests/Kernel.Tests, GoProgramTests) with the defaults.
//
// Usage: gohttp [CLIENTS [REQUESTS [WORK_KIB]]]
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
)

type request struct {
	Client int    `json:"client"`
	Seq    int    `json:"seq"`
	Seed   string `json:"seed"`
	Rounds int    `json:"rounds"`
}

type response struct {
	Client int    `json:"client"`
	Seq    int    `json:"seq"`
	Digest string `json:"digest"`
}

// work hashes rounds KiB derived from the seed: the CPU-bound part of a request.
func work(seed string, rounds int) [32]byte {
	block := make([]byte, 1024)
	for i := range block {
		block[i] = seed[i%len(seed)] ^ byte(i)
	}
	h := sha256.New()
	for r := 0; r < rounds; r++ {
		block[r%len(block)] ^= byte(r)
		h.Write(block)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

func handle(w http.ResponseWriter, r *http.Request) {
	var req request
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	sum := work(req.Seed, req.Rounds)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(response{Client: req.Client, Seq: req.Seq, Digest: hex.EncodeToString(sum[:])})
}

func arg(i, fallback int) int {
	if len(os.Args) > i {
		if n, err := strconv.Atoi(os.Args[i]); err == nil && n > 0 {
			return n
		}
	}
	return fallback
}

func status(client *http.Client, url, body string) int {
	resp, err := client.Post(url, "application/json", bytes.NewReader([]byte(body)))
	if err != nil {
		fmt.Println("post failed:", err)
		return -1
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func main() {
	clients, requests, rounds := arg(1, 8), arg(2, 3), arg(3, 4)

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "listen:", err)
		os.Exit(1)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/work", handle)
	server := &http.Server{Handler: mux}
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	base := "http://" + listener.Addr().String()
	url := base + "/work"

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	var mu sync.Mutex
	var checksum [32]byte
	ok, failures := 0, 0
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for s := 0; s < requests; s++ {
				body, _ := json.Marshal(request{Client: c, Seq: s, Seed: fmt.Sprintf("client-%d-request-%d", c, s), Rounds: rounds})
				resp, err := client.Post(url, "application/json", bytes.NewReader(body))
				if err != nil {
					fmt.Fprintln(os.Stderr, "post:", err)
					mu.Lock()
					failures++
					mu.Unlock()
					continue
				}
				var got response
				err = json.NewDecoder(resp.Body).Decode(&got)
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				digest, _ := hex.DecodeString(got.Digest)
				mu.Lock()
				if err != nil || got.Client != c || got.Seq != s || len(digest) != 32 {
					failures++
				} else {
					ok++
					for i := range checksum {
						checksum[i] ^= digest[i]
					}
				}
				mu.Unlock()
			}
		}(c)
	}
	wg.Wait()
	fmt.Printf("requests %d ok %d failures %d\n", clients*requests, ok, failures)
	fmt.Printf("checksum %s\n", hex.EncodeToString(checksum[:]))
	fmt.Printf("bad json: %d\n", status(client, url, "{not json"))
	fmt.Printf("unknown path: %d\n", status(client, base+"/nowhere", "{}"))
	server.Close()
	fmt.Printf("serve ended: %v\n", <-served == http.ErrServerClosed)
	if failures != 0 {
		os.Exit(1)
	}
}
