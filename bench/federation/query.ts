/**
 * The benchmark's one operation (graphql-hive/graphql-gateways-benchmark, k6.js): users and top
 * products, each with reviews, their products or authors, and those authors' reviews again, four
 * levels through all four subgraphs. The answer is about 87 KB.
 */
export const BENCHMARK_QUERY = /* GraphQL */ `
fragment User on User {
  id
  username
  name
}

fragment Review on Review {
  id
  body
}

fragment Product on Product {
  inStock
  name
  price
  shippingEstimate
  upc
  weight
}

query TestQuery {
  users {
    ...User
    reviews {
      ...Review
      product {
        ...Product
        reviews {
          ...Review
          author {
            ...User
            reviews {
              ...Review
              product {
                ...Product
              }
            }
          }
        }
      }
    }
  }
  topProducts {
    ...Product
    reviews {
      ...Review
      author {
        ...User
        reviews {
          ...Review
          product {
            ...Product
          }
        }
      }
    }
  }
}
`;

/** The request body every gateway gets, byte for byte. */
export const BENCHMARK_BODY = JSON.stringify({ query: BENCHMARK_QUERY });
