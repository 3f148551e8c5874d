// Preloaded into `next dev|start` by scripts/next.mjs. Unless ABI_TRUST_PROXY=1 (a reverse proxy
// in front sets them), the forwarding headers a client sends are replaced by what the socket says:
// Next.js keeps a client's own X-Forwarded-For, and rate limits key on it (docs/security.md).
import http from "node:http";

if (process.env.ABI_TRUST_PROXY !== "1") {
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, ...args) {
    if (event === "request") {
      const [req] = args;
      req.headers["x-forwarded-for"] = req.socket?.remoteAddress ?? "unknown";
      delete req.headers["x-real-ip"];
      delete req.headers["x-forwarded-proto"];
      delete req.headers["x-forwarded-host"];
    }
    return emit.call(this, event, ...args);
  };
}
