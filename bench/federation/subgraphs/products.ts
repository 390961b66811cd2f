import { PRODUCTS } from './data';
import { FEDERATION_LINK, type BenchSubgraph } from './definition';

/** The catalogue: names, prices and weights; `topProducts` is the first N in catalogue order. */
const typeDefs = `
${FEDERATION_LINK}

type Query {
  topProducts(first: Int = 5): [Product]
}

type Product @key(fields: "upc") {
  upc: String!
  name: String
  price: Int
  weight: Int
}
`;

export const products: BenchSubgraph = {
  name: 'products',
  typeDefs,
  resolvers: {
    Query: {
      topProducts: (_: unknown, args: { first?: number | null }) => PRODUCTS.slice(0, Math.max(0, args.first ?? 5)),
    },
    Product: {
      __resolveReference: (ref: { upc: string }) => PRODUCTS.find((p) => p.upc === ref.upc) ?? null,
    },
  },
};
