import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RouteHandler } from '@core/http/graphql-server';

/**
 * GraphiQL served by the gateway itself, from npm packages installed with the project, so that it
 * works on a closed network (no CDN). GraphiQL 3 ships a UMD build that runs on React 18's UMD
 * builds; all four files are read once at start and served from memory.
 */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  '/graphiql/react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  '/graphiql/react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  '/graphiql/graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  '/graphiql/graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

/** A file inside an installed package, found from its package.json (UMD files are not "exports"). */
function packageFile(pkg: string, file: string): Buffer {
  return readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file));
}

const DEFAULT_QUERY = `# Gerbang: one GraphQL API over the city's
# population services. Press the run button.
#
# Residents named "budi" in kecamatan Serpong (36.74.01);
# then try resident(nik: "...") with a NIK from the answer.
query FindResidents {
  residents(
    filter: { name: "budi", regionCode: "36.74.01" }
    first: 5
  ) {
    edges {
      node {
        nik
        name
        sex
        birthDate
        family { number headName }
        address { rt rw kelurahan { name } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

function page(graphqlPath: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gerbang GraphiQL</title>
<link rel="stylesheet" href="/graphiql/graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphiql/react.production.min.js"></script>
<script src="/graphiql/react-dom.production.min.js"></script>
<script src="/graphiql/graphiql.min.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(graphqlPath)} });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(DEFAULT_QUERY)}, defaultEditorToolsVisibility: true }),
  );
</script>
</body>
</html>`;
}

export interface GraphiQLRoutes {
  landingPage: RouteHandler;
  assets: Record<string, RouteHandler>;
}

export function graphiqlRoutes(graphqlPath: string): GraphiQLRoutes {
  const html = page(graphqlPath);
  const assets: Record<string, RouteHandler> = {};
  for (const [path, asset] of Object.entries(ASSETS)) {
    const body = packageFile(asset.pkg, asset.file);
    assets[path] = (_req, res) => {
      res.writeHead(200, { 'content-type': `${asset.type}; charset=utf-8`, 'content-length': body.length, 'cache-control': 'public, max-age=86400' });
      res.end(body);
    };
  }
  return {
    landingPage: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
      res.end(html);
    },
    assets,
  };
}
