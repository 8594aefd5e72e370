import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';

/** The server's RSA key pair as it is persisted: the private JWK and its key id. */
export interface StoredSigningKey {
  kid: string;
  privateJwk: JWK;
}

/** A public key as the JWKS endpoint publishes it. */
export interface PublicJwk extends JWK {
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

/** Creates a fresh RS256 key pair; its `kid` is the RFC 7638 thumbprint of the public key. */
export async function createSigningKey(): Promise<StoredSigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const privateJwk = await exportJWK(privateKey);
  return { kid: await calculateJwkThumbprint(publicPart(privateJwk)), privateJwk };
}

function publicPart(jwk: JWK): JWK {
  return { kty: jwk.kty, n: jwk.n, e: jwk.e };
}

/** Signs tokens with one key and publishes its public half. */
export interface TokenSigner {
  /** The JWKS document: `{ keys: [publicJwk] }`. */
  jwks(): { keys: PublicJwk[] };
  /** A compact RS256 JWS of `claims` with `kid` in the header, as Cognito's tokens carry it. */
  sign(claims: JWTPayload): Promise<string>;
}

/** A signer for a stored key. */
export async function loadSigner(stored: StoredSigningKey): Promise<TokenSigner> {
  const privateKey = await importJWK(stored.privateJwk, 'RS256');
  const publicJwk: PublicJwk = { ...publicPart(stored.privateJwk), kid: stored.kid, alg: 'RS256', use: 'sig' };
  return {
    jwks: () => ({ keys: [publicJwk] }),
    sign: (claims) => new SignJWT(claims).setProtectedHeader({ kid: stored.kid, alg: 'RS256' }).sign(privateKey),
  };
}
