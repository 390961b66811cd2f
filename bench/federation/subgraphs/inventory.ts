import { STOCK } from './data';
import { FEDERATION_LINK, type BenchSubgraph } from './definition';

/**
 * Stock and shipping. `shippingEstimate` requires the product's price and weight, so the gateway
 * must fetch them from products first and send them in the representation (a dependent fetch).
 */
const typeDefs = `
${FEDERATION_LINK}

type Product @key(fields: "upc") {
  upc: String!
  weight: Int @external
  price: Int @external
  inStock: Boolean
  shippingEstimate: Int @requires(fields: "price weight")
}
`;

interface StockedProduct {
  upc: string;
  inStock: boolean;
}

export const inventory: BenchSubgraph = {
  name: 'inventory',
  typeDefs,
  resolvers: {
    Product: {
      __resolveReference: (ref: { upc: string }): StockedProduct | null => STOCK.find((s) => s.upc === ref.upc) ?? null,
      // The benchmark's inventory computes the estimate from its own row, whose price and weight
      // are empty, and not from the representation the gateway sent: every estimate is null (its
      // k6 script expects exactly that). Kept, so that our answer is the benchmark's answer; the
      // gateway still has to do the @requires round trip, which is what the query measures.
      shippingEstimate: (): number | null => null,
    },
  },
};
