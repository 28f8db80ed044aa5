// Package components registers the Dapr components daca-nest uses with the official daprd.
//
// The official github.com/dapr/dapr/cmd/daprd/components registers every stable component behind
// the `stablecomponents` build tag, which pulls in the SDK of every cloud and takes far too long to
// build on a small machine. install.sh builds the official cmd/daprd with `go build -overlay`, putting
// this file in place of that package's untagged zz_notag.go (the file that panics when no tag is
// set), so daprd gets exactly these registrations and nothing else changes.
package components

import (
	mdns "github.com/dapr/components-contrib/nameresolution/mdns"
	nrSqlite "github.com/dapr/components-contrib/nameresolution/sqlite"
	pubsubInMemory "github.com/dapr/components-contrib/pubsub/in-memory"
	pubsubRedis "github.com/dapr/components-contrib/pubsub/redis"
	stateInMemory "github.com/dapr/components-contrib/state/in-memory"
	stateRedis "github.com/dapr/components-contrib/state/redis"
	nrLoader "github.com/dapr/dapr/pkg/components/nameresolution"
	pubsubLoader "github.com/dapr/dapr/pkg/components/pubsub"
	stateLoader "github.com/dapr/dapr/pkg/components/state"
)

// Redis state and pub/sub (components/), their in-memory twins for ephemeral setups, and name
// resolution for self-hosted service invocation: SQLite (components/configuration.yaml), which keeps
// each local stack to itself, and mDNS, Dapr's self-hosted default.
func init() {
	stateLoader.DefaultRegistry.RegisterComponent(stateRedis.NewRedisStateStore, "redis")
	stateLoader.DefaultRegistry.RegisterComponent(stateInMemory.NewInMemoryStateStore, "in-memory")
	pubsubLoader.DefaultRegistry.RegisterComponent(pubsubRedis.NewRedisStreams, "redis")
	pubsubLoader.DefaultRegistry.RegisterComponent(pubsubInMemory.New, "in-memory")
	nrLoader.DefaultRegistry.RegisterComponent(mdns.NewResolver, "mdns")
	nrLoader.DefaultRegistry.RegisterComponent(nrSqlite.NewResolver, "sqlite")
}
