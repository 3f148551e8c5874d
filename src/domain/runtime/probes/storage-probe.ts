import type { ObjectStore } from "../../storage/object-store";
import type { ProbeResult } from "./types";

/**
 * Objects and bytes in the platform object store. A full listing (S3 ListObjectsV2 pages, or a
 * folder walk): fine for the archive sizes ABI expects, and what the card says it is.
 */
export async function storageProbe(store: ObjectStore): Promise<ProbeResult> {
  const objects = await store.list("");
  return {
    details: {
      location: store.description,
      objects: objects.length,
      "bucket size": objects.reduce((n, o) => n + o.bytes, 0),
      counted: "full listing",
    },
  };
}
