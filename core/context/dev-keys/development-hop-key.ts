/**
 * ⚠ DEVELOPMENT ONLY — THIS PRIVATE KEY IS PUBLIC. ⚠
 *
 * Gerbang's built-in development hop key pair (Ed25519). It is committed so that `npm start` and
 * the tests work without generating keys. Anyone who has read this repository can sign with it, so
 * it is trusted only when GERBANG_DEV_MODE=1 (or true) is set and no key files are configured; in
 * every other case a token signed with it is refused with DEV_KEY_REFUSED, even if its public key
 * has been copied into a JWKS. Real deployments make their own keys: `npm run keys -- new --out <dir>`.
 */
export const DEVELOPMENT_ONLY_HOP_PRIVATE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIC/ssxDzUxURMRth9pZRgysuSGEySM8AnQ5Lle/6CmqA
-----END PRIVATE KEY-----
`;

/** The public half, as a JWK (without kid; its kid is its RFC 7638 thumbprint). */
export const DEVELOPMENT_ONLY_HOP_PUBLIC_JWK = Object.freeze({ kty: 'OKP', crv: 'Ed25519', x: '4N3aNTtySei-MjpCPKc1TvazZkwT8wBQzsUi2QiE5Bo' });
