export { DEFAULT_RESILIENCE, resilienceEnvSchema, resilienceFromEnv, resilienceSettings, resilienceSettingsSchema, type ResilienceInput, type ResilienceSettings } from './config';
export { LegacyFault, faultOf, networkFault, type FaultDetails, type FaultKind } from './fault';
export { ResiliencePolicy, type LegacyAttempt, type LegacyHealth } from './policy';
export { callerLeft, deadlineError, unavailableBecause } from './errors';
export { legacyBreakerOpen } from './metrics';
