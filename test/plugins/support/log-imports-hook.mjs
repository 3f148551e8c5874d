// A Node module hook for lazy-builtins.test.ts: writes "IMPORT <url>" on stderr for every module
// loaded whose URL matches ABI_LOG_IMPORTS (a regular expression).
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`
      const re = new RegExp(process.env.ABI_LOG_IMPORTS);
      export async function load(url, context, next) {
        if (re.test(url)) process.stderr.write("IMPORT " + url + "\\n");
        return next(url, context);
      }
    `),
);
