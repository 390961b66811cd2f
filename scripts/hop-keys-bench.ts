/**
 * `npm run keys -- bench`: what one hop token costs with each algorithm on this machine, so an
 * operator can see what moving a deployment to ES256 saves (docs/configuration.md, "Hop keys").
 * The gateway signs once per subgraph call and the subgraph verifies once, so both are on the hot
 * path. Rounds alternate the algorithms (a machine's speed drifts), and each figure is the median
 * of the rounds; the token is a typical call's (a resident read by an officer).
 */
import { HOP_ALGORITHMS, type HopAlgorithm } from '../core/context/hop-algorithms';
import { generateHopKeyPair, HopSigner, HopVerifier } from '../core/context/hop-keys';
import { hopCallClaims, signHop, verifyHop } from '../core/context/hop-token';

const BODY = JSON.stringify({ query: 'query R($nik: String!) { resident(nik: $nik) { nik name family { number } } }', variables: { nik: '3674030403870001' } });
const CLAIMS = hopCallClaims(
  { requestId: 'bench', principal: { kind: 'user', id: 'officer-7', roles: ['KECAMATAN_OFFICER'], institution: 'kec-ciputat', scopes: ['population:read'] }, tenant: 'tangsel', purpose: 'pelayanan' },
  { audience: 'population', body: BODY, deadlineMs: 9_500 },
);

export interface HopBenchFigures {
  alg: HopAlgorithm;
  /** µs per token, median of the rounds. */
  signMicros: number;
  verifyMicros: number;
}

const microsPer = (count: number, run: () => void): number => {
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) run();
  return Number(process.hrtime.bigint() - started) / 1000 / count;
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function benchHopAlgorithms(count = 2_000, rounds = 5): HopBenchFigures[] {
  const setups = HOP_ALGORITHMS.map((alg) => {
    const pair = generateHopKeyPair(alg);
    const signer = HopSigner.fromPrivateKey(pair.privateKeyPem);
    const verifier = HopVerifier.fromJwks({ keys: [pair.publicJwk] });
    const tokens = Array.from({ length: count }, () => signHop(CLAIMS, signer));
    return { alg, signer, verifier, tokens, sign: [] as number[], verify: [] as number[] };
  });
  for (let round = 0; round <= rounds; round += 1) {
    for (const s of setups) {
      const sign = microsPer(count, () => signHop(CLAIMS, s.signer));
      let i = 0;
      // Each token once, as a subgraph sees them (its replay guard included).
      const verify = microsPer(count, () => {
        if (!verifyHop(s.tokens[i++], { audience: 'population', verifier: s.verifier, body: BODY }).ok) throw new Error(`${s.alg}: a token was refused`);
      });
      if (round === 0) continue; // warm-up
      s.sign.push(sign);
      s.verify.push(verify);
    }
    // Fresh tokens for the next round: each may be used once.
    for (const s of setups) s.tokens = Array.from({ length: count }, () => signHop(CLAIMS, s.signer));
  }
  return setups.map((s) => ({ alg: s.alg, signMicros: median(s.sign), verifyMicros: median(s.verify) }));
}
