export { RestLegacyClient, type Page, type Query, type RestCall, type RestClientOptions } from './client';
export { NOT_FOUND, OK, decodeEnvelope, retryAfterMs, type DecodedEnvelope } from './envelope';
export { isoDateFromLegacy, isoDateTimeFromLegacy, legacyDateFromIso } from './dates';
export { slices } from './slices';
export { NumberedFeed, type FeedPage } from './feed';
