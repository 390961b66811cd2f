/**
 * `npm run token`: a development token for a role and tenant, signed by the built-in development
 * issuer (trusted only by a gateway in development mode, e.g. `npm start`).
 *
 *   npm run token -- --role OFFICER --tenant tangsel --region 36.74.01 [--sub officer-7] [--ttl 3600]
 *   npm run token -- --role RESIDENT --nik 3674030403870001
 *   npm run token -- --role OFFICER --region 36.74   (a Dinas officer: the whole city)
 *   curl -s localhost:4000/graphql -H "authorization: Bearer $(npm run -s token -- --role AUDITOR)" ...
 */
import { parseArgs } from 'node:util';
import { issueToken } from '../gateway/src/auth/issue-token';
import { isRole, ROLES, type Role } from '../core/context/roles';

const USAGE = `usage: npm run token -- --role <${ROLES.join('|')}> [--role …] [--tenant tangsel] [--sub <id>] [--region <code>] [--nik <NIK>] [--scope <scope>] [--ttl <seconds>]`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string', multiple: true },
        tenant: { type: 'string', default: 'tangsel' },
        sub: { type: 'string' },
        region: { type: 'string' },
        nik: { type: 'string' },
        institution: { type: 'string' },
        scope: { type: 'string', multiple: true },
        ttl: { type: 'string', default: '3600' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const roles = values.role ?? [];
  const ttlS = Number(values.ttl);
  if (roles.length === 0 || !roles.every(isRole) || !(ttlS > 0 && ttlS <= 7 * 24 * 3600)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const token = await issueToken({
    sub: values.sub ?? (values.nik ? `resident-${values.nik}` : `dev-${roles[0]!.toLowerCase()}`),
    roles: roles as Role[],
    tenant: values.tenant!,
    region: values.region,
    nik: values.nik,
    institution: values.institution,
    scopes: values.scope,
    ttlS,
  });
  process.stdout.write(`${token}\n`);
  return 0;
}

main().then((code) => process.exit(code));
