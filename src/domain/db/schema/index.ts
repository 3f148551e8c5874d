export * from "./users";
export * from "./audit-log";
export * from "./data-sources";
export * from "./analytics";
export * from "./access";
export * from "./plugins";
export * from "./workbench";
