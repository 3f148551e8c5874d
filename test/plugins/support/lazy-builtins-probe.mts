// Run by lazy-builtins.test.ts in a child process: loads the registry, then calls one capability.
const { requireSourcePlugin } = await import("../../../src/domain/plugins/registry.ts");
process.stderr.write("REGISTRY LOADED\n");
const p = requireSourcePlugin("focus-files");
const steps = await p.testConnection(p.configSchema.parse({ endpoint: "http://127.0.0.1:9", bucket: "billing" }), { accessKeyId: "k", secretAccessKey: "s" });
process.stderr.write(`CALLED ${steps.length}\n`);
