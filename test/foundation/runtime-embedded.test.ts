import { runtimeSuite } from "../helpers/runtime-suite";

runtimeSuite("embedded");
