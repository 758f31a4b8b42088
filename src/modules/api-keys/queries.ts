import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, isNull, lt, or } from 'drizzle-orm';
import type { AppDatabase } from '../../db/engine.js';
import { apiKeys } from '../../db/sqlite/schema.js';

/**
 * API keys: `esk_<id>_<secret>`. The id finds the row; only SHA-256(secret) is stored, and it is compared in
 * constant time. The secret has 256 bits of entropy, so a plain hash (no slow KDF) is enough: it cannot be
 * guessed, only stolen, and the database does not hold it.
 */

export const apiKeyScopes = ['read', 'write', 'admin'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export interface ApiKeyIdentity {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
}

const KEY_FORMAT = /^esk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** The id part of a well-formed key, or null: used to rate-limit per key without a database look-up. */
export function apiKeyIdOf(key: string): string | null {
  return KEY_FORMAT.exec(key)?.[1] ?? null;
}

export async function createApiKey(db: AppDatabase, name: string, scopes: ApiKeyScope[]): Promise<{ key: string; identity: ApiKeyIdentity }> {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  await db.insert(apiKeys).values({ id, name, secretSha256: sha256(secret), scopes });
  return { key: `esk_${id}_${secret}`, identity: { id, name, scopes } };
}

export async function listApiKeys(db: AppDatabase) {
  return await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .orderBy(asc(apiKeys.name));
}

/** Revokes by name; returns false if there is no such key or it was already revoked. */
export async function revokeApiKey(db: AppDatabase, name: string): Promise<boolean> {
  const now = new Date().toISOString();
  // RETURNING rather than the driver's count of changed rows, which each engine's driver reports its own way.
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: now, updatedAt: now })
    .where(and(eq(apiKeys.name, name), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return revoked.length > 0;
}

/** The identity of a valid, unrevoked key, or null. Records when it was last used (at most once a minute). */
export async function verifyApiKey(db: AppDatabase, key: string): Promise<ApiKeyIdentity | null> {
  const match = KEY_FORMAT.exec(key);
  if (!match) return null;
  const [, id = '', secret = ''] = match;
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id)).limit(1);
  if (!row || row.revokedAt) return null;
  const expected = Buffer.from(row.secretSha256, 'hex');
  const given = Buffer.from(sha256(secret), 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const now = new Date();
  const aMinuteAgo = new Date(now.getTime() - 60_000).toISOString();
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now.toISOString() })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, aMinuteAgo))));
  return { id: row.id, name: row.name, scopes: row.scopes as ApiKeyScope[] };
}
