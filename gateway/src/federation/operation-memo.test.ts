import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installOperationMemo } from './operation-memo';

/** As executeQueryPlan builds it: the operation node and its fragments, in a new document object each time. */
const asGatewayBuildsIt = (document: DocumentNode): DocumentNode => ({ kind: document.kind, definitions: [...document.definitions] });

describe('the gateway\'s operation memo', () => {
  const sdl = readFileSync(join(__dirname, '..', '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
  const schema = Supergraph.build(sdl, { supportedFeatures: null }).apiSchema();
  installOperationMemo();

  it('gives the same operation for the same parsed document, through the package\'s own export', () => {
    const document = parse('query ($nik: String!) { resident(nik: $nik) { nik ...names } } fragment names on Resident { name }');
    const first = operationFromDocument(schema, asGatewayBuildsIt(document), { validate: false });
    expect(operationFromDocument(schema, asGatewayBuildsIt(document), { validate: false })).toBe(first);
    expect(first.toString()).toContain('resident(nik: $nik)');
  });

  it('builds anew for another document, other fragments, another schema, or a validating call', () => {
    const document = parse('query ($nik: String!) { resident(nik: $nik) { nik ...names } } fragment names on Resident { name }');
    const first = operationFromDocument(schema, asGatewayBuildsIt(document), { validate: false });
    // The same text parsed again is another document (Apollo Server keeps one per text; a new one is built once).
    expect(operationFromDocument(schema, asGatewayBuildsIt(parse('query ($nik: String!) { resident(nik: $nik) { nik ...names } } fragment names on Resident { name }')), { validate: false })).not.toBe(first);
    const otherFragments: DocumentNode = { kind: document.kind, definitions: [document.definitions[0] as OperationDefinitionNode, ...parse('fragment names on Resident { nik }').definitions] };
    const changed = operationFromDocument(schema, otherFragments, { validate: false });
    expect(changed).not.toBe(first);
    expect(changed.toString()).toMatch(/fragment names on Resident {\s*nik\s*}/);
    expect(operationFromDocument(Supergraph.build(sdl, { supportedFeatures: null }).apiSchema(), asGatewayBuildsIt(document), { validate: false })).not.toBe(first);
    expect(operationFromDocument(schema, asGatewayBuildsIt(document))).not.toBe(first);
  });
});
