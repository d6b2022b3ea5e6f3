#!/usr/bin/env node
// node ops/k8s-schema/validate.cjs FILE|DIR...: checks every Kubernetes object in the YAML files (a directory: its
// *.yaml and *.yml files) against the Kubernetes API, two ways:
//   - kubernetes-models' validators, generated from the API's OpenAPI schema (Kubernetes 1.27): types, required
//     fields, enumerations;
//   - TypeScript's excess-property check against the same package's type definitions: a field the API does not have
//     (a misspelling, a field at the wrong level), which the schema validators let through.
// Prints "ok FILE: Kind/name" per object, or "FILE: Kind/name: what is wrong" lines; exit 0 when every object passed,
// 1 when one did not, 2 on bad usage.
"use strict";
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");
const ts = require("typescript");

function files(args) {
  const out = [];
  for (const a of args) {
    if (fs.statSync(a).isDirectory()) {
      for (const f of fs.readdirSync(a).sort()) if (/\.ya?ml$/.test(f)) out.push(path.join(a, f));
    } else {
      out.push(a);
    }
  }
  return out;
}

// apiVersion "v1" -> kubernetes-models/v1/Kind; "apps/v1" -> kubernetes-models/apps/v1/Kind
function modulePath(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !/^[A-Za-z]+$/.test(kind)) return null;
  return "kubernetes-models/" + apiVersion + "/" + kind;
}

function main(args) {
  if (args.length === 0) {
    console.error("usage: node validate.cjs FILE|DIR...");
    return 2;
  }
  const objects = [];
  let failed = 0;
  for (const file of files(args)) {
    const docs = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"));
    for (const doc of docs) {
      if (doc.errors.length) {
        console.log(`${file}: not YAML: ${doc.errors[0].message}`);
        failed++;
        continue;
      }
      const o = doc.toJS();
      if (o === null) continue;
      const label = `${file}: ${o.kind}/${o.metadata && o.metadata.name}`;
      const mod = modulePath(o.apiVersion, o.kind);
      let Model;
      try {
        Model = mod && require(mod)[o.kind];
      } catch (e) {
        Model = undefined;
      }
      if (!Model) {
        console.log(`${label}: unknown apiVersion/kind ${o.apiVersion}/${o.kind}`);
        failed++;
        continue;
      }
      try {
        new Model(o).validate();
      } catch (e) {
        console.log(`${label}: ${e.message}`);
        failed++;
        continue;
      }
      objects.push({ label, mod, kind: o.kind, o });
    }
  }
  failed += unknownFields(objects);
  for (const x of objects) if (!x.bad) console.log(`ok ${x.label}`);
  return failed ? 1 : 0;
}

// One TypeScript file: each object as a literal of its kind's interface, on its own line, so that an error's line
// names the object.
function unknownFields(objects) {
  if (objects.length === 0) return 0;
  const src = path.join(__dirname, `.check-${process.pid}.ts`);
  const lines = ["export {};"];
  const lineOf = [];
  objects.forEach((x, i) => {
    lines.push(`import type { I${x.kind} as T${i} } from ${JSON.stringify(x.mod)};`);
  });
  objects.forEach((x, i) => {
    lineOf[lines.length] = x;
    lines.push(`export const o${i}: T${i} = ${JSON.stringify(x.o)};`);
  });
  fs.writeFileSync(src, lines.join("\n") + "\n");
  let failed = 0;
  try {
    const program = ts.createProgram([src], {
      noEmit: true, strict: true, skipLibCheck: true, target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, types: [],
    });
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const text = ts.flattenDiagnosticMessageText(d.messageText, " ");
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
      const x = lineOf[line];
      if (x) {
        if (!x.bad) failed++;
        x.bad = true;
        console.log(`${x.label}: ${text}`);
      } else {
        console.log(`type check: ${text}`);
        failed++;
      }
    }
  } finally {
    fs.rmSync(src, { force: true });
  }
  return failed;
}

process.exitCode = main(process.argv.slice(2));
