// The real-time half of the protocol: one SignalR connection that keeps itself connected.
import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel, type IRetryPolicy } from "@microsoft/signalr";
import { toMessengerError } from "./errors";
import type { HubEvents, HubMethods } from "./protocol";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "stopped";

/** Retry delays (ms) after a drop; the last one repeats for as long as the page is open. */
export const RETRY_DELAYS = [0, 1000, 2000, 4000] as const;

export function retryDelay(attempt: number): number {
  return RETRY_DELAYS[Math.min(attempt, RETRY_DELAYS.length - 1)]!;
}

const forever: IRetryPolicy = { nextRetryDelayInMilliseconds: (ctx) => retryDelay(ctx.previousRetryCount) };

export interface HubClientOptions {
  url?: string;
  token: () => string | null;
  /** Called after every (re)connection, before the state turns "connected": time to `sync`. */
  onConnected?: () => Promise<void> | void;
  onState?: (state: ConnectionState) => void;
  /** The server refused the token: the session is over. */
  onUnauthorized?: () => void;
}

export class HubClient {
  readonly connection: HubConnection;
  private stopped = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: HubClientOptions) {
    this.connection = new HubConnectionBuilder()
      .withUrl(options.url ?? "/hub", { accessTokenFactory: () => options.token() ?? "" })
      .withAutomaticReconnect(forever)
      .configureLogging(LogLevel.None)
      .build();
    this.connection.onreconnecting(() => this.setState("reconnecting"));
    this.connection.onreconnected(() => void this.afterConnect());
    this.connection.onclose(() => {
      if (!this.stopped) this.schedule();
    });
  }

  on<K extends keyof HubEvents>(name: K, handler: (payload: HubEvents[K]) => void): void {
    this.connection.on(name, handler as (payload: unknown) => void);
  }

  async invoke<K extends keyof HubMethods>(name: K, payload: HubMethods[K][0]): Promise<HubMethods[K][1]> {
    try {
      return (await this.connection.invoke(name, payload)) as HubMethods[K][1];
    } catch (e) {
      throw toMessengerError(e);
    }
  }

  get isConnected(): boolean {
    return this.connection.state === HubConnectionState.Connected;
  }

  start(): void {
    this.stopped = false;
    void this.tryStart();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.setState("stopped");
    await this.connection.stop();
  }

  private async tryStart(): Promise<void> {
    if (this.stopped || this.connection.state !== HubConnectionState.Disconnected) return;
    this.setState(this.attempt === 0 ? "connecting" : "reconnecting");
    try {
      await this.connection.start();
    } catch (e) {
      if (/401|Unauthorized/.test(String(e))) {
        this.options.onUnauthorized?.();
        return;
      }
      this.schedule();
      return;
    }
    await this.afterConnect();
  }

  private schedule(): void {
    this.setState("reconnecting");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tryStart(), retryDelay(++this.attempt));
  }

  private async afterConnect(): Promise<void> {
    this.attempt = 0;
    try {
      await this.options.onConnected?.();
    } catch {
      // A failed catch-up is retried on the next connection; the state still says we are connected.
    }
    if (this.connection.state === HubConnectionState.Connected) this.setState("connected");
  }

  private setState(state: ConnectionState): void {
    this.options.onState?.(state);
  }
}
