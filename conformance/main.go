// Command conformance answers, as Kubernetes 1.27 itself does, questions about manifests: the
// apps/v1 and core defaulting, conversion and validation of an object, the Pod Security Standards
// level of a pod, and whether the DaemonSet controller runs a DaemonSet's pod on a node
// (NodeShouldRunDaemonPod). It reads one JSON request per line on stdin and writes one JSON answer
// per line on stdout:
//
//	{"op":"validate","object":{...}}                  -> {"errors":["spec.selector: ..."]} or {"skipped":"kind X"}
//	{"op":"level","metadata":{...},"podSpec":{...}}   -> {"level":"restricted|baseline|privileged"}
//	{"op":"shouldRun","daemonSet":{...},"node":{...}} -> {"shouldRun":true,"shouldContinueRunning":true}
//	{"op":"schedule","node":{...},"pods":[...],"pod":{...}} -> {"schedule":{...}} (scheduler.go)
//
// It is a test tool of cdk8s-daemons, never a runtime dependency.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	podutil "k8s.io/kubernetes/pkg/api/pod"
	"k8s.io/kubernetes/pkg/apis/apps"
	_ "k8s.io/kubernetes/pkg/apis/apps/install"
	appsvalidation "k8s.io/kubernetes/pkg/apis/apps/validation"
	api "k8s.io/kubernetes/pkg/apis/core"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	corevalidation "k8s.io/kubernetes/pkg/apis/core/validation"
	"k8s.io/kubernetes/pkg/apis/networking"
	_ "k8s.io/kubernetes/pkg/apis/networking/install"
	networkingvalidation "k8s.io/kubernetes/pkg/apis/networking/validation"
	"k8s.io/kubernetes/pkg/apis/rbac"
	_ "k8s.io/kubernetes/pkg/apis/rbac/install"
	rbacvalidation "k8s.io/kubernetes/pkg/apis/rbac/validation"
	"k8s.io/kubernetes/pkg/capabilities"
	"k8s.io/kubernetes/pkg/controller/daemon"
	psapi "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

type request struct {
	Op        string            `json:"op"`
	Object    json.RawMessage   `json:"object"`
	Metadata  json.RawMessage   `json:"metadata"`
	PodSpec   json.RawMessage   `json:"podSpec"`
	DaemonSet json.RawMessage   `json:"daemonSet"`
	Node      json.RawMessage   `json:"node"`
	Pods      []json.RawMessage `json:"pods"`
	Pod       json.RawMessage   `json:"pod"`
	Labels    map[string]string `json:"labels"`
}

type answer struct {
	Errors                []string        `json:"errors,omitempty"`
	Skipped               string          `json:"skipped,omitempty"`
	Level                 string          `json:"level,omitempty"`
	ShouldRun             *bool           `json:"shouldRun,omitempty"`
	ShouldContinueRunning *bool           `json:"shouldContinueRunning,omitempty"`
	Failure               string          `json:"failure,omitempty"`
	Schedule              *scheduleAnswer `json:"schedule,omitempty"`
	// Details: what each Pod Security check the pod fails forbids, by check ID
	Details map[string]string `json:"details,omitempty"`
}

var evaluator policy.Evaluator

func main() {
	// As kube-apiserver --allow-privileged=true, which kubeadm and the managed platforms set: DaemonSets
	// of node agents may run privileged containers.
	capabilities.Setup(true, 0)
	var err error
	evaluator, err = policy.NewEvaluator(policy.DefaultChecks())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := setUpScheduler(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 64<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var req request
		var a answer
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			a.Failure = "bad request: " + err.Error()
		} else {
			a = handle(req)
		}
		line, _ := json.Marshal(a)
		out.Write(append(line, '\n'))
		out.Flush()
	}
}

