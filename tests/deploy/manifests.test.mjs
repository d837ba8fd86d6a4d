// Properties of the rendered Kubernetes manifests (deploy/k8s) that must not
// regress silently: probes aimed at the gRPC port, the pod and container
// securityContext, port names (grpc, metrics, http), the grace period against
// the drain settings,
// the Services, PDB, HPA and NetworkPolicy, and each overlay's own promises.
// Needs node and kubectl only (deploy/validate/render.mjs); no cluster.
//   node --test tests/deploy/manifests.test.mjs
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { overlayDirs, render } from '../../deploy/validate/render.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dockerfile = readFileSync(path.join(repo, 'deploy/Dockerfile'), 'utf8');
const [imageUid, imageGid] = /^USER (\d+):(\d+)$/m.exec(dockerfile).slice(1).map(Number);
const exposed = [...dockerfile.matchAll(/^EXPOSE (.*)$/gm)]
  .flatMap((m) => m[1].trim().split(/\s+/)).map((p) => Number(p.split('/')[0]));

const GRPC_PORT = 50051;
const METRICS_PORT = 9090;
// The HTTP/JSON API and web page (STATUSINFO_HTTP_ADDRESS).
const HTTP_PORT = 8080;
// The plaintext health-only listener (STATUSINFO_HEALTH_ADDRESS), there for
// the kubelet's gRPC probes when the gRPC port requires client certificates.
const HEALTH_PORT = 8081;
const SERVICE_NAME = 'statusinfo.v1.StatusInfoService';
// The server's defaults (service/main.cc) when the env does not set them.
const DEFAULT_DRAIN_S = 5;
const DEFAULT_SHUTDOWN_S = 10;
const DEFAULT_MEMORY_QUOTA_BYTES = 256 * 2 ** 20;
// The server's resident memory when idle (deploy/k8s/base/deployment.yaml).
const IDLE_RSS_BYTES = 20 * 2 ** 20;
const NAMESPACED = new Set(['ServiceAccount', 'ConfigMap', 'Secret', 'Service', 'Deployment',
  'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'ServiceMonitor']);

// "128Mi", "1Gi", "64M", "1000" -> bytes (Kubernetes quantities).
function bytes(quantity) {
  const units = { '': 1, k: 1e3, M: 1e6, G: 1e9, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };
  const m = /^(\d+)(|k|M|G|Ki|Mi|Gi)$/.exec(String(quantity));
  assert.ok(m, `cannot parse quantity ${quantity}`);
  return Number(m[1]) * units[m[2]];
}

// "1m30s", "500ms", "5s" -> seconds (absl::Duration / Go syntax).
function seconds(duration) {
  const units = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, ns: 1e-9 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|us|ns|h|m|s)/g;
  let m;
  let consumed = '';
  while ((m = re.exec(duration))) { total += Number(m[1]) * units[m[2]]; consumed += m[0]; }
  assert.equal(consumed, duration, `cannot parse duration ${duration}`);
  return total;
}

function env(container) {
  return Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));
}

function selects(selector, labels) {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v) && Object.keys(selector ?? {}).length > 0;
}

const overlays = overlayDirs();

test('there are dev and prod overlays', () => {
  const names = overlays.map((d) => path.basename(d));
  assert.ok(names.includes('dev') && names.includes('prod'), names.join(','));
});

