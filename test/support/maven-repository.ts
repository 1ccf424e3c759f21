/**
 * A Maven repository on loopback for tests of the distribution cache: real HTTP, files in Maven's layout,
 * `.sha1`/`.sha512` beside them (or deliberately wrong or missing), and a count of what was asked for.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  body: Buffer;
  /** default: the correct sha1; null serves none */
  sha1?: string | null;
  sha512?: string | null;
}

export interface TestRepository {
  url: string;
  /** paths requested, in order */
  requests: string[];
  put(path: string, file: ServedFile): void;
  close(): Promise<void>;
}

export function digest(algorithm: 'sha1' | 'sha256' | 'sha512', body: Buffer): string {
  return createHash(algorithm).update(body).digest('hex');
}

export async function startTestRepository(): Promise<TestRepository> {
  const files = new Map<string, ServedFile>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').slice(1));
    requests.push(path);
    const checksum = /\.(sha1|sha512)$/.exec(path);
    const file = files.get(checksum ? path.slice(0, -checksum[0].length) : path);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    if (checksum) {
      const algorithm = checksum[1] as 'sha1' | 'sha512';
      const given = file[algorithm];
      if (given === null || (given === undefined && algorithm === 'sha512')) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200).end(given ?? digest(algorithm, file.body));
      return;
    }
    res.writeHead(200, { 'content-length': file.body.length }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/repo`,
    requests,
    put: (path, file) => files.set(`repo/${path}`, file),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
