import { LegacyFault, networkFault } from '../resilience';

/**
 * What went wrong in a call through the `soap` package, as a LegacyFault for the resilience
 * policy. The estate's SOAP apps answer failures with a soap:Fault and HTTP 500 (see
 * legacy-sim/base/soap/faults.ts for their codes):
 * - faultcode soap:Server (E99 and the like): the application failed — unavailable;
 * - soap:Client with E04 (our credentials refused): the app is unusable for us — unavailable;
 * - any other soap:Client: this request was refused — rejected (not retried, not held against the app);
 * - HTTP ≥ 400 without a fault, an answer that is not a SOAP envelope: unavailable;
 * - socket errors (refused, reset): unavailable.
 * The fault's code, text, URL and payload stay in the LegacyFault (the error's cause), never in a message clients see.
 */
export interface SoapFaultDetail {
  /** 'soap:Client', 'soap:Server', … as sent. */
  faultcode: string;
  faultstring: string;
  /** The app's own error code from the fault's detail (e.g. 'E02'); '' when it gave none. */
  code: string;
}

/** Codes that mean our credentials were refused: the app cannot be used at all until that is fixed. */
const CREDENTIALS_REFUSED = new Set(['E04']);

function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '$value' in value) return textOf((value as { $value: unknown }).$value);
  return '';
}

/** The soap:Fault behind an error from the `soap` package, if it was one. */
export function soapFaultOf(error: unknown): SoapFaultDetail | undefined {
  const fault = (error as { root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } } } | null)?.root?.Envelope?.Body?.Fault;
  if (!fault || typeof fault !== 'object') return undefined;
  const detail = fault.detail && typeof fault.detail === 'object' ? (fault.detail as Record<string, unknown>) : {};
  // The app's error element is the one child of <detail>, whatever its name.
  const element = Object.values(detail).find((v) => v && typeof v === 'object') as Record<string, unknown> | undefined;
  return { faultcode: textOf(fault.faultcode), faultstring: textOf(fault.faultstring), code: textOf(element?.Kode ?? element?.kode ?? element?.Code) };
}

function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { response?: { status?: unknown } } | null)?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** True for errors that came from the exchange with the app (rather than a bug on our side). */
function fromTheApp(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  return 'root' in error || 'response' in error || 'body' in error || (error as { isAxiosError?: unknown }).isAxiosError === true;
}

export function faultFromSoapError(error: unknown, what: string): LegacyFault | undefined {
  if (error instanceof LegacyFault) return error;
  const fault = soapFaultOf(error);
  const httpStatus = httpStatusOf(error);
  if (fault) {
    const message = `${what}: ${fault.faultcode} ${fault.code} ${fault.faultstring}`;
    const details = { legacyStatus: fault.code || undefined, httpStatus, cause: error };
    const client = /(^|:)Client$/i.test(fault.faultcode);
    if (client && !CREDENTIALS_REFUSED.has(fault.code)) return new LegacyFault('rejected', message, details);
    return new LegacyFault('unavailable', message, details);
  }
  const network = networkFault(error);
  if (network) return network;
  if (fromTheApp(error)) return new LegacyFault('unavailable', `${what}: unusable answer${httpStatus ? ` (HTTP ${httpStatus})` : ''}`, { httpStatus, cause: error });
  return undefined;
}
