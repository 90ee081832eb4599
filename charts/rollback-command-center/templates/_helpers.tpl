{{/* The chart name. */}}
{{- define "rcc.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The full name: release-chart, or fullnameOverride. */}}
{{- define "rcc.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "rcc.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rcc.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "rcc.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "rcc.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "rcc.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "rcc.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The RBAC rules generated from the access table (files/rbac-rules.yaml), plus the switched-on optional ones. */}}
{{- define "rcc.rbacRules" -}}
{{- $table := .root.Files.Get "files/rbac-rules.yaml" | fromYaml }}
{{- $rules := get $table .kind }}
{{- range $switch, $extra := $table.optional }}
{{- if get $.root.Values.rbac $switch }}
{{- $rules = concat $rules $extra }}
{{- end }}
{{- end }}
{{- toYaml $rules }}
{{- end }}

{{/* The name of the Secret holding KEY: the existing one or the chart's. */}}
{{- define "rcc.secretName" -}}
{{- if .existing }}{{ .existing }}{{ else }}{{ include "rcc.fullname" .root }}{{ end }}
{{- end }}

{{- define "rcc.kubeconfigPaths" -}}
{{- $paths := list "/etc/rollback-command-center/in-cluster/kubeconfig" }}
{{- if .Values.kubeconfigs.existingSecret }}
{{- range .Values.kubeconfigs.existingSecretKeys }}
{{- $paths = append $paths (printf "/etc/rollback-command-center/kubeconfigs/%s" .) }}
{{- end }}
{{- else }}
{{- range $name, $_ := .Values.kubeconfigs.files }}
{{- $paths = append $paths (printf "/etc/rollback-command-center/kubeconfigs/%s" $name) }}
{{- end }}
{{- end }}
{{- join ":" $paths }}
{{- end }}
