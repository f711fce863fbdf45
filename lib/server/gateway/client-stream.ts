import "server-only";
import { gatewayHeaders } from "./errors";

/**
 * The body of a streamed gateway answer: bytes are written as they come, and the client
 * going away (the body cancelled) stops the upstream call at once through `onCancel`.
 * Writing after the client left is a no-op.
 */
export class ClientStream {
  readonly body: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private isOpen = true;

  constructor(onCancel: () => void) {
    this.body = new ReadableStream<Uint8Array>({
      start: (c) => {
        this.controller = c;
      },
      cancel: () => {
        this.isOpen = false;
        onCancel();
      },
    });
  }

  get open(): boolean {
    return this.isOpen;
  }

  write(bytes: Uint8Array): void {
    if (!this.isOpen) return;
    try {
      this.controller.enqueue(bytes);
    } catch {
      this.isOpen = false;
    }
  }

  close(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.controller.close();
  }
}

/** The `text/event-stream` answer carrying `stream`, with the gateway's headers. */
export function eventStreamAnswer(stream: ClientStream, headers: Record<string, string>): Response {
  return new Response(stream.body, {
    headers: gatewayHeaders({
      "content-type": "text/event-stream; charset=utf-8",
      "x-accel-buffering": "no",
      ...headers,
    }),
  });
}
