/**
 * Free text people type (names, notes, saved queries). PostgreSQL refuses NUL in text columns
 * (the insert failed as a 500), control characters garble logs and the UI, and a lone UTF-16
 * surrogate cannot be stored as UTF-8 (it silently became U+FFFD). All are refused at the edge.
 */
import { z } from "zod";

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Tab, line feed and carriage return are fine in multi-line text. */
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const BROKEN_TEXT_MESSAGE = "must not contain NUL bytes, control characters or broken Unicode";

/** One line of text: no control characters at all. */
export const singleLineText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !CONTROL.test(s) && !LONE_SURROGATE.test(s), BROKEN_TEXT_MESSAGE);

/** Text that may span lines (tabs and line breaks allowed). */
export const multiLineText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !CONTROL_EXCEPT_LINES.test(s) && !LONE_SURROGATE.test(s), BROKEN_TEXT_MESSAGE);
