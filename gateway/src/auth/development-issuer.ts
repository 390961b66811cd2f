/**
 * ⚠ DEVELOPMENT ONLY — THIS PRIVATE KEY IS PUBLIC. ⚠
 *
 * The built-in issuer of development tokens for people and machines (`npm run token`), so that a
 * developer can act as an officer, a kiosk or a resident without an identity provider. Trusted by
 * the gateway only with GERBANG_DEV_MODE=1 and no GATEWAY_JWKS_FILE/URL; anywhere else a token
 * signed with it is refused. It is not the hop key (core/context/dev-keys): end-user tokens and
 * gateway-to-subgraph tokens never share keys.
 */
export const DEVELOPMENT_ISSUER = 'gerbang-development';

export const DEVELOPMENT_ONLY_TOKEN_PRIVATE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIIsoJCm+cBGThpnWGhqbi+AG0kccvFdiMOUw7HwM7MTl
-----END PRIVATE KEY-----
`;

export const DEVELOPMENT_TOKEN_KID = 'gerbang-development-token-key';

export const DEVELOPMENT_ONLY_TOKEN_PUBLIC_JWK = Object.freeze({ kty: 'OKP', crv: 'Ed25519', x: 'lVYs-VCZ-RNsBboOHh5a-cv6PKXHdvOpCnKzda39O-Q', kid: DEVELOPMENT_TOKEN_KID, alg: 'EdDSA', use: 'sig' });
