/**
 * `abi plugins list|install|upgrade|rollback|uninstall` and `abi sources list` on an embedded data
 * directory, through the real CLI. Expected output is written out by hand.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAbi } from "../helpers/run-abi";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-cli-plugins-"));
const abi = (args: string[]) => runAbi(dataDir, args);

describe("abi plugins", () => {
  it("lists the built-ins as JSON in the documented shape", async () => {
    const r = await abi(["plugins", "list", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { id: "azure-cost-details", name: "Azure Cost Details API", kind: "source", versions: ["1.0.0"], installedVersion: "1.0.0", enabled: true },
      { id: "azure-exports-s3", name: expect.any(String), kind: "source", versions: ["1.0.0"], installedVersion: "1.0.0", enabled: true },
      { id: "email-smtp", name: "E-mail (SMTP)", kind: "notifier", versions: ["1.0.0"], installedVersion: "1.0.0", enabled: true },
      { id: "file-upload", name: expect.any(String), kind: "source", versions: ["1.0.0"], installedVersion: "1.0.0", enabled: true },
      { id: "focus-files", name: expect.any(String), kind: "source", versions: ["1.0.0"], installedVersion: "1.0.0", enabled: true },
      { id: "signed-webhook", name: expect.any(String), kind: "notifier", versions: ["1.0.0"], installedVersion: "1.0.0", enabled: true },
      { id: "slack-webhook", name: expect.any(String), kind: "notifier", versions: ["1.0.0"], installedVersion: "1.0.0", enabled: true },
      { id: "teams-webhook", name: expect.any(String), kind: "notifier", versions: ["1.0.0"], installedVersion: "1.0.0", enabled: true },
    ]);
    expect(Object.keys(JSON.parse(r.stdout)[0])).toEqual(["id", "name", "kind", "versions", "installedVersion", "enabled"]);
  });

  it("uninstalls, installs again, and refuses what cannot be done with the reason", async () => {
    const un = await abi(["plugins", "uninstall", "azure-cost-details", "--json"]);
    expect(un.code, un.stderr).toBe(0);
    expect(JSON.parse(un.stdout)).toMatchObject({ id: "azure-cost-details", installedVersion: null, enabled: false });
    const inst = await abi(["plugins", "install", "azure-cost-details"]);
    expect(inst.code, inst.stderr).toBe(0);
    expect(inst.stdout.trim()).toBe("azure-cost-details installed 1.0.0");

    const again = await abi(["plugins", "install", "azure-cost-details"]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('abi: plugin "azure-cost-details" is already installed; upgrade or roll it back instead');
    const up = await abi(["plugins", "upgrade", "azure-cost-details"]);
    expect(up.code).toBe(1);
    expect(up.stderr.trim()).toBe("abi: no newer compatible version of azure-cost-details than 1.0.0");
    const back = await abi(["plugins", "rollback", "azure-cost-details"]);
    expect(back.stderr.trim()).toBe("abi: azure-cost-details has no previous version to roll back to");
    const missing = await abi(["plugins", "install"]);
    expect(missing.stderr.trim()).toBe("abi: --id name the plugin");
  });

  it("abi sources list --json answers the sources (none yet)", async () => {
    const r = await abi(["sources", "list", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
