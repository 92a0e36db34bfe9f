// Validates custom resources against their operators' CRD schemas, as @kubernetes-models packages
// them (package.json pins the versions). Reads a JSON array of objects on stdin; prints one line
// per object that fails, or whose kind no package here knows; exits 1 if any did.
// tests/deploy/test_schemas.py runs it on every rendered overlay.
const PACKAGES = {
  "keda.sh": "@kubernetes-models/keda",
  "cert-manager.io": "@kubernetes-models/cert-manager",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
};

async function problem(object) {
  const [group, version] = object.apiVersion.split("/");
  const name = `${object.kind}/${object.metadata?.name}`;
  if (!PACKAGES[group]) return `${name}: no schema for ${object.apiVersion}`;
  let model;
  try {
    model = (await import(`${PACKAGES[group]}/${group}/${version}/${object.kind}`))[object.kind];
  } catch {
    return `${name}: no schema for ${object.apiVersion} ${object.kind}`;
  }
  try {
    new model(object).validate();
    return null;
  } catch (error) {
    return `${name}: ${error.message}`;
  }
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const problems = (await Promise.all(JSON.parse(Buffer.concat(chunks).toString()).map(problem))).filter(Boolean);
for (const line of problems) console.log(line);
process.exit(problems.length ? 1 : 0);
