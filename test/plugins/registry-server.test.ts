import { registrySuite } from "./registry-suite";

registrySuite("server");
