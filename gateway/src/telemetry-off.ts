/**
 * @apollo/gateway reports anonymous usage to Apollo unless told not to. Gerbang runs on closed
 * government networks: never phone home. Imported first, before @apollo/gateway is loaded.
 */
// eslint-disable-next-line no-restricted-properties
process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
export {};
