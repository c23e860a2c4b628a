import type { IncomingMessage, ServerResponse } from 'node:http';
import busboy from 'busboy';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
  }
}

/** Reads a request body, refusing it past `limit` bytes without buffering the excess. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      return reject(new HttpError(413, `request body of ${declared} bytes exceeds the limit of ${limit} bytes`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpError(413, `request body exceeds the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseJsonObject(raw: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HttpError(400, 'request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** Multipart form fields; file parts (the SDK's protobuf payload) come back as Buffers. */
export function parseMultipart(req: IncomingMessage, raw: Buffer): Promise<Record<string, string | Buffer>> {
  const quick = plainMultipart(req.headers['content-type'], raw);
  return quick ? Promise.resolve(quick) : parseWithBusboy(req, raw);
}

/**
 * The form the SDK sends for every open API call (a few fields and one file, plain parts, CRLF lines),
 * read without busboy's streaming machinery; null for anything else, which busboy then reads.
 */
function plainMultipart(contentType: string | undefined, raw: Buffer): Record<string, string | Buffer> | null {
  const boundary = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType ?? '');
  if (!boundary) return null;
  const delimiter = Buffer.from(`\r\n--${boundary[1] ?? boundary[2]}`);
  // The body starts with the first delimiter (without its CRLF).
  if (!raw.subarray(0, delimiter.length - 2).equals(delimiter.subarray(2))) return null;
  const fields: Record<string, string | Buffer> = {};
  let at = delimiter.length - 2;
  for (;;) {
    if (raw[at] === 0x2d && raw[at + 1] === 0x2d) return fields; // the closing delimiter
    if (raw[at] !== 0x0d || raw[at + 1] !== 0x0a) return null;
    const headEnd = raw.indexOf('\r\n\r\n', at + 2);
    if (headEnd < 0) return null;
    const head = raw.toString('latin1', at + 2, headEnd);
    const end = raw.indexOf(delimiter, headEnd + 4);
    if (end < 0) return null;
    const disposition = /^content-disposition:\s*form-data((?:;[^\r\n]*)?)$/im.exec(head);
    const name = disposition && /;\s*name="([^"\\]*)"/i.exec(disposition[1]);
    if (!name || /content-transfer-encoding/i.test(head)) return null;
    const body = raw.subarray(headEnd + 4, end);
    // A file as busboy tells one: it has a file name, or its type is application/octet-stream.
    const file =
      /;\s*filename\*?=/i.test(disposition[1]) || /^content-type:\s*application\/octet-stream\s*$/im.test(head);
    fields[name[1]] = file ? Buffer.from(body) : body.toString('utf8');
    at = end + delimiter.length;
  }
}

function parseWithBusboy(req: IncomingMessage, raw: Buffer): Promise<Record<string, string | Buffer>> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string | Buffer> = {};
    let parser;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: raw.length } });
    } catch {
      return reject(new HttpError(400, 'malformed multipart request'));
    }
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (name, stream) => {
      const parts: Buffer[] = [];
      stream.on('data', (d: Buffer) => parts.push(d));
      stream.on('end', () => (fields[name] = Buffer.concat(parts)));
    });
    parser.on('close', () => resolve(fields));
    parser.on('error', () => reject(new HttpError(400, 'malformed multipart request')));
    parser.end(raw);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  // node-sdk only parses error bodies carrying exactly this content type.
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text)
  });
  res.end(text);
}