func handle(req request) (a answer) {
	defer func() {
		if r := recover(); r != nil {
			a = answer{Failure: fmt.Sprint(r)}
		}
	}()
	switch req.Op {
	case "validate":
		return validate(req.Object)
	case "level", "details":
		var pod corev1.Pod
		if err := strict(req.Metadata, &pod.ObjectMeta); err != nil {
			return answer{Failure: err.Error()}
		}
		if err := strict(req.PodSpec, &pod.Spec); err != nil {
			return answer{Failure: err.Error()}
		}
		if req.Op == "level" {
			return answer{Level: level(&pod.ObjectMeta, &pod.Spec)}
		}
		// as the admission sees a pod: after the API server's defaulting (a volume without a source is an emptyDir)
		legacyscheme.Scheme.Default(&pod)
		return answer{Details: details(&pod.ObjectMeta, &pod.Spec)}
	case "namespaceLabels":
		// What the Pod Security admission reads from a Namespace's labels: the level it enforces, and
		// the labels it cannot parse (for which admission.ValidateNamespace refuses the Namespace).
		defaults := psapi.Policy{
			Enforce: psapi.LevelVersion{Level: psapi.LevelPrivileged, Version: psapi.LatestVersion()},
			Audit:   psapi.LevelVersion{Level: psapi.LevelPrivileged, Version: psapi.LatestVersion()},
			Warn:    psapi.LevelVersion{Level: psapi.LevelPrivileged, Version: psapi.LatestVersion()},
		}
		p, errs := psapi.PolicyToEvaluate(req.Labels, defaults)
		refused := []string{}
		for _, e := range errs {
			refused = append(refused, e.Field)
		}
		return answer{Level: string(p.Enforce.Level), Errors: refused}
	case "shouldRun":
		var ds appsv1.DaemonSet
		var node corev1.Node
		if err := strict(req.DaemonSet, &ds); err != nil {
			return answer{Failure: err.Error()}
		}
		if err := strict(req.Node, &node); err != nil {
			return answer{Failure: err.Error()}
		}
		run, keep := daemon.NodeShouldRunDaemonPod(&node, &ds)
		return answer{ShouldRun: &run, ShouldContinueRunning: &keep}
	case "schedule":
		return schedule(scheduleRequest{Node: req.Node, Pods: req.Pods, Pod: req.Pod})
	}
	return answer{Failure: "unknown op " + req.Op}
}

// strict decodes JSON, refusing fields the 1.27 API does not have.
func strict(raw json.RawMessage, into interface{}) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	return d.Decode(into)
}

// level is the strictest Pod Security Standards level (1.27) the pod meets.
func level(meta *metav1.ObjectMeta, spec *corev1.PodSpec) string {
	for _, l := range []psapi.Level{psapi.LevelRestricted, psapi.LevelBaseline} {
		results := evaluator.EvaluatePod(psapi.LevelVersion{Level: l, Version: psapi.MajorMinorVersion(1, 27)}, meta, spec)
		if policy.AggregateCheckResults(results).Allowed {
			return string(l)
		}
	}
	return string(psapi.LevelPrivileged)
}

// details are the ForbiddenDetail texts of the Pod Security checks (policy 1.27) the pod fails, by
// check ID: each check of policy.DefaultChecks run alone, in the revision that applies to 1.27 (so a
// restricted check that overrides a baseline one is compared with ours of the same ID, and the
// baseline one too). A check without a detail gives its reason.
func details(meta *metav1.ObjectMeta, spec *corev1.PodSpec) map[string]string {
	v127 := psapi.MajorMinorVersion(1, 27)
	out := map[string]string{}
	for _, check := range policy.DefaultChecks() {
		var fn policy.CheckPodFn
		for _, v := range check.Versions {
			if !v127.Older(v.MinimumVersion) {
				fn = v.CheckPod
			}
		}
		if fn == nil {
			continue
		}
		if r := fn(meta, spec); !r.Allowed {
			if r.ForbiddenDetail != "" {
				out[string(check.ID)] = r.ForbiddenDetail
			} else {
				out[string(check.ID)] = r.ForbiddenReason
			}
		}
	}
	return out
}

