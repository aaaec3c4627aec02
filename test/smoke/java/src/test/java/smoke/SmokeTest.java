package smoke;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.github.cdk8s_daemons.ClusterInventory;
import io.github.cdk8s_daemons.DaemonNamespace;
import io.github.cdk8s_daemons.DaemonPort;
import io.github.cdk8s_daemons.DaemonSetPlacement;
import io.github.cdk8s_daemons.LogCollector;
import io.github.cdk8s_daemons.LogOutput;
import io.github.cdk8s_daemons.LokiOutputOptions;
import io.github.cdk8s_daemons.MonitorOptions;
import io.github.cdk8s_daemons.MonitoringDaemon;
import io.github.cdk8s_daemons.NodePlacement;
import io.github.cdk8s_daemons.NodeScopedApp;
import io.github.cdk8s_daemons.Placement;
import io.github.cdk8s_daemons.ServiceExposeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.plus27.ServiceType;
import org.junit.Test;

/** The app of test/smoke/app.ts in Java; EXPECTED_YAML names the file the TypeScript app wrote. */
public class SmokeTest {
  private static App smokeApp() {
    App app = new App();
    Chart chart = new Chart(app, "smoke");
    MonitoringDaemon.Builder.create(new DaemonNamespace(chart, "monitoring"), "node-exporter")
        .serviceMonitor(MonitorOptions.builder().interval("30s").build())
        .build();
    LogCollector.Builder.create(new DaemonNamespace(chart, "logging"), "fluent-bit")
        .outputs(List.of(LogOutput.loki(LokiOutputOptions.builder().host("loki.logging.svc").build())))
        .build();
    NodeScopedApp.Builder.create(chart, "web")
        .image("nginxinc/nginx-unprivileged:1.25-alpine")
        .namespace("edge")
        .ports(List.of(DaemonPort.builder().name("http").number(8080).build()))
        .services(List.of(ServiceExposeOptions.builder().type(ServiceType.NODE_PORT).nodePorts(Map.of("http", 30080)).build()))
        .build();
    return app;
  }

  @Test
  public void javaSynthesizesTheSameYamlAsTypeScript() throws Exception {
    String expected = Files.readString(Path.of(System.getenv("EXPECTED_YAML")));
    assertEquals(expected, smokeApp().synthYaml());
  }

  @Test
  public void thePreviewTakesYamlText() {
    String got = Placement.previewYaml(smokeApp().synthYaml()).getDaemonSets().stream()
        .map(d -> d.getName() + "=" + d.getDesired().intValue())
        .collect(Collectors.joining(" "));
    assertEquals("node-exporter=4 fluent-bit=4 web=3", got);
  }

  private static final String BIG_DAEMON = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: big, namespace: agents}\nspec:\n  selector: {matchLabels: {app: big}}\n  template:\n    metadata: {labels: {app: big}}\n    spec:\n      containers: [{name: big, image: 'example.com/big:1.0', resources: {requests: {cpu: '3'}}}]\n";

  @Test
  public void thePendingPredictionReachesJava() {
    DaemonSetPlacement ds = Placement.previewYaml(BIG_DAEMON).getDaemonSets().get(0);
    assertEquals(3, ds.getPending().intValue());
    NodePlacement worker = ds.getNodes().get(1);
    assertEquals("kind-worker", worker.getNode());
    assertEquals("Insufficient cpu: requests 3, 2700m free of 3800m", worker.getPendingReasons().get(0));
    ClusterInventory empty = ClusterInventory.sample().withPodsJson("{\"kind\": \"List\", \"items\": []}");
    assertEquals(0, Placement.previewYaml(BIG_DAEMON, empty).getDaemonSets().get(0).getPending().intValue());
  }

  @Test
  public void errorsReachJavaInTheLibraryForm() {
    App app = new App();
    Chart chart = new Chart(app, "smoke");
    try {
      MonitoringDaemon.Builder.create(chart, "node-exporter").port(0).build();
      fail("port 0 was accepted");
    } catch (RuntimeException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("[smoke/node-exporter] port = 0: must be an integer from 1 to 65535. Fix:"));
    }
  }
}
