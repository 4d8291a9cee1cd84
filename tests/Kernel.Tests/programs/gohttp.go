// gohttp: a small Go net/http server on 127.0.0.1 and CLIENTS goroutine clients (default 8), each sending
// REQUESTS JSON requests (default 3) that the handler answers with a sha256 of its payload; then a request
// the server refuses (400) and one to an unknown path (404). The Go runtime's netpoller (epoll on
// non-blocking loopback sockets), futexes between its threads, the garbage collector and its SIGURG
// preemption all run. Prints only deterministic facts: counts, status codes and a checksum (the digests
// XORed, so the order in which clients finish does not matter).
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
	"runtime"
	"strconv"
	"sync"
)

type request struct {
	Client  int    `json:"client"`
	Seq     int    `json:"seq"`
	Payload string `json:"payload"`
}

type response struct {
	Client int    `json:"client"`
	Seq    int    `json:"seq"`
	Digest string `json:"digest"`
}

func handle(w http.ResponseWriter, r *http.Request) {
	var req request
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	sum := sha256.Sum256(bytes.Repeat([]byte(req.Payload), 64))
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
	clients, requests := arg(1, 8), arg(2, 3)
	runtime.GOMAXPROCS(4) // the same scheduler shape whatever the host's cores

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("listen failed:", err)
		os.Exit(1)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/hash", handle)
	server := &http.Server{Handler: mux}
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	base := "http://" + listener.Addr().String()

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
				body, _ := json.Marshal(request{Client: c, Seq: s, Payload: fmt.Sprintf("client %d request %d", c, s)})
				resp, err := client.Post(base+"/hash", "application/json", bytes.NewReader(body))
				var got response
				if err == nil {
					err = json.NewDecoder(resp.Body).Decode(&got)
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				digest, _ := hex.DecodeString(got.Digest)
				mu.Lock()
				if err != nil || got.Client != c || got.Seq != s || len(digest) != 32 {
					failures++
					fmt.Println("request failed:", c, s, err)
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
	fmt.Printf("bad json: %d\n", status(client, base+"/hash", "{not json"))
	fmt.Printf("unknown path: %d\n", status(client, base+"/nowhere", "{}"))
	server.Close()
	fmt.Printf("serve ended: %v\n", <-served == http.ErrServerClosed)
	if failures != 0 {
		os.Exit(1)
	}
}
