/** Bad input a person can fix (unknown file, wrong encoding, missing columns...). Nothing was stored. */
export class IngestInputError extends Error {
  override name = "IngestInputError";
}
