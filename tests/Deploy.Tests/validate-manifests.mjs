// Validates Kubernetes manifests against the OpenAPI schemas in npm `kubernetes-models`
// (+ `@kubernetes-models/validate`), a checker we did not write. It catches missing required fields and wrong types.
// Usage: node validate-manifests.mjs DOCS.json  where DOCS.json is [{ "source": "...", "document": { ...manifest... } }]
// Exit codes: 0 all valid, 1 at least one invalid (messages on stderr), 2 usage or setup error.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const path = process.argv[2];
if (!path) {
  console.error("usage: node validate-manifests.mjs DOCS.json");
  process.exit(2);
}

const require = createRequire(import.meta.url);
let modelsRoot;
try {
  modelsRoot = require.resolve("kubernetes-models/package.json").replace(/package\.json$/, "");
} catch {
  console.error("validate-manifests: npm package kubernetes-models is not installed; run `npm ci` in tests/");
  process.exit(2);
}

// apiVersion "apps/v1" -> kubernetes-models/apps/v1/KIND.js; core "v1" -> kubernetes-models/v1/KIND.js
async function modelFor(apiVersion, kind) {
  const file = `${modelsRoot}${apiVersion}/${kind}.js`;
  try {
    const module = await import(pathToFileURL(file).href);
    return module[kind];
  } catch {
    return undefined;
  }
}

const entries = JSON.parse(await readFile(path, "utf8"));
let failures = 0;
for (const [i, { source, document }] of entries.entries()) {
  const where = `${source} document ${i} (${document?.kind ?? "?"} ${document?.metadata?.name ?? "?"})`;
  if (typeof document?.apiVersion !== "string" || typeof document?.kind !== "string") {
    console.error(`${where}: apiVersion and kind are required`);
    failures++;
    continue;
  }
  const Model = await modelFor(document.apiVersion, document.kind);
  if (!Model) {
    console.error(`${where}: no schema for ${document.apiVersion} ${document.kind} in kubernetes-models`);
    failures++;
    continue;
  }
  try {
    new Model(document).validate();
  } catch (error) {
    const details = (error.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
    console.error(`${where}: ${details || error.message}`);
    failures++;
  }
}
console.log(`validated ${entries.length} documents, ${failures} invalid`);
process.exit(failures === 0 ? 0 : 1);
