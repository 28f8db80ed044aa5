// Command hello-server is the workload of the local cluster's e2e test. Without arguments it serves HTTP on
// :8080, answering "hello from <hostname>"; with URLs it is the client: it GETs each one (retrying for up
// to 30 s, while a new Service's name and rules spread), prints the answers and exits 1 if one fails.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

func main() {
	if len(os.Args) > 1 {
		for _, url := range os.Args[1:] {
			if err := get(url); err != nil {
				fmt.Fprintf(os.Stderr, "GET %s: %v\n", url, err)
				os.Exit(1)
			}
		}
		return
	}
	hostname, _ := os.Hostname()
	http.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintf(w, "hello from %s\n", hostname)
	})
	if err := http.ListenAndServe(":8080", nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func get(url string) error {
	client := http.Client{Timeout: 3 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		response, err := client.Get(url)
		if err == nil {
			body, readErr := io.ReadAll(response.Body)
			response.Body.Close()
			if readErr == nil && response.StatusCode == http.StatusOK {
				fmt.Printf("%s %s", url, body)
				return nil
			}
			err = fmt.Errorf("status %d, %v", response.StatusCode, readErr)
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(time.Second)
	}
}
