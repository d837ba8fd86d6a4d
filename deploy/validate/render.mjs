// Renders the kustomize overlays of deploy/k8s into plain objects, with
// nothing but kubectl (no npm package): `kubectl kustomize` builds the YAML,
// and `kubectl annotate --local ... -o jsonpath={@}` (removing an annotation
// that no object has, without contacting any cluster) re-reads it with the
// same YAML decoder kubectl apply uses (YAML 1.1: 0444 is octal, as the API
// would see it) and prints one JSON object a line.
//
//   import { overlayDirs, render } from './render.mjs';
//   const { yaml, objects } = render(overlayDirs()[0]);
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const K8S_DIR = path.resolve(here, '../k8s');
export const OVERLAYS_DIR = path.join(K8S_DIR, 'overlays');

// Every overlay directory (one with a kustomization.yaml), sorted.
export function overlayDirs() {
  return readdirSync(OVERLAYS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(OVERLAYS_DIR, d.name, 'kustomization.yaml')))
    .map((d) => path.join(OVERLAYS_DIR, d.name))
    .sort();
}

const kubectlEnv = { ...process.env, KUBECONFIG: '/dev/null' };

// { yaml, objects }: the overlay's kustomize output and its objects.
export function render(dir) {
  const yaml = execFileSync('kubectl', ['kustomize', dir], {
    env: kubectlEnv, encoding: 'utf8', maxBuffer: 64 << 20,
  });
  const json = execFileSync(
    'kubectl',
    ['annotate', '--local', '-f', '-', 'statusinfo-render-noop-', '-o', 'jsonpath={@}{"\\n"}'],
    { env: kubectlEnv, input: yaml, encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const objects = json.split('\n').filter((l) => l.trim() !== '').map((l) => {
    const o = JSON.parse(l);
    // The annotate round trip adds an empty map where there was none.
    if (o.metadata && o.metadata.annotations && Object.keys(o.metadata.annotations).length === 0) {
      delete o.metadata.annotations;
    }
    return o;
  });
  const documents = yaml.split(/^---$/m).filter((d) => /^kind:/m.test(d)).length;
  if (documents !== objects.length) {
    throw new Error(`${dir}: kustomize rendered ${documents} documents, decoded ${objects.length}`);
  }
  return { yaml, objects };
}

// "Kind/name" of an object, for messages.
export function describe(o) {
  return `${o.kind}/${o.metadata?.name}`;
}
