export interface SentUpload {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface XhrAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Upload progress events to fire first, as [loaded, total]. */
  progress?: [number, number][];
}

/**
 * A stand-in for XMLHttpRequest as uploadImage uses it: each send is recorded and answered by `answer`
 * (asynchronously, after its progress events); `hold` keeps an answer back until the test aborts it.
 */
export function fakeXhr(answer: (sent: SentUpload, index: number) => XhrAnswer | 'hold') {
  const sent: SentUpload[] = [];

  class FakeXhr extends EventTarget {
    readonly upload = new EventTarget();
    withCredentials = false;
    status = 0;
    responseText = '';
    private url = '';
    private headers: Record<string, string> = {};
    private responseHeaders: Record<string, string> = {};

    open(_method: string, url: string): void {
      this.url = url;
    }

    setRequestHeader(name: string, value: string): void {
      this.headers[name.toLowerCase()] = value;
    }

    getResponseHeader(name: string): string | null {
      return this.responseHeaders[name.toLowerCase()] ?? null;
    }

    abort(): void {
      this.dispatchEvent(new Event('abort'));
    }

    send(body: unknown): void {
      const request = { url: this.url, headers: { ...this.headers }, body };
      sent.push(request);
      const reply = answer(request, sent.length - 1);
      if (reply === 'hold') return;
      setTimeout(() => {
        for (const [loaded, total] of reply.progress ?? []) {
          const event = Object.assign(new Event('progress'), { lengthComputable: true, loaded, total });
          this.upload.dispatchEvent(event);
        }
        this.status = reply.status;
        this.responseText = reply.body === undefined ? '' : JSON.stringify(reply.body);
        this.responseHeaders = reply.headers ?? {};
        this.dispatchEvent(new Event('load'));
      });
    }
  }

  return { sent, createRequest: () => new FakeXhr() as unknown as XMLHttpRequest };
}
