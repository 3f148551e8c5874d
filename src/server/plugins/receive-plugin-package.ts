/**
 * The body of POST /api/plugins/packages: one multipart file field `package` (a .tgz of at most
 * MAX_PLUGIN_PACKAGE_BYTES), streamed to a temporary file and handed to registerPluginPackage. The
 * package is registered (source "upload"), not installed.
 */
import { randomUUID } from "node:crypto";
import { open, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Runtime } from "~/domain/runtime";
import type { AuditOrigin } from "~/domain/audit/record";
import { PluginPackageError } from "~/domain/plugins/packages/manifest";
import { packageHomeFromEnv } from "~/domain/plugins/packages/package-home";
import { registerPluginPackage, type RegisteredPackage } from "~/domain/plugins/packages/register-package";
import { boundaryOf, MultipartError, readMultipart } from "~/server/uploads/multipart";

export const MAX_PLUGIN_PACKAGE_BYTES = 20 * 1024 * 1024;

export class PackageUploadError extends Error {
  override name = "PackageUploadError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function receivePluginPackage(
  rt: Runtime,
  req: { body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null; contentType: string | null },
  origin: AuditOrigin,
): Promise<RegisteredPackage> {
  if (!req.body) throw new PackageUploadError("The request has no body", 400);
  let boundary: string;
  try {
    boundary = boundaryOf(req.contentType);
  } catch (err) {
    throw new PackageUploadError((err as Error).message, 415);
  }
  const tmp = path.join(os.tmpdir(), `abi-plugin-upload-${randomUUID()}.tgz`);
  const file = await open(tmp, "w");
  try {
    let bytes = 0;
    let inPackage = false;
    let seen = false;
    try {
      for await (const ev of readMultipart(req.body as AsyncIterable<Uint8Array>, boundary)) {
        if (ev.type === "part") {
          inPackage = ev.name === "package" && ev.filename !== undefined;
          if (inPackage && seen) throw new PackageUploadError("Send one package at a time", 400);
          if (inPackage) {
            seen = true;
            if (!ev.filename!.toLowerCase().endsWith(".tgz") && !ev.filename!.toLowerCase().endsWith(".tar.gz")) throw new PackageUploadError("A plugin package is a .tgz file (as npm pack makes it)", 415);
          }
        } else if (ev.type === "data" && inPackage) {
          bytes += ev.chunk.length;
          if (bytes > MAX_PLUGIN_PACKAGE_BYTES) throw new PackageUploadError(`The package is larger than ${MAX_PLUGIN_PACKAGE_BYTES / 1024 / 1024} MB`, 413);
          await file.write(ev.chunk);
        }
      }
    } catch (err) {
      if (err instanceof MultipartError) throw new PackageUploadError(err.message, 400);
      throw err;
    } finally {
      await file.close();
    }
    if (!seen || bytes === 0) throw new PackageUploadError("Choose a .tgz plugin package (form field \"package\")", 400);
    return await registerPluginPackage(rt.db, packageHomeFromEnv(rt.env), tmp, { source: "upload", origin });
  } catch (err) {
    if (err instanceof PluginPackageError) throw new PackageUploadError(err.message, 422);
    throw err;
  } finally {
    await rm(tmp, { force: true });
  }
}
