import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/**
 * Date and DateTime travel as ISO strings; resolvers already hand over ISO text (adapters decode
 * legacy formats), so serialising is a check, and parsing rejects anything that is not ISO.
 */
function isoScalar(name: string, pattern: RegExp, example: string): GraphQLScalarType {
  const check = (value: unknown): string => {
    if (typeof value === 'string' && pattern.test(value)) return value;
    throw new GraphQLError(`${name} must be an ISO string like ${example}.`, { extensions: { code: 'BAD_USER_INPUT' } });
  };
  return new GraphQLScalarType({
    name,
    serialize: check,
    parseValue: check,
    parseLiteral: (ast) => check(ast.kind === Kind.STRING ? ast.value : undefined),
  });
}

export const DateScalar = isoScalar('Date', /^\d{4}-\d{2}-\d{2}$/, '2024-08-17');
export const DateTimeScalar = isoScalar('DateTime', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, '2024-08-17T09:30:00');
