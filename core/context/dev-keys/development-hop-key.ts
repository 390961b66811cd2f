/**
 * ⚠ DEVELOPMENT ONLY — THESE PRIVATE KEYS ARE PUBLIC. ⚠
 *
 * Gerbang's built-in development hop key pair (ES256, ECDSA on P-256). It is committed so that
 * `npm start` and the tests work without generating keys. Anyone who has read this repository can
 * sign with it, so it is trusted only when GERBANG_DEV_MODE=1 (or true) is set and no key files are
 * configured; in every other case a token signed with it is refused with DEV_KEY_REFUSED, even if
 * its public key has been copied into a JWKS. Real deployments make their own keys:
 * `npm run keys -- new --out <dir>`.
 */
export const DEVELOPMENT_ONLY_HOP_PRIVATE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgmG3Blg0WNA+e3Aes
d6VlbUju2efXewRKkAWZwpPkLlihRANCAARlpJgCeQw5yXPgfdCPTDC5nowSdcw4
EwgFDy9oTEF8lzHIolT8dOs3jlk5qvvjFunr70DlIpD9UoMMHCKSnQrS
-----END PRIVATE KEY-----
`;

/** The public half, as a JWK (without kid; its kid is its RFC 7638 thumbprint). */
export const DEVELOPMENT_ONLY_HOP_PUBLIC_JWK = Object.freeze({ kty: 'EC', crv: 'P-256', x: 'ZaSYAnkMOclz4H3Qj0wwuZ6MEnXMOBMIBQ8vaExBfJc', y: 'MciiVPx06zeOWTmq--MW6evvQOUikP1SgwwcIpKdCtI' });

/**
 * The public halves of development keys used before (Gerbang's first one was Ed25519, until
 * 2026-12). Their private halves are in this repository's history, so they are refused outside
 * development mode like the current one, and trusted nowhere.
 */
export const RETIRED_DEVELOPMENT_HOP_PUBLIC_JWKS = Object.freeze([Object.freeze({ kty: 'OKP', crv: 'Ed25519', x: '4N3aNTtySei-MjpCPKc1TvazZkwT8wBQzsUi2QiE5Bo' })]);
