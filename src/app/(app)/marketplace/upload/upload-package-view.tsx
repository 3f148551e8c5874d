"use client";

import Link from "next/link";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import type { RegisteredPackage } from "~/domain/plugins/packages/register-package";


async function uploadPackage(file: File): Promise<RegisteredPackage> {
  const form = new FormData();
  form.append("package", file, file.name);
  const res = await fetch("/api/plugins/packages", { method: "POST", body: form });
  const body = (await res.json().catch(() => ({}))) as RegisteredPackage & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `The upload failed (HTTP ${res.status})`);
  return body;
}

export function UploadPackageView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({ mutationFn: uploadPackage });
  const install = useMutation(trpc.plugins.install.mutationOptions({ onSuccess: () => qc.invalidateQueries() }));
  const pkg = upload.data;

  return (
    <>
      <p><Link href="/marketplace">← Marketplace</Link></p>
      <h1>Upload a plugin package</h1>
      <p className="muted">
        A plugin package is a <span className="mono">.tgz</span> made with <span className="mono">npm pack</span>, its manifest in the{" "}
        <span className="mono">abi</span> key of package.json. Check its checksum and compatibility before installing it.
      </p>
      <form
        className="panel"
        onSubmit={(e) => {
          e.preventDefault();
          if (file) {
            install.reset();
            upload.mutate(file);
          }
        }}
      >
        <label>
          Package (.tgz)
          <input type="file" name="package" accept=".tgz,.tar.gz,application/gzip" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <button type="submit" disabled={!file || upload.isPending}>{upload.isPending ? "Uploading…" : "Upload and check"}</button>
      </form>
      {upload.error && <p className="error" role="alert">{upload.error.message}</p>}

      {pkg && (
        <section className="panel" aria-label="Uploaded package">
          <h2>{pkg.name} {pkg.version}</h2>
          <table aria-label="Package">
            <tbody>
              <tr><th>Plugin id</th><td className="mono">{pkg.id}</td></tr>
              <tr><th>Version</th><td className="mono">{pkg.version}</td></tr>
              <tr><th>Publisher</th><td>{pkg.manifest.publisher}</td></tr>
              <tr><th>SHA-256</th><td className="mono" data-testid="package-sha256">{pkg.sha256}</td></tr>
              <tr><th>ABI range</th><td className="mono">{pkg.manifest.abi}</td></tr>
              <tr><th>Needs plugins</th><td>{Object.entries(pkg.manifest.dependencies).map(([id, r]) => `${id} ${r}`).join(", ") || "none"}</td></tr>
              <tr>
                <th>Compatible</th>
                <td data-testid="package-compatible">{pkg.compatible ? "yes" : <span className="error">no: {pkg.reason}</span>}</td>
              </tr>
            </tbody>
          </table>
          {pkg.manifest.description && <p>{pkg.manifest.description}</p>}
          {pkg.manifest.changelog && <pre className="small-text">{pkg.manifest.changelog}</pre>}
          {install.isSuccess ? (
            <p role="status">
              Installed {pkg.name} {pkg.version}. <Link href={`/sources/new?plugin=${encodeURIComponent(pkg.id)}`}>Create a data source with it</Link>
            </p>
          ) : (
            <button type="button" disabled={!pkg.compatible || install.isPending} onClick={() => install.mutate({ id: pkg.id, version: pkg.version })}>
              {install.isPending ? "Installing…" : "Install"}
            </button>
          )}
          {install.error && <p className="error" role="alert">{install.error.message}</p>}
        </section>
      )}
    </>
  );
}
