import { Counter } from 'prom-client';
import type { Deadline } from '@core/deadline';
import type { Logger } from '@core/log';
import { metricsRegistry } from '@core/metrics';
import type { QrVerification, TtePort } from '@adapters/tte';
import { requireQrPayload } from './validation';

/**
 * The public QR check. Not personal data (the answer is what the paper shows), so nothing goes to
 * the audit trail; each verification is counted by verdict and logged with its request id only
 * (never the payload), so an operator sees forgeries being tried.
 */
export const documentVerifications = new Counter({
  name: 'gerbang_document_verifications_total',
  help: 'QR verifications of signed documents, by verdict (VALID, SUPERSEDED, REVOKED, TAMPERED, UNKNOWN).',
  labelNames: ['verdict'] as const,
  registers: [metricsRegistry],
});

export interface Verifications {
  verify(qrPayload: string): Promise<QrVerification>;
}

export function verifications(tte: TtePort, logger: Logger, requestId: string, deadline: Deadline): Verifications {
  return {
    async verify(qrPayload) {
      const payload = requireQrPayload(qrPayload);
      const answer = await tte.verifyQr(payload, deadline);
      documentVerifications.inc({ verdict: answer.verdict });
      logger.info('document verified', { requestId, verdict: answer.verdict, signatureId: answer.document?.signatureId ?? null });
      // Only what is printed on the paper leaves this function (the resolvers map no more either).
      return {
        verdict: answer.verdict,
        genuine: answer.genuine,
        current: answer.current,
        revoked: answer.revoked,
        note: answer.note,
        document: answer.genuine ? answer.document : null,
      };
    },
  };
}
