import { connect, type Socket } from 'node:net';

/**
 * The benchmark's load generator: plain HTTP/1.1 keep-alive over TCP sockets, JSON in and out,
 * responses read by Content-Length. It shares the machine's two cores with the system it
 * measures, so it should cost as little as possible: `fetch` took ≈2.5 ms of CPU a request here,
 * node:http ≈0.6 ms, this ≈0.2 ms (`--cpu` shows it as node:bench-client). Only what the gateway
 * answers is supported; anything else (chunked bodies, a closed connection) fails loudly.
 */
export class LeanHttpClient {
  private readonly idle: Connection[] = [];
  private readonly all: Connection[] = [];
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:') throw new Error(`LeanHttpClient speaks plain http, not ${url.protocol}`);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
  }

  async post(path: string, body: unknown, token?: string): Promise<{ status: number; json: any }> {
    const payload = Buffer.from(JSON.stringify(body));
    const head =
      `POST ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nConnection: keep-alive\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${payload.length}\r\n` +
      (token ? `Authorization: Bearer ${token}\r\n` : '') +
      '\r\n';
    const connection = this.idle.pop() ?? (await this.open());
    try {
      const response = await connection.exchange(Buffer.concat([Buffer.from(head), payload]));
      this.idle.push(connection);
      return response;
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  async get(path: string, token?: string): Promise<{ status: number; json: any }> {
    const head =
      `GET ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nConnection: keep-alive\r\n` +
      (token ? `Authorization: Bearer ${token}\r\n` : '') +
      '\r\n';
    const connection = this.idle.pop() ?? (await this.open());
    try {
      const response = await connection.exchange(Buffer.from(head));
      this.idle.push(connection);
      return response;
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  close(): void {
    for (const connection of this.all.splice(0)) connection.close();
    this.idle.length = 0;
  }

  private async open(): Promise<Connection> {
    const connection = await Connection.open(this.host, this.port);
    this.all.push(connection);
    return connection;
  }
}

class Connection {
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: { done: (r: { status: number; json: any }) => void; fail: (e: Error) => void } | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
      this.tryComplete();
    });
    const fail = (error: Error) => {
      const waiting = this.waiting;
      this.waiting = null;
      waiting?.fail(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the gateway closed the connection')));
  }

  static open(host: string, port: number): Promise<Connection> {
    return new Promise((done, fail) => {
      const socket = connect({ host, port }, () => done(new Connection(socket)));
      socket.once('error', fail);
    });
  }

  exchange(request: Buffer): Promise<{ status: number; json: any }> {
    if (this.waiting) throw new Error('one request at a time per connection');
    return new Promise((done, fail) => {
      this.waiting = { done, fail };
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private tryComplete(): void {
    const headerEnd = this.buffered.indexOf('\r\n\r\n');
    if (headerEnd < 0 || !this.waiting) return;
    const head = this.buffered.subarray(0, headerEnd).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      this.waiting.fail(new Error(`a response without Content-Length (status ${status})`));
      this.waiting = null;
      return;
    }
    const end = headerEnd + 4 + Number(length[1]);
    if (this.buffered.length < end) return;
    const body = this.buffered.subarray(headerEnd + 4, end).toString('utf8');
    this.buffered = this.buffered.subarray(end);
    const waiting = this.waiting;
    this.waiting = null;
    try {
      waiting.done({ status, json: body ? JSON.parse(body) : null });
    } catch (error) {
      waiting.fail(error as Error);
    }
  }
}
