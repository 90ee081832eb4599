//go:build tools

// Package tools pins flagd, which build.sh compiles, so that `go mod tidy` keeps its
// dependencies in go.mod/go.sum.
package tools

import (
	_ "github.com/open-feature/flagd/flagd"
)
