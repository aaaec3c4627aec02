package main

// The scheduler's answer for one pod on one node (Kubernetes 1.27): the NodeResourcesFit and
// NodePorts filters (noderesources.Fits, nodeports.Fits) and the default preemption's choice of
// victims on that node (DefaultPreemption.SelectVictimsOnNode, run by a scheduler framework with
// those two filter plugins, as kube-scheduler runs it):
//
//	{"op":"schedule","node":{...},"pods":[{...}],"pod":{...}}
//	  -> {"insufficient":["Insufficient cpu",...],"portsFit":true,"victims":["ns/name",...],"preemption":"Success"}

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	clientsetfake "k8s.io/client-go/kubernetes/fake"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	"k8s.io/kubernetes/pkg/scheduler/apis/config"
	"k8s.io/kubernetes/pkg/scheduler/framework"
	"k8s.io/kubernetes/pkg/scheduler/framework/plugins/defaultbinder"
	"k8s.io/kubernetes/pkg/scheduler/framework/plugins/defaultpreemption"
	"k8s.io/kubernetes/pkg/scheduler/framework/plugins/feature"
	"k8s.io/kubernetes/pkg/scheduler/framework/plugins/nodeports"
	"k8s.io/kubernetes/pkg/scheduler/framework/plugins/noderesources"
	"k8s.io/kubernetes/pkg/scheduler/framework/plugins/queuesort"
	frameworkruntime "k8s.io/kubernetes/pkg/scheduler/framework/runtime"
	st "k8s.io/kubernetes/pkg/scheduler/testing"
)

type scheduleRequest struct {
	Node json.RawMessage   `json:"node"`
	Pods []json.RawMessage `json:"pods"`
	Pod  json.RawMessage   `json:"pod"`
}

type scheduleAnswer struct {
	Insufficient []string `json:"insufficient"`
	PortsFit     bool     `json:"portsFit"`
	Victims      []string `json:"victims"`
	Preemption   string   `json:"preemption"`
}

// noNominations: no pod is nominated to any node (the framework asks).
type noNominations struct{}

func (noNominations) AddNominatedPod(*framework.PodInfo, *framework.NominatingInfo) {}
func (noNominations) DeleteNominatedPodIfExists(*corev1.Pod)                        {}
func (noNominations) UpdateNominatedPod(*corev1.Pod, *framework.PodInfo)            {}
func (noNominations) NominatedPodsForNode(string) []*framework.PodInfo              { return nil }

var (
	schedulerFramework framework.Framework
	preemptor          *defaultpreemption.DefaultPreemption
)

func setUpScheduler() error {
	fitArgs := &config.NodeResourcesFitArgs{ScoringStrategy: &config.ScoringStrategy{
		Type:      config.LeastAllocated,
		Resources: []config.ResourceSpec{{Name: "cpu", Weight: 1}, {Name: "memory", Weight: 1}},
	}}
	fit := func(_ runtime.Object, h framework.Handle) (framework.Plugin, error) {
		return noderesources.NewFit(fitArgs, h, feature.Features{})
	}
	cs := clientsetfake.NewSimpleClientset()
	informerFactory := informers.NewSharedInformerFactory(cs, 0)
	f, err := st.NewFramework([]st.RegisterPluginFunc{
		st.RegisterQueueSortPlugin(queuesort.Name, queuesort.New),
		st.RegisterPluginAsExtensions(noderesources.Name, fit, "Filter", "PreFilter"),
		st.RegisterPluginAsExtensions(nodeports.Name, nodeports.New, "Filter", "PreFilter"),
		st.RegisterBindPlugin(defaultbinder.Name, defaultbinder.New),
	}, "default-scheduler", make(chan struct{}),
		frameworkruntime.WithClientSet(cs),
		frameworkruntime.WithInformerFactory(informerFactory),
		frameworkruntime.WithPodNominator(noNominations{}),
	)
	if err != nil {
		return err
	}
	schedulerFramework = f
	pl, err := defaultpreemption.New(&config.DefaultPreemptionArgs{MinCandidateNodesPercentage: 10, MinCandidateNodesAbsolute: 100}, f, feature.Features{})
	if err != nil {
		return err
	}
	preemptor = pl.(*defaultpreemption.DefaultPreemption)
	return nil
}

// decodePod decodes a Pod strictly and applies the API server's defaulting (requests from limits,
// host ports on the host network, protocols).
func decodePod(raw json.RawMessage) (*corev1.Pod, error) {
	var p corev1.Pod
	if err := strict(raw, &p); err != nil {
		return nil, err
	}
	legacyscheme.Scheme.Default(&p)
	if p.UID == "" {
		p.UID = types.UID(p.Namespace + "/" + p.Name) // the scheduler's cache keys pods by UID
	}
	return &p, nil
}

func schedule(req scheduleRequest) answer {
	var node corev1.Node
	if err := strict(req.Node, &node); err != nil {
		return answer{Failure: err.Error()}
	}
	pod, err := decodePod(req.Pod)
	if err != nil {
		return answer{Failure: err.Error()}
	}
	pods := []*corev1.Pod{}
	for _, raw := range req.Pods {
		p, err := decodePod(raw)
		if err != nil {
			return answer{Failure: err.Error()}
		}
		pods = append(pods, p)
	}
	nodeInfo := framework.NewNodeInfo(pods...)
	nodeInfo.SetNode(&node)

	out := scheduleAnswer{Insufficient: []string{}, PortsFit: nodeports.Fits(pod, nodeInfo)}
	for _, r := range noderesources.Fits(pod, nodeInfo) {
		out.Insufficient = append(out.Insufficient, r.Reason)
	}
	sort.Strings(out.Insufficient)

	ctx := context.Background()
	state := framework.NewCycleState()
	if _, status := schedulerFramework.RunPreFilterPlugins(ctx, state, pod); !status.IsSuccess() {
		return answer{Failure: fmt.Sprintf("prefilter: %v", status.AsError())}
	}
	victims, _, status := preemptor.SelectVictimsOnNode(ctx, state, pod, nodeInfo.Clone(), nil)
	out.Preemption = status.Code().String()
	if !status.IsSuccess() {
		out.Preemption += ": " + status.Message()
	}
	for _, v := range victims {
		out.Victims = append(out.Victims, v.Namespace+"/"+v.Name)
	}
	return answer{Schedule: &out}
}
