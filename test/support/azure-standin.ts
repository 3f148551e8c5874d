/** Tests import the Azure stand-in from here; it lives in src/ so the demo mode can run it too. */
export * from "~/domain/sources/azure-cost-details/standin";