// convert defaults a versioned object and converts it to its internal type, as the API server does.
func convert(versioned runtime.Object, internal interface{}) error {
	legacyscheme.Scheme.Default(versioned)
	return legacyscheme.Scheme.Convert(versioned, internal, nil)
}

// judge decodes a versioned object strictly, gives a namespaced one kubectl's default namespace,
// defaults and converts it to its internal type, and validates it as the API server does.
func judge[V any, I any, PV interface {
	*V
	runtime.Object
	metav1.Object
}](raw json.RawMessage, kind string, namespaced bool, validate func(*I) field.ErrorList) answer {
	v := PV(new(V))
	if err := strict(raw, v); err != nil {
		return answer{Errors: []string{fmt.Sprintf("%s: %v", kind, err)}}
	}
	if namespaced && v.GetNamespace() == "" {
		v.SetNamespace("default") // kubectl gives an object without a namespace the current one
	}
	if !namespaced {
		// the API server clears a cluster-scoped object's namespace before it validates it
		// (rest.BeforeCreate, EnsureObjectNamespaceMatchesRequestNamespace); cdk8s writes a chart's
		// namespace on every object of the chart
		v.SetNamespace("")
	}
	var internal I
	if err := convert(v, &internal); err != nil {
		return answer{Failure: err.Error()}
	}
	out := []string{}
	for _, e := range validate(&internal) {
		out = append(out, e.Error())
	}
	return answer{Errors: out}
}

func validate(raw json.RawMessage) answer {
	var head struct {
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return answer{Failure: err.Error()}
	}
	// The validation options the API server derives for a create from its feature gates (1.27's
	// defaults: ExpandedDNSConfig on, 32 search domains of 2,048 characters), as the registries do.
	switch k := head.Kind; k {
	case "DaemonSet":
		return judge[appsv1.DaemonSet](raw, k, true, func(ds *apps.DaemonSet) field.ErrorList {
			return appsvalidation.ValidateDaemonSet(ds, podutil.GetValidationOptionsFromPodTemplate(&ds.Spec.Template, nil))
		})
	case "Pod":
		return judge[corev1.Pod](raw, k, true, func(p *api.Pod) field.ErrorList {
			return corevalidation.ValidatePodCreate(p, podutil.GetValidationOptionsFromPodSpecAndMeta(&p.Spec, nil, &p.ObjectMeta, nil))
		})
	case "Service":
		return judge[corev1.Service](raw, k, true, func(svc *api.Service) field.ErrorList {
			// The registry's PrepareForCreate (normalizeClusterIPs) fills clusterIPs from clusterIP.
			if svc.Spec.ClusterIP != "" && len(svc.Spec.ClusterIPs) == 0 {
				svc.Spec.ClusterIPs = []string{svc.Spec.ClusterIP}
			}
			return corevalidation.ValidateService(svc)
		})
	case "ServiceAccount":
		return judge[corev1.ServiceAccount](raw, k, true, corevalidation.ValidateServiceAccount)
	case "Namespace":
		return judge[corev1.Namespace](raw, k, false, corevalidation.ValidateNamespace)
	case "ConfigMap":
		return judge[corev1.ConfigMap](raw, k, true, corevalidation.ValidateConfigMap)
	case "ClusterRole":
		return judge[rbacv1.ClusterRole](raw, k, false, func(cr *rbac.ClusterRole) field.ErrorList {
			return rbacvalidation.ValidateClusterRole(cr, rbacvalidation.ClusterRoleValidationOptions{})
		})
	case "ClusterRoleBinding":
		return judge[rbacv1.ClusterRoleBinding](raw, k, false, rbacvalidation.ValidateClusterRoleBinding)
	case "NetworkPolicy":
		return judge[networkingv1.NetworkPolicy](raw, k, true, func(np *networking.NetworkPolicy) field.ErrorList {
			return networkingvalidation.ValidateNetworkPolicy(np, networkingvalidation.NetworkPolicyValidationOptions{})
		})
	}
	return answer{Skipped: "kind " + head.Kind}
}
