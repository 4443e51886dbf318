// CI step "kubernetes manifests": renders the kustomize base in deploy/k8s as `kubectl apply -k` would
// (kustomize itself is not installed here: its resource list, `labels` and `images` are applied below, and any
// other kustomization field is refused rather than ignored), then validates every object against the
// Kubernetes JSON schemas that the npm package kubernetes-models ships (Kubernetes 1.27; no network), and
// checks what the schemas cannot: names that must meet (selectors, the autoscaler's target, Secret and
// ConfigMap references) and that no secret is written out as a literal value.
// Where kubectl is installed, its built-in kustomize renders the base too, and the two renderings must agree.
// `node scripts/check-k8s.mjs --print` prints the rendered manifests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseAllDocuments, parse as parseYaml, stringify } from 'yaml';
import { ROOT } from './lib/workspace.mjs';

const BASE = join(ROOT, 'deploy/k8s');
const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'labels', 'images']);
// Environment variables that carry credentials: only ever from a Secret (secretKeyRef), never a literal.
const SECRET_VARIABLES = /SECRET|PASSWORD|TOKEN|_KEY|DATABASE_URL|SMTP_URL/;
const require = createRequire(import.meta.url);

const objects = render(BASE);
const problems = [
  ...objects.flatMap(schemaProblems),
  ...crossReferenceProblems(objects),
  ...kustomizeProblems(objects),
];
if (process.argv.includes('--print')) console.log(objects.map((object) => stringify(object)).join('---\n'));
if (problems.length) {
  console.error(`deploy/k8s: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exitCode = 1;
} else {
  console.log(`deploy/k8s: ${objects.length} objects valid (${objects.map(describe).join(', ')})`);
}

/** The objects of the kustomization in `dir`, with its labels and image replacements applied. */
function render(dir) {
  const kustomization = parseYaml(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'));
  const unsupported = Object.keys(kustomization).filter((field) => !SUPPORTED_FIELDS.has(field));
  if (unsupported.length) {
    throw new Error(`kustomization.yaml: ${unsupported.join(', ')} not rendered by ${import.meta.url}`);
  }
  const listed = new Set(kustomization.resources);
  const unlisted = readdirSync(dir).filter(
    (file) => /\.ya?ml$/.test(file) && file !== 'kustomization.yaml' && !listed.has(file),
  );
  if (unlisted.length) throw new Error(`deploy/k8s: not in kustomization.yaml's resources: ${unlisted}`);

  const objects = kustomization.resources.flatMap((file) => {
    if (!existsSync(join(dir, file))) throw new Error(`kustomization.yaml lists ${file}, which is missing`);
    return parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((document) => {
      if (document.errors.length) throw new Error(`${file}: ${document.errors[0].message}`);
      return document.toJS();
    });
  });
  for (const object of objects) {
    for (const { pairs } of kustomization.labels ?? []) {
      object.metadata.labels = { ...object.metadata.labels, ...pairs };
    }
    for (const container of podSpec(object)?.containers ?? []) {
      const image = (kustomization.images ?? []).find(({ name }) => name === container.image);
      if (image) container.image = `${image.newName ?? image.name}:${image.newTag ?? 'latest'}`;
    }
  }
  return objects;
}

/** The schema's complaints about one object: kubernetes-models has one model class per apiVersion and kind. */
function schemaProblems(object) {
  const group = object.apiVersion.includes('/') ? object.apiVersion : `v1`;
  let Model;
  try {
    Model = require(`kubernetes-models/${group}/${object.kind}`)[object.kind];
  } catch {
    return [`${describe(object)}: no schema for ${object.apiVersion} ${object.kind}`];
  }
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${describe(object)}: ${error.message}`];
  }
}

function crossReferenceProblems(objects) {
  const problems = [];
  const named = (kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const configMaps = objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name);
  const workloads = objects.filter(podSpec);

  for (const workload of workloads) {
    const pod = podSpec(workload);
    const podLabels = workload.spec.template.metadata?.labels ?? {};
    if (workload.spec.selector && !matches(workload.spec.selector.matchLabels, podLabels)) {
      problems.push(`${describe(workload)}: its selector does not match its pod template's labels`);
    }
    for (const container of pod.containers) {
      for (const { configMapRef } of container.envFrom ?? []) {
        if (configMapRef && !configMaps.includes(configMapRef.name))
          problems.push(
            `${describe(workload)}: envFrom names ConfigMap ${configMapRef.name}, not in the base`,
          );
      }
      for (const variable of container.env ?? []) {
        if (SECRET_VARIABLES.test(variable.name) && !variable.valueFrom?.secretKeyRef) {
          problems.push(`${describe(workload)}: ${variable.name} must come from a Secret (secretKeyRef)`);
        }
      }
    }
  }
  for (const service of objects.filter((o) => o.kind === 'Service')) {
    if (!workloads.some((w) => matches(service.spec.selector, w.spec.template.metadata?.labels ?? {})))
      problems.push(`${describe(service)}: its selector matches no pod template`);
  }
  for (const budget of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
    if (!workloads.some((w) => matches(budget.spec.selector.matchLabels, w.spec.template.metadata.labels)))
      problems.push(`${describe(budget)}: its selector matches no pod template`);
  }
  for (const autoscaler of objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
    const { kind, name } = autoscaler.spec.scaleTargetRef;
    const target = named(kind, name);
    if (!target) problems.push(`${describe(autoscaler)}: scales ${kind}/${name}, not in the base`);
    else if (podSpec(target).containers.some((c) => !c.resources?.requests?.cpu))
      problems.push(`${describe(autoscaler)}: CPU utilisation needs CPU requests on ${describe(target)}`);
  }
  for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
    for (const path of ingress.spec.rules.flatMap((rule) => rule.http.paths)) {
      const service = named('Service', path.backend.service.name);
      const port = path.backend.service.port;
      if (!service || !service.spec.ports.some((p) => p.name === port.name || p.port === port.number))
        problems.push(
          `${describe(ingress)}: ${path.path} goes to ${path.backend.service.name}, not in the base`,
        );
    }
  }
  return problems;
}

/** Differences from `kubectl kustomize`'s rendering, when kubectl is on the PATH. */
function kustomizeProblems(objects) {
  const kubectl = spawnSync('kubectl', ['kustomize', BASE], { encoding: 'utf8' });
  if (kubectl.error) {
    console.log('kubectl not found: the rendering is not compared with kustomize');
    return [];
  }
  if (kubectl.status !== 0) return [`kubectl kustomize failed: ${kubectl.stderr.trim()}`];
  const theirs = new Map(
    parseAllDocuments(kubectl.stdout).map((document) => {
      const object = document.toJS();
      return [describe(object), canonical(object)];
    }),
  );
  const ours = new Set(objects.map(describe));
  return [
    ...objects
      .filter((object) => theirs.get(describe(object)) !== canonical(object))
      .map((object) => `${describe(object)}: rendered unlike kubectl kustomize`),
    ...[...theirs.keys()].filter((key) => !ours.has(key)).map((key) => `${key}: only kustomize renders it`),
  ];
}

/** JSON with object keys sorted, for comparing two renderings. */
function canonical(value) {
  return JSON.stringify(value, (_key, item) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

function podSpec(object) {
  if (object.kind === 'Deployment' || object.kind === 'Job') return object.spec.template.spec;
  return undefined;
}

function matches(selector = {}, labels = {}) {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

function describe(object) {
  return `${object.kind}/${object.metadata?.name}`;
}
