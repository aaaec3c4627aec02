"""Smoke test of the Python package built by jsii-pacmak: the same app as test/smoke/app.ts, in Python,
must synthesize byte-identical YAML (EXPECTED_YAML names the file the TypeScript app wrote)."""
import os
import subprocess
import sys
import tempfile

import cdk8s
import cdk8s_plus_27 as kplus
from cdk8s_daemons import (
    DaemonNamespace,
    DaemonPort,
    LogCollector,
    LogOutput,
    MonitoringDaemon,
    MonitorOptions,
    NodeScopedApp,
    ClusterInventory,
    Placement,
    ServiceExposeOptions,
)


def smoke_app() -> cdk8s.App:
    app = cdk8s.App()
    chart = cdk8s.Chart(app, "smoke")
    MonitoringDaemon(DaemonNamespace(chart, "monitoring"), "node-exporter", service_monitor=MonitorOptions(interval="30s"))
    LogCollector(DaemonNamespace(chart, "logging"), "fluent-bit", outputs=[LogOutput.loki(host="loki.logging.svc")])
    NodeScopedApp(
        chart,
        "web",
        image="nginxinc/nginx-unprivileged:1.25-alpine",
        namespace="edge",
        ports=[DaemonPort(name="http", number=8080)],
        services=[ServiceExposeOptions(type=kplus.ServiceType.NODE_PORT, node_ports={"http": 30080})],
    )
    return app


def test_python_synthesizes_the_same_yaml_as_typescript():
    with open(os.environ["EXPECTED_YAML"], encoding="utf-8") as f:
        expected = f.read()
    assert smoke_app().synth_yaml() == expected


def test_the_preview_takes_yaml_text():
    report = Placement.preview_yaml(smoke_app().synth_yaml())
    assert [(d.name, d.desired) for d in report.daemon_sets] == [("node-exporter", 4), ("fluent-bit", 4), ("web", 3)]


BIG_DAEMON = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: big, namespace: agents}\nspec:\n  selector: {matchLabels: {app: big}}\n  template:\n    metadata: {labels: {app: big}}\n    spec:\n      containers: [{name: big, image: 'example.com/big:1.0', resources: {requests: {cpu: '3'}}}]\n"


def test_the_pending_prediction_reaches_python():
    """A daemon asking for 3 cores: Pending on the sample cluster's loaded workers, running on empty nodes."""
    report = Placement.preview_yaml(BIG_DAEMON)
    assert report.daemon_sets[0].pending == 3
    worker = next(n for n in report.daemon_sets[0].nodes if n.node == "kind-worker")
    assert worker.pending_reasons[0] == "Insufficient cpu: requests 3, 2700m free of 3800m"
    empty = ClusterInventory.sample().with_pods_json('{"kind": "List", "items": []}')
    assert Placement.preview_yaml(BIG_DAEMON, empty).daemon_sets[0].pending == 0


def test_the_daemon_service_account_is_a_kplus_service_account_in_python():
    """The daemon's own ServiceAccount (a class the package does not export) reaches Python as a
    cdk8s-plus IServiceAccount: a RoleBinding takes it as a subject."""
    app = cdk8s.App()
    chart = cdk8s.Chart(app, "smoke")
    exporter = MonitoringDaemon(DaemonNamespace(chart, "monitoring"), "node-exporter")
    assert exporter.service_account.name == "node-exporter"
    role = kplus.Role(chart, "Reader")
    role.allow_read(kplus.ApiResource.PODS)
    kplus.RoleBinding(chart, "Binding", role=role).add_subjects(exporter.service_account)
    binding = next(o for o in app.synth_yaml().split("---") if "kind: RoleBinding" in o)
    assert "kind: ServiceAccount" in binding and "name: node-exporter" in binding and "namespace: monitoring" in binding


def test_errors_reach_python_in_the_library_form():
    app = cdk8s.App()
    chart = cdk8s.Chart(app, "smoke")
    try:
        MonitoringDaemon(chart, "node-exporter", port=0)
    except Exception as e:  # jsii raises the JavaScript error as a Python exception
        assert "[smoke/node-exporter] port = 0: must be an integer from 1 to 65535. Fix:" in str(e)
    else:
        raise AssertionError("port 0 was accepted")


def test_the_cli_the_wheel_installs_runs():
    """The `cdk8s-daemons` command of the wheel (jsii runs the package's bin script): check and preview."""
    cli = os.path.join(os.path.dirname(sys.executable), "cdk8s-daemons")
    assert os.path.exists(cli), "the wheel installs no cdk8s-daemons command"
    with tempfile.TemporaryDirectory() as work:
        manifests = os.path.join(work, "app.yaml")
        with open(manifests, "w", encoding="utf-8") as f:
            f.write(smoke_app().synth_yaml())
        checked = subprocess.run([cli, "check", manifests], capture_output=True, text=True, timeout=120)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "0 errors" in checked.stdout, checked.stdout
        previewed = subprocess.run([cli, "preview", manifests], capture_output=True, text=True, timeout=120)
        assert previewed.returncode == 0, previewed.stdout + previewed.stderr
        assert "node-exporter" in previewed.stdout
        refused = subprocess.run([cli, "check", os.path.join(work, "missing.yaml")], capture_output=True, text=True, timeout=120)
        assert refused.returncode != 0
