// Side effects only: see socket-address.mjs.
export {};
