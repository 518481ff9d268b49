// A stand-in for an outside HTTP service (an SMS gateway, …): a real local server that records what it is sent.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest { method: string; url: string; headers: IncomingHttpHeaders; body: string }
export interface FakeAnswer { status: number; body: string }

export interface FakeHttpServer {
  /** The requests received so far, oldest first (a test may empty it). */
  seen: SeenRequest[];
  /** `http://127.0.0.1:<port><path>` */
  url(path: string): string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (a free port); each request is recorded, then answered with `answer(request)` as JSON. */
export async function fakeHttpServer(answer: (req: SeenRequest, seen: readonly SeenRequest[]) => FakeAnswer): Promise<FakeHttpServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const r = { method: req.method!, url: req.url!, headers: req.headers, body };
      seen.push(r);
      const a = answer(r, seen);
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    seen,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
