#!/usr/bin/env node
// Validates Kubernetes manifests offline against the Kubernetes API's OpenAPI schemas (kubernetes-models), for
// `npm run lint:packaging` and the unit spec of deploy/k8s. An ES module because kubernetes-models is one (its
// package exports have no `require` condition).
//
//   node scripts/k8s-validate.mjs [--json] <file or folder>...
//
// Every document of every .yaml file is checked against the schema of its apiVersion and kind; a kind with no
// schema is an error. kustomization.yaml is kustomize's input, not a cluster resource: it is skipped here (the
// unit spec checks that it lists every file). Exit code 1 when any document is invalid.
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const files = args
  .filter((arg) => arg !== '--json')
  .flatMap((target) =>
    fs.statSync(target).isDirectory()
      ? fs
          .readdirSync(target)
          .filter((name) => /\.ya?ml$/.test(name))
          .sort()
          .map((name) => path.join(target, name))
      : [target],
  )
  .filter((file) => path.basename(file) !== 'kustomization.yaml');

/** The model class of `apiVersion`/`kind`: `kubernetes-models/apps/v1/Deployment`, `kubernetes-models/v1/Service`. */
async function modelFor(apiVersion, kind) {
  // Only names of the package's own paths (`apps/v1`, `v1`; `Deployment`), never `..` or a URL.
  const [version, group, extra] = apiVersion.split('/').reverse();
  const safe = (part) => part === undefined || /^[a-z0-9.-]+$/.test(part);
  if (
    extra !== undefined ||
    !/^v\d/.test(version) ||
    !safe(version) ||
    !safe(group) ||
    !/^[A-Z]\w+$/.test(kind)
  ) {
    return undefined;
  }
  try {
    return (await import(`kubernetes-models/${apiVersion}/${kind}`))[kind];
  } catch {
    return undefined;
  }
}

async function validate(file) {
  const results = [];
  const documents = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  for (const [index, document] of documents.entries()) {
    const errors = document.errors.map((error) => `YAML: ${error.message}`);
    const manifest = errors.length === 0 ? document.toJS() : null;
    if (manifest === null || manifest === undefined) {
      results.push({
        file,
        index,
        kind: null,
        name: null,
        errors: errors.length ? errors : ['empty document'],
      });
      continue;
    }
    const { apiVersion, kind, metadata } = manifest;
    const Model = await modelFor(String(apiVersion), String(kind));
    if (!Model) {
      errors.push(`no Kubernetes schema for apiVersion ${apiVersion}, kind ${kind}`);
    } else {
      try {
        new Model(manifest).validate();
      } catch (error) {
        const details = Array.isArray(error.errors)
          ? error.errors.map((detail) => `${detail.instancePath || '/'} ${detail.message}`)
          : [String(error.message)];
        errors.push(...details);
      }
    }
    results.push({ file, index, kind: kind ?? null, name: metadata?.name ?? null, errors });
  }
  return results;
}

const results = (await Promise.all(files.map(validate))).flat();
const invalid = results.filter((result) => result.errors.length > 0);
if (asJson) {
  console.log(JSON.stringify(results, null, 2));
} else {
  for (const result of invalid) {
    for (const error of result.errors) {
      console.log(`${result.file} #${result.index} ${result.kind ?? '?'}/${result.name ?? '?'}: ${error}`);
    }
  }
  console.log(`${results.length} Kubernetes documents in ${files.length} files, ${invalid.length} invalid`);
}
process.exitCode = invalid.length > 0 ? 1 : 0;
