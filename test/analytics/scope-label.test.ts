import { describe, expect, it } from "vitest";
import { describeAnalyticsScope } from "~/domain/analytics/scope-label";

describe("the billing scope in words (report title blocks)", () => {
  it("names all data, no data, and each kind of grant", () => {
    expect(describeAnalyticsScope({ userId: "u", role: "admin", rows: "all" })).toBe("All billing data");
    expect(describeAnalyticsScope({ userId: "u", role: "viewer", rows: [] })).toBe("No billing data (no grants)");
    expect(
      describeAnalyticsScope({ userId: "u", role: "analyst", rows: [{ kind: "sub_account", value: "sub-a" }, { kind: "tag", key: "team", value: "web" }, { kind: "resource_group", value: "rg-1" }] }),
    ).toBe("subscription sub-a or tag team=web or resource group rg-1");
  });
});
