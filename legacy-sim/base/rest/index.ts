export { STATUS, LegacyRequestError, gagal, permintaanTidakValid, sukses, tidakDitemukan, type Envelope, type LegacyStatus, type PageInfo, type RestAnswer } from './envelope';
export { isoFromLegacyDate, legacyDate, legacyDateTime } from './dates';
export { pageInfo, pageOf, type PageRequest } from './pagination';
export { catchingUp, routeName, type HttpMethod, type RestRequest, type RestRoute } from './routes';
export { startRestEmulator, type CallCounts, type RestEmulatorOptions, type RunningRestEmulator } from './server';
export { keyList } from './query';
export { changeFeedRoutes, type ChangeFeed } from './feed';
