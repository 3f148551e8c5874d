import { registrySuite } from "./registry-suite";

registrySuite("embedded");
