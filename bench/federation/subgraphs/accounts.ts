import { USERS, type User } from './data';
import { FEDERATION_LINK, type BenchSubgraph } from './definition';

/** Users. `username` is shareable: reviews can provide it on a review's author (@provides). */
const typeDefs = `
${FEDERATION_LINK}

type Query {
  me: User
  user(id: ID!): User
  users: [User]
}

type User @key(fields: "id") {
  id: ID!
  name: String
  username: String @shareable
  birthday: Int
}
`;

const byId = (id: string): User | null => USERS.find((u) => u.id === id) ?? null;

export const accounts: BenchSubgraph = {
  name: 'accounts',
  typeDefs,
  resolvers: {
    Query: {
      me: () => USERS[0],
      user: (_: unknown, args: { id: string }) => byId(args.id),
      users: () => USERS,
    },
    User: {
      __resolveReference: (ref: { id: string }) => byId(ref.id),
    },
  },
};
