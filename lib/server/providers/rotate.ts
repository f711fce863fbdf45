import "server-only";
import type { Db } from "../db";
import { deriveKey } from "../crypto";
import { decryptSecret, encryptSecret } from "../secrets";

type StoredHeader = { name: string; valueCipher: string; hint: string };

/**
 * Re-encrypts every stored provider secret (API keys, header values) from `oldSecret` to
 * `newSecret` in one transaction: either all move to the new key or none do. Fails before
 * writing anything if a value cannot be decrypted with the old secret.
 */
export async function rotateProviderSecrets(
  db: Db,
  oldSecret: Buffer,
  newSecret: Buffer,
): Promise<{ providers: number; secrets: number }> {
  const oldKey = deriveKey("secrets", oldSecret);
  const newKey = deriveKey("secrets", newSecret);
  const rows = await db.provider.findMany({ select: { id: true, apiKeyCipher: true, headers: true } });
  let secrets = 0;
  const updates = rows.map((row) => {
    const apiKeyCipher = row.apiKeyCipher ? encryptSecret(decryptSecret(row.apiKeyCipher, oldKey), newKey) : null;
    if (apiKeyCipher) secrets++;
    const headers = (Array.isArray(row.headers) ? (row.headers as StoredHeader[]) : []).map((h) => {
      secrets++;
      return { ...h, valueCipher: encryptSecret(decryptSecret(h.valueCipher, oldKey), newKey) };
    });
    return db.provider.update({ where: { id: row.id }, data: { apiKeyCipher, headers } });
  });
  await db.$transaction(updates);
  return { providers: rows.length, secrets };
}
