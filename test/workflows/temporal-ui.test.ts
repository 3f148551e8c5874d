/** TEMPORAL_UI_URL: checked like every other URL setting, and the links built from it. */
import { describe, expect, it } from "vitest";
import { parseEnv } from "~/domain/runtime/env";
import { temporalUiBase, temporalUiExecution, temporalUiSchedule } from "~/domain/workflows/temporal-ui";

describe("TEMPORAL_UI_URL", () => {
  it("is optional and must be an http(s) URL", () => {
    expect(parseEnv({}).TEMPORAL_UI_URL).toBeUndefined();
    expect(parseEnv({ TEMPORAL_UI_URL: "" }).TEMPORAL_UI_URL).toBeUndefined();
    expect(() => parseEnv({ TEMPORAL_UI_URL: "temporal-ui:8080" })).toThrow(/TEMPORAL_UI_URL.*must be a URL starting with http:\/\/ or https:\/\//s);
  });

  it("links the namespace, an execution and a schedule, with ids encoded", () => {
    const base = temporalUiBase({ TEMPORAL_UI_URL: "http://localhost:8080/", TEMPORAL_NAMESPACE: "abi prod" });
    expect(base).toBe("http://localhost:8080/namespaces/abi%20prod");
    expect(temporalUiExecution(base!, "ingest-a/b-2025-03", "6f1c")).toBe("http://localhost:8080/namespaces/abi%20prod/workflows/ingest-a%2Fb-2025-03/6f1c/history");
    expect(temporalUiSchedule(base!, "daily-x")).toBe("http://localhost:8080/namespaces/abi%20prod/schedules/daily-x");
    expect(temporalUiBase({ TEMPORAL_NAMESPACE: "default" })).toBeNull();
  });
});
