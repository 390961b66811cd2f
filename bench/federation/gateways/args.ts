/** `--port 4600 --supergraph <file>` for the bench's own gateway entries (they read no env). */
export function gatewayArgs(argv: string[]): { port: number; host: string; supergraphPath: string } {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const port = Number(value('--port'));
  const supergraphPath = value('--supergraph');
  if (!Number.isInteger(port) || port <= 0 || !supergraphPath) throw new Error('usage: --port <port> --supergraph <file> [--host <host>]');
  return { port, host: value('--host') ?? '127.0.0.1', supergraphPath };
}
