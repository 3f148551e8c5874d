export { selfCheck } from "./self-check";
