import { describe, expect, it } from "vitest";
import { fieldVisible, formToSettings, humanize, pluginForm, settingsToForm } from "~/domain/sources/plugin-form";
import { requireSourcePlugin } from "~/domain/plugins/registry";

describe("plugin forms generated from the zod schemas", () => {
  it("turns the Azure form's flat values into a config the plugin schema accepts, leaving hidden fields out", () => {
    const form = pluginForm("azure-cost-details");
    const values = {
      ...settingsToForm(form, {}),
      "scope.kind": "eaDepartment",
      "scope.billingAccountId": " 12345678 ",
      "scope.departmentId": "42",
      "scope.billingProfileId": "left over from another choice",
      tenantId: "tenant",
      clientId: "client",
      clientSecret: "s3cret",
      authorityHost: "",
    };
    expect(form.fields.filter((f) => fieldVisible(f, values)).map((f) => f.key)).not.toContain("scope.billingProfileId");
    const { config, secrets } = formToSettings(form, values);
    expect(config).toEqual({ scope: { kind: "eaDepartment", billingAccountId: "12345678", departmentId: "42" }, tenantId: "tenant", clientId: "client", metrics: ["ActualCost", "AmortizedCost"] });
    expect(secrets).toEqual({ clientSecret: "s3cret" });
    expect(requireSourcePlugin("azure-cost-details").configSchema.parse(config)).toMatchObject({ scope: { kind: "eaDepartment" } });
    expect(settingsToForm(form, config)).toMatchObject({ "scope.kind": "eaDepartment", "scope.departmentId": "42", tenantId: "tenant" });
    expect(settingsToForm(form, config)).not.toHaveProperty("clientSecret");
  });

  it("fills defaults for a new S3 source and labels fields for people", () => {
    const form = pluginForm("azure-exports-s3");
    expect(settingsToForm(form, {})).toEqual({ region: "us-east-1", prefix: "", forcePathStyle: true });
    expect(form.fields.map((f) => f.label)).toEqual(["Endpoint", "Region", "Bucket", "Prefix", "Force path style", "Access key ID", "Secret access key"]);
    expect(humanize("mcaBillingProfile")).toBe("MCA billing profile");
    expect(pluginForm("file-upload")).toMatchObject({ fields: [], pullsMonths: false });
  });
});
