// A strict reader for LSP's stream framing (`Content-Length: N\r\n\r\n` + N bytes of JSON), used for stdio.
// vscode-jsonrpc's reader reports a bad header and then keeps reading the body as the next header, so one
// malformed frame left the server alive but deaf, and `Content-Length: 3000000000` made it buffer
// gigabytes. Here any framing fault is an error, and the caller logs it and exits so the client restarts us.
// Framing: https://microsoft.github.io/language-server-protocol/specifications/base/0.9/specification/

import { AbstractMessageReader, type DataCallback, type Disposable, type Message } from 'vscode-languageserver/node';

/** Largest message accepted: a 4 MB design, JSON-escaped, fits several times over. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Longest header section: real headers are under a hundred bytes. */
const MAX_HEADER_BYTES = 8 * 1024;
const SEPARATOR = Buffer.from('\r\n\r\n');

export class FramedMessageReader extends AbstractMessageReader {
  private buffer = Buffer.alloc(0);
  private length = -1;
  private failed = false;

  constructor(private readonly readable: NodeJS.ReadableStream) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (chunk: Buffer | string) => {
      if (this.failed) return;
      this.buffer = Buffer.concat([this.buffer, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk]);
      try {
        for (let message = this.next(); message; message = this.next()) callback(message);
      } catch (e) {
        this.failed = true;
        this.fireError(e);
      }
    };
    const onError = (e: Error) => this.fireError(e);
    const onClose = () => this.fireClose();
    this.readable.on('data', onData);
    this.readable.on('error', onError);
    this.readable.on('end', onClose);
    this.readable.on('close', onClose);
    return {
      dispose: () => {
        this.readable.off('data', onData);
        this.readable.off('error', onError);
        this.readable.off('end', onClose);
        this.readable.off('close', onClose);
      },
    };
  }

  /** The next complete message in the buffer, undefined when more bytes are needed; throws on a framing fault. */
  private next(): Message | undefined {
    if (this.length < 0) {
      const end = this.buffer.indexOf(SEPARATOR);
      if (end < 0) {
        if (this.buffer.length > MAX_HEADER_BYTES) throw new Error(`no end of headers within ${MAX_HEADER_BYTES} bytes`);
        return undefined;
      }
      this.length = contentLength(this.buffer.subarray(0, end).toString('ascii'));
      this.buffer = this.buffer.subarray(end + SEPARATOR.length);
    }
    if (this.buffer.length < this.length) return undefined;
    const body = this.buffer.subarray(0, this.length).toString('utf8');
    this.buffer = this.buffer.subarray(this.length);
    this.length = -1;
    let message: unknown;
    try {
      message = JSON.parse(body);
    } catch (e) {
      throw new Error(`a message body is not JSON (${(e as Error).message}); its Content-Length may not match it`);
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message))
      throw new Error('a message body is not a JSON-RPC object');
    return message as Message;
  }
}

/** The Content-Length of a header section: required, a decimal byte count, at most MAX_MESSAGE_BYTES. */
function contentLength(headers: string): number {
  let length: number | undefined;
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed header line '${line.slice(0, 80)}'`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d{1,12}$/.test(value)) throw new Error(`Content-Length '${value.slice(0, 40)}' is not a byte count`);
      length = Number(value);
    } else if (name === 'content-type' && !/charset=utf-?8/i.test(value) && /charset=/i.test(value)) {
      throw new Error(`unsupported Content-Type '${value.slice(0, 80)}' (the body must be UTF-8)`);
    }
  }
  if (length === undefined) throw new Error('a message has no Content-Length header');
  if (length > MAX_MESSAGE_BYTES)
    throw new Error(`Content-Length ${length} is beyond the ${MAX_MESSAGE_BYTES / 1024 / 1024} MB a message may have`);
  return length;
}
