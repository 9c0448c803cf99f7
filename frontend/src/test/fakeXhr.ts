/**
 * A stand-in for XMLHttpRequest that sends through globalThis.fetch, so that the routes
 * of mockFetch answer uploads too. The upload reports progress as a browser does: a
 * few "progress" events, then "load" once every byte is sent.
 */
type Listener = (event: ProgressEvent) => void;

class FakeEventTarget {
  private listeners = new Map<string, Listener[]>();

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, (this.listeners.get(type) ?? []).filter((l) => l !== listener));
  }

  dispatch(type: string, loaded = 0, total = 0): void {
    const event = { type, loaded, total, lengthComputable: total > 0 } as ProgressEvent;
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

/**
 * jsdom's FormData and File do not cross into Node's fetch (file names and contents are
 * lost): write the multipart body by hand, as a browser would.
 */
async function multipart(form: FormData): Promise<string> {
  const boundary = '----fake-xhr-boundary';
  const parts: string[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    } else {
      parts.push(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.name}"\r\n` +
          `Content-Type: ${value.type || 'application/octet-stream'}\r\n\r\n${await value.text()}\r\n`,
      );
    }
  }
  return `${parts.join('')}--${boundary}--\r\n`;
}

export class FakeXMLHttpRequest extends FakeEventTarget {
  /** Total size announced by the upload events (bytes). */
  static uploadSize = 4096;
  /** Percentages seen by the page, in order (for assertions). */
  static sent: number[] = [];

  readonly upload = new FakeEventTarget();
  status = 0;
  responseText = '';
  withCredentials = false;
  private method = 'GET';
  private url = '';
  private headers = new Headers();
  private responseHeaders = new Headers();

  static reset(): void {
    FakeXMLHttpRequest.sent = [];
  }

  open(method: string, url: string): void {
    this.method = method;
    this.url = new URL(url, window.location.origin).toString();
  }

  setRequestHeader(name: string, value: string): void {
    this.headers.set(name, value);
  }

  getResponseHeader(name: string): string | null {
    return this.responseHeaders.get(name);
  }

  send(body?: Document | XMLHttpRequestBodyInit | null): void {
    const total = FakeXMLHttpRequest.uploadSize;
    void (async () => {
      for (const part of [0.5, 1]) {
        await Promise.resolve();
        FakeXMLHttpRequest.sent.push(Math.round(part * 100));
        this.upload.dispatch('progress', total * part, total);
      }
      this.upload.dispatch('load', total, total);
      try {
        const response = await globalThis.fetch(
          new Request(this.url, {
            method: this.method,
            headers: this.headers,
            body: body instanceof FormData ? await multipart(body) : (body as BodyInit),
            credentials: this.withCredentials ? 'include' : 'same-origin',
          }),
        );
        this.status = response.status;
        this.responseHeaders = response.headers;
        this.responseText = await response.text();
        this.dispatch('load');
      } catch {
        this.dispatch('error');
      }
    })();
  }
}
