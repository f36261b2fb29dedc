// The real-time half of the protocol: one SignalR connection that keeps itself connected.
import { HttpTransportType, HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel, type IRetryPolicy } from "@microsoft/signalr";
import { toMessengerError } from "./errors";
import type { HubEvents, HubMethods } from "./protocol";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "stopped";

/** Retry delays (ms) after a drop; the last one repeats for as long as the page is open. */
export const RETRY_DELAYS = [0, 1000, 2000, 4000] as const;

export function retryDelay(attempt: number): number {
  return RETRY_DELAYS[Math.min(attempt, RETRY_DELAYS.length - 1)]!;
}

/** Failed attempts on one node before the client tries the next node it knows (when it knows another). */
export const ATTEMPTS_PER_NODE = 2;

/**
 * The node to try after `current`: the next in `nodes`, round the list. Nodes are base URLs, `""` the
 * page's own origin.
 */
export function nextNode(nodes: readonly string[], current: string): string {
  if (nodes.length === 0) return current;
  const at = nodes.indexOf(current);
  return nodes[(at + 1) % nodes.length]!;
}

/**
 * The cluster's node URLs as a base list: the page's own origin as `""`, first, each once, trailing
 * slashes dropped; the node in use is kept even if the list no longer names it.
 */
export function nodeBases(urls: readonly string[], pageOrigin: string, current: string): string[] {
  const bases = urls.map((u) => u.replace(/\/+$/, "")).map((u) => (u.toLowerCase() === pageOrigin.toLowerCase() ? "" : u));
  const list = [...new Set(["", ...bases])];
  if (!list.includes(current)) list.push(current);
  return list;
}

export interface HubClientOptions {
  url?: string;
  token: () => string | null;
  /** Called after every (re)connection, before the state turns "connected": time to `sync`. */
  onConnected?: () => Promise<void> | void;
  onState?: (state: ConnectionState) => void;
  /** The server refused the token: the session is over. */
  onUnauthorized?: () => void;
  /**
   * Negotiate first and let SignalR fall back from WebSockets to other transports (default: WebSockets only,
   * no negotiation). Pages written for the old server keep the fallback they always had.
   */
  negotiate?: boolean;
  /** The client moved to another node (its base URL, `""` for the page's own): REST calls should follow. */
  onNode?: (base: string) => void;
}

export class HubClient {
  connection: HubConnection;
  private stopped = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private nodes: string[] = [""];
  private base = "";
  private failuresHere = 0;
  private readonly handlers: [string, (payload: unknown) => void][] = [];

  constructor(private readonly options: HubClientOptions) {
    this.connection = this.build(this.base);
  }

  /**
   * The cluster's live nodes (absolute URLs, as `GET /api/cluster/nodes` gives them): when the node in
   * use stays unreachable, the client goes on with the next one, keeping its token.
   */
  setNodes(urls: readonly string[]): void {
    this.nodes = nodeBases(urls, location.origin, this.base);
  }

  /** The node in use: its base URL, `""` for the page's own. */
  get server(): string {
    return this.base;
  }

  private build(base: string): HubConnection {
    const retry: IRetryPolicy = {
      // Given up on this node after a few tries when another is known: onclose moves on (tryStart).
      nextRetryDelayInMilliseconds: (ctx) =>
        this.nodes.length > 1 && ctx.previousRetryCount >= ATTEMPTS_PER_NODE ? null : retryDelay(ctx.previousRetryCount),
    };
    // WebSockets straight away: no negotiation round trip that a name with several nodes behind it
    // could send to one node and the socket to another.
    const connection = new HubConnectionBuilder()
      .withUrl(base + (this.options.url ?? "/hub"), {
        accessTokenFactory: () => this.options.token() ?? "",
        ...(this.options.negotiate ? {} : { skipNegotiation: true, transport: HttpTransportType.WebSockets }),
      })
      .withAutomaticReconnect(retry)
      .configureLogging(LogLevel.None)
      .build();
    connection.onreconnecting(() => this.setState("reconnecting"));
    connection.onreconnected(() => void this.afterConnect());
    connection.onclose(() => {
      if (this.stopped || connection !== this.connection) return;
      if (this.nodes.length > 1) this.failuresHere = ATTEMPTS_PER_NODE;
      this.schedule();
    });
    for (const [name, handler] of this.handlers) connection.on(name, handler);
    return connection;
  }

  /** Goes on with the next known node: a new connection there, and REST calls follow. */
  private moveOn(): void {
    const next = nextNode(this.nodes, this.base);
    this.failuresHere = 0;
    if (next === this.base) return;
    const old = this.connection;
    this.base = next;
    this.connection = this.build(next);
    void old.stop().catch(() => undefined);
    this.options.onNode?.(next);
  }

  on<K extends keyof HubEvents>(name: K, handler: (payload: HubEvents[K]) => void): void {
    this.handlers.push([name, handler as (payload: unknown) => void]);
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
    if (this.stopped) return;
    if (this.failuresHere >= ATTEMPTS_PER_NODE && this.nodes.length > 1) this.moveOn();
    if (this.connection.state !== HubConnectionState.Disconnected) return;
    this.setState(this.attempt === 0 ? "connecting" : "reconnecting");
    try {
      await this.connection.start();
    } catch (e) {
      if (/401|Unauthorized/.test(String(e))) {
        this.options.onUnauthorized?.();
        return;
      }
      this.failuresHere++;
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
    this.failuresHere = 0;
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
