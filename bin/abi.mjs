#!/usr/bin/env node
// The CLI is TypeScript shared with the app and worker; tsx runs it without a build step.
import { tsImport } from "tsx/esm/api";

await tsImport("../src/cli/main.ts", import.meta.url);
