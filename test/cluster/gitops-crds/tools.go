//go:build tools

// Package gitopscrds pins github.com/fluxcd/helm-controller/api, whose Go types controller-gen turns
// into Flux's HelmRelease CRD (see ../build.sh): helm-controller's main module, which holds the
// published YAML, is not on the module proxy. Argo CD's Application and Flux's Kustomization CRDs are
// copied as published in their projects' own modules (build.sh downloads those; they need no go.mod
// here). Kept apart from ../go.mod and ../crdgen/go.mod so it moves none of the versions used there.
// Nothing is compiled or run: the reconcilers (Argo CD, Flux) do not run in the test control plane.
package gitopscrds

import (
	_ "github.com/fluxcd/helm-controller/api/v2"
)
