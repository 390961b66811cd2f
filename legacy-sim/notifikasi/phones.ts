/**
 * Destination numbers as the gateway reads them: Indonesian mobiles only, given as '08…',
 * '628…' or '+628…' with any spaces, dashes, dots or brackets; kept as '628…' (no plus), which is
 * how its API shows them. A number of the right shape whose prefix no operator uses is accepted
 * (and billed), and fails later with E01, as with the real operators.
 */
const OPERATOR_PREFIXES = new Set([
  // Telkomsel, Indosat, XL, Axis, Tri, Smartfren (the 08xx form).
  '0811', '0812', '0813', '0821', '0822', '0823', '0851', '0852', '0853',
  '0814', '0815', '0816', '0855', '0856', '0857', '0858',
  '0817', '0818', '0819', '0859', '0877', '0878', '0831', '0832', '0833', '0838',
  '0895', '0896', '0897', '0898', '0899', '0881', '0882', '0883', '0884', '0885', '0886', '0887', '0888', '0889',
]);

/** '628…' for a mobile number in any of the accepted spellings; undefined otherwise. */
export function normaliseTujuan(value: string): string | undefined {
  const digits = value.replace(/[\s().-]/g, '');
  const m = /^(?:\+62|62|0)(8\d{8,11})$/.exec(digits);
  return m ? `62${m[1]}` : undefined;
}

/** True when an operator serves the prefix of this '628…' number. */
export function operatorKnown(noTujuan: string): boolean {
  return OPERATOR_PREFIXES.has(`0${noTujuan.slice(2, 5)}`);
}