for (const dir of overlays) {
  const overlay = path.basename(dir);
  const { objects } = render(dir);
  const of = (kind) => objects.filter((o) => o.kind === kind);
  const deployments = of('Deployment');
  const deployment = deployments[0];
  const pod = deployment?.spec.template.spec;
  const podLabels = deployment?.spec.template.metadata.labels ?? {};
  const server = pod?.containers.find((c) => c.name === 'server');
  const vars = server ? env(server) : {};
  const tls = Boolean(vars.STATUSINFO_TLS_CERT_FILE);
  const grpcPort = server?.ports.find((p) => p.name === 'grpc');
  const metricsPort = server?.ports.find((p) => p.name === 'metrics');
  const httpPort = server?.ports.find((p) => p.name === 'http');
  const healthPort = server?.ports.find((p) => p.name === 'health');

  describe(`overlay ${overlay}`, () => {
    test('one Deployment with a container named server', () => {
      assert.equal(deployments.length, 1);
      assert.ok(server, 'no container named server');
    });

    test('everything namespaced is in the overlay namespace, which enforces restricted', () => {
      const ns = of('Namespace');
      assert.equal(ns.length, 1);
      const name = ns[0].metadata.name;
      assert.equal(ns[0].metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
      for (const o of objects.filter((x) => NAMESPACED.has(x.kind))) {
        assert.equal(o.metadata.namespace, name, `${o.kind}/${o.metadata.name}`);
      }
    });

    test('ports: grpc 50051, metrics 9090 and http 8080, exposed by the image, matching the env', () => {
      assert.equal(grpcPort?.containerPort, GRPC_PORT);
      assert.equal(metricsPort?.containerPort, METRICS_PORT);
      // With mutual TLS the same port serves HTTPS.
      assert.equal(httpPort?.containerPort, HTTP_PORT);
      // The health port is opt-in (the mtls component), so the image does
      // not EXPOSE it.
      for (const p of server.ports.filter((x) => x !== healthPort)) {
        assert.ok(exposed.includes(p.containerPort), `image does not EXPOSE ${p.containerPort}`);
      }
      assert.match(vars.STATUSINFO_ADDRESS, new RegExp(`:${GRPC_PORT}$`));
      assert.match(vars.STATUSINFO_METRICS_ADDRESS, new RegExp(`:${METRICS_PORT}$`));
      assert.match(vars.STATUSINFO_HTTP_ADDRESS, new RegExp(`:${HTTP_PORT}$`));
      // Bound the way the gRPC address is, so that both reach the same
      // interfaces.
      assert.equal(vars.STATUSINFO_HTTP_ADDRESS.replace(/:\d+$/, ''),
        vars.STATUSINFO_ADDRESS.replace(/:\d+$/, ''));
    });

    test('health port: with mutual TLS only, 8081, matching the env', () => {
      if (tls) {
        assert.equal(healthPort?.containerPort, HEALTH_PORT);
        assert.match(vars.STATUSINFO_HEALTH_ADDRESS ?? '', new RegExp(`:${HEALTH_PORT}$`));
      } else {
        // Plaintext: the probes use the gRPC port; no second listener.
        assert.equal(healthPort, undefined);
        assert.equal(vars.STATUSINFO_HEALTH_ADDRESS, undefined);
      }
    });

    test('configuration through env only: the image entrypoint, no command or args', () => {
      assert.equal(server.command, undefined);
      assert.equal(server.args, undefined);
      for (const name of Object.keys(vars)) assert.match(name, /^STATUSINFO_[A-Z_]+$/);
    });

    test('startup, readiness and liveness probes: native gRPC, on the gRPC or health port', () => {
      // The kubelet's gRPC probe speaks plaintext with no client
      // certificate: under mTLS it would fail forever on the gRPC port, so
      // it goes to the plaintext health-only port instead.
      const probed = tls ? healthPort : grpcPort;
      assert.ok(probed, 'no port to probe');
      for (const kind of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        const probe = server[kind];
        assert.ok(probe, `no ${kind}`);
        assert.equal(probe.tcpSocket, undefined, `${kind}: TCP cannot see NOT_SERVING`);
        assert.equal(probe.grpc?.port, probed.containerPort, `${kind}: ${JSON.stringify(probe)}`);
        assert.ok(probe.timeoutSeconds >= 1 && probe.periodSeconds >= 1);
      }
      // Readiness follows the service's own status, NOT_SERVING in the drain.
      assert.equal(server.readinessProbe.grpc.service, SERVICE_NAME);
      // Room to start: at least 10 s before the startup probe gives up.
      assert.ok(server.startupProbe.periodSeconds * server.startupProbe.failureThreshold >= 10);
    });

    test('terminationGracePeriodSeconds exceeds drain delay plus shutdown timeout', () => {
      const drain = vars.STATUSINFO_DRAIN_DELAY ? seconds(vars.STATUSINFO_DRAIN_DELAY) : DEFAULT_DRAIN_S;
      const shutdown = vars.STATUSINFO_SHUTDOWN_TIMEOUT ? seconds(vars.STATUSINFO_SHUTDOWN_TIMEOUT) : DEFAULT_SHUTDOWN_S;
      assert.ok(pod.terminationGracePeriodSeconds > drain + shutdown,
        `grace ${pod.terminationGracePeriodSeconds}s <= drain ${drain}s + shutdown ${shutdown}s`);
    });

    test('pod securityContext: non-root as the image user, seccomp RuntimeDefault', () => {
      const sc = pod.securityContext;
      assert.equal(sc.runAsNonRoot, true);
      assert.equal(sc.runAsUser, imageUid);
      assert.equal(sc.runAsGroup, imageGid);
      assert.equal(sc.seccompProfile?.type, 'RuntimeDefault');
      for (const host of ['hostNetwork', 'hostPID', 'hostIPC']) assert.notEqual(pod[host], true, host);
    });

    test('container securityContext: read-only root, no escalation, no capabilities', () => {
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        const sc = c.securityContext;
        assert.ok(sc, `${c.name}: no securityContext`);
        assert.equal(sc.readOnlyRootFilesystem, true, c.name);
        assert.equal(sc.allowPrivilegeEscalation, false, c.name);
        assert.notEqual(sc.privileged, true, c.name);
        assert.deepEqual(sc.capabilities?.drop, ['ALL'], c.name);
        assert.equal(sc.capabilities?.add, undefined, c.name);
        assert.notEqual(sc.runAsNonRoot, false, c.name);
        assert.notEqual(sc.runAsUser, 0, c.name);
        assert.equal((sc.seccompProfile ?? pod.securityContext.seccompProfile)?.type, 'RuntimeDefault', c.name);
      }
    });

    test('service account mounts no token', () => {
      assert.equal(pod.automountServiceAccountToken, false);
      const sa = of('ServiceAccount').find((s) => s.metadata.name === pod.serviceAccountName);
      assert.ok(sa, `ServiceAccount ${pod.serviceAccountName} not rendered`);
      assert.equal(sa.automountServiceAccountToken, false);
    });

    test('resources: CPU and memory requests, memory limit', () => {
      const r = server.resources;
      assert.ok(r?.requests?.cpu && r?.requests?.memory && r?.limits?.memory, JSON.stringify(r));
    });

    test('memory quota set, and below the memory limit with room for the idle process', () => {
      const limit = bytes(server.resources.limits.memory);
      const quota = Number(vars.STATUSINFO_MEMORY_QUOTA_BYTES ?? DEFAULT_MEMORY_QUOTA_BYTES);
      assert.ok(quota >= 1 << 20, `quota ${quota} under the server's 1 MiB minimum`);
      assert.ok(quota + IDLE_RSS_BYTES <= limit, `quota ${quota} + idle RSS does not fit the limit ${limit}`);
    });

    test('topology spread across zones and nodes, over this pod set', () => {
      const keys = (pod.topologySpreadConstraints ?? []).map((t) => {
        assert.ok(selects(t.labelSelector.matchLabels, podLabels), 'spread selector does not match the pods');
        return t.topologyKey;
      });
      assert.ok(keys.includes('topology.kubernetes.io/zone') && keys.includes('kubernetes.io/hostname'), keys.join(','));
    });

    test('image pinned: a tag other than latest, and a pull policy', () => {
      assert.match(server.image, /:[\w][\w.-]*$/);
      assert.doesNotMatch(server.image, /:latest$/);
      assert.ok(server.imagePullPolicy);
    });

    test('ClusterIP Service: grpc (appProtocol grpc), metrics and http, to the named container ports', () => {
      const svc = of('Service').filter((s) => s.spec.clusterIP !== 'None');
      assert.equal(svc.length, 1);
      assert.ok(selects(svc[0].spec.selector, podLabels), 'selector does not match the pods');
      const grpc = svc[0].spec.ports.find((p) => p.name === 'grpc');
      assert.equal(grpc?.appProtocol, 'grpc');
      assert.equal(grpc.targetPort, 'grpc');
      assert.equal(svc[0].spec.ports.find((p) => p.name === 'metrics')?.targetPort, 'metrics');
      const http = svc[0].spec.ports.find((p) => p.name === 'http');
      assert.equal(http?.port, HTTP_PORT);
      assert.equal(http.targetPort, 'http');
      // Under mutual TLS the HTTP listener serves HTTPS (same certificate).
      assert.equal(http.appProtocol, tls ? 'https' : 'http');
      // The plaintext health port is for the kubelet alone.
      for (const s of of('Service')) {
        assert.ok(!s.spec.ports.some((p) => ['health', HEALTH_PORT].includes(p.targetPort)), s.metadata.name);
      }
    });

    test('headless Service for client-side round robin', () => {
      const svc = of('Service').filter((s) => s.spec.clusterIP === 'None');
      assert.equal(svc.length, 1);
      assert.ok(selects(svc[0].spec.selector, podLabels));
      const grpc = svc[0].spec.ports.find((p) => p.name === 'grpc');
      assert.equal(grpc?.appProtocol, 'grpc');
      assert.notEqual(svc[0].spec.publishNotReadyAddresses, true);
    });

    test('PodDisruptionBudget covers the pods and allows one disruption', () => {
      const pdb = of('PodDisruptionBudget');
      assert.equal(pdb.length, 1);
      assert.ok(selects(pdb[0].spec.selector.matchLabels, podLabels));
      const replicas = deployment.spec.replicas;
      if (pdb[0].spec.minAvailable !== undefined) assert.ok(pdb[0].spec.minAvailable < replicas);
      else assert.ok(pdb[0].spec.maxUnavailable >= 1);
    });

    test('HorizontalPodAutoscaler (when present): autoscaling/v2 on CPU, at least 2 replicas', () => {
      for (const hpa of of('HorizontalPodAutoscaler')) {
        assert.equal(hpa.apiVersion, 'autoscaling/v2');
        assert.deepEqual([hpa.spec.scaleTargetRef.kind, hpa.spec.scaleTargetRef.name], ['Deployment', deployment.metadata.name]);
        assert.ok(hpa.spec.metrics.some((m) => m.type === 'Resource' && m.resource.name === 'cpu'));
        assert.ok(hpa.spec.minReplicas >= 2 && hpa.spec.minReplicas <= hpa.spec.maxReplicas);
        assert.ok(deployment.spec.replicas >= hpa.spec.minReplicas);
      }
    });

    test('NetworkPolicy admits only the gRPC, metrics and HTTP ports', () => {
      const np = of('NetworkPolicy');
      assert.equal(np.length, 1);
      assert.ok(selects(np[0].spec.podSelector.matchLabels, podLabels));
      assert.ok(np[0].spec.policyTypes.includes('Ingress'));
      const ports = np[0].spec.ingress.flatMap((rule) => {
        assert.ok(rule.ports?.length, 'an ingress rule without ports admits every port');
        return rule.ports.map((p) => `${p.protocol ?? 'TCP'}/${p.port}`);
      });
      assert.deepEqual([...new Set(ports)].sort(),
        [`TCP/${GRPC_PORT}`, `TCP/${METRICS_PORT}`, `TCP/${HTTP_PORT}`].sort());
      // Not the plaintext health port: only the node's probes need it, and
      // NetworkPolicy does not filter them.
      assert.ok(!ports.includes(`TCP/${HEALTH_PORT}`));
    });

    test('volumes are mounted read-only; the catalog file and TLS files come from them', () => {
      const mounts = server.volumeMounts ?? [];
      for (const m of mounts) assert.equal(m.readOnly, true, `${m.name} mounted writable`);
      const from = (file) => mounts.find((m) => file.startsWith(m.mountPath + '/'));
      if (vars.STATUSINFO_CATALOG_FILE) {
        const m = from(vars.STATUSINFO_CATALOG_FILE);
        assert.ok(m, 'catalog file not under a mount');
        const volume = pod.volumes.find((v) => v.name === m.name);
        const cm = of('ConfigMap').find((c) => c.metadata.name === volume.configMap?.name);
        assert.ok(cm, `ConfigMap ${volume.configMap?.name} not rendered`);
        assert.ok(path.basename(vars.STATUSINFO_CATALOG_FILE) in cm.data);
      }
      for (const v of ['STATUSINFO_TLS_CERT_FILE', 'STATUSINFO_TLS_KEY_FILE', 'STATUSINFO_TLS_CLIENT_CA_FILE']) {
        if (!vars[v]) continue;
        const m = from(vars[v]);
        assert.ok(m, `${v} not under a mount`);
        assert.ok(pod.volumes.find((x) => x.name === m.name).secret, `${v}: not from a Secret`);
      }
    });

    if (overlay === 'dev') {
      test('dev: one replica, plaintext, debug logs, no autoscaler', () => {
        assert.equal(deployment.spec.replicas, 1);
        assert.equal(tls, false);
        assert.equal(vars.STATUSINFO_LOG_LEVEL, 'debug');
        assert.equal(of('HorizontalPodAutoscaler').length, 0);
      });
    }
    if (overlay.startsWith('prod')) {
      test('prod: several replicas, mutual TLS, JSON logs, Prometheus annotations', () => {
        assert.ok(deployment.spec.replicas >= 3);
        assert.ok(tls && vars.STATUSINFO_TLS_KEY_FILE && vars.STATUSINFO_TLS_CLIENT_CA_FILE, 'not mutual TLS');
        assert.equal(vars.STATUSINFO_LOG_FORMAT, 'json');
        const a = deployment.spec.template.metadata.annotations ?? {};
        assert.equal(a['prometheus.io/scrape'], 'true');
        assert.equal(Number(a['prometheus.io/port']), METRICS_PORT);
        assert.equal(a['prometheus.io/path'], '/metrics');
        assert.ok(of('HorizontalPodAutoscaler').length === 1);
      });
    }
    for (const sm of of('ServiceMonitor')) {
      test('ServiceMonitor scrapes the metrics port of a rendered Service', () => {
        const svc = of('Service').filter((s) => selects(sm.spec.selector.matchLabels, s.metadata.labels ?? {}));
        assert.ok(svc.some((s) => s.spec.ports.some((p) => p.name === sm.spec.endpoints[0].port)));
        assert.equal(sm.spec.endpoints[0].port, 'metrics');
      });
    }
  });
}
