// Command pause is the sandbox process of every pod of the local cluster (containerd's sandbox_image): it
// holds the pod's namespaces until the kubelet stops it, like registry.k8s.io/pause, which cannot be pulled
// here.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
}
