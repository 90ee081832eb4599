//go:build tools

// Package crdgen generates CRDs that are only published as Go API types (the OpenFeature
// FeatureFlag CRD: the operator's module is not on the module proxy, its apis module is) by
// running controller-gen over those types. Kept apart from ../go.mod so that controller-tools'
// dependencies do not move the versions the control-plane binaries are built with.
package crdgen

import (
	_ "github.com/open-feature/open-feature-operator/apis/core/v1beta1"
	_ "sigs.k8s.io/controller-tools/cmd/controller-gen"
)
