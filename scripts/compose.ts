/** `npm run compose`: writes schema/supergraph.graphql from the subgraphs' SDL. Commit the result. */
import { writeFileSync } from 'node:fs';
import { composeSupergraph } from '@core/schema/compose';
import { SUPERGRAPH_PATH } from '@core/schema/subgraphs';

try {
  writeFileSync(SUPERGRAPH_PATH, composeSupergraph());
  console.log(`wrote ${SUPERGRAPH_PATH}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
