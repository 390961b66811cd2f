import { REVIEWS, type Review } from './data';
import { FEDERATION_LINK, type BenchSubgraph } from './definition';

/**
 * Reviews, attached to products and users. As in the benchmark: every review's author is user 1
 * ("urigo", provided here so the gateway need not ask accounts for it), and every user's
 * `reviews` are the first two reviews, whoever the user is.
 */
const typeDefs = `
${FEDERATION_LINK}

type Review @key(fields: "id") {
  id: ID!
  body: String
  product: Product
  author: User @provides(fields: "username")
}

type User @key(fields: "id") {
  id: ID!
  username: String @external
  reviews: [Review]
}

type Product @key(fields: "upc") {
  upc: String!
  reviews: [Review]
}
`;

const EVERY_USERS_REVIEWS = REVIEWS.slice(0, 2);

export const reviews: BenchSubgraph = {
  name: 'reviews',
  typeDefs,
  resolvers: {
    Review: {
      __resolveReference: (ref: { id: string }) => REVIEWS.find((r) => r.id === ref.id) ?? null,
      product: (review: Review) => ({ upc: review.productUpc }),
      author: () => ({ id: '1', username: 'urigo' }),
    },
    User: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      reviews: () => EVERY_USERS_REVIEWS,
    },
    Product: {
      __resolveReference: (ref: { upc: string }) => ({ upc: ref.upc }),
      reviews: (product: { upc: string }) => REVIEWS.filter((r) => r.productUpc === product.upc),
    },
  },
};
