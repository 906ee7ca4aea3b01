import type { SubscriberStatus } from '@steward/messaging';

/**
 * Whether a view fed by a Kafka subscription can be trusted right now (pure; the caller passes
 * the clock). Trusted only while the subscription has joined its group, has fetched since (its
 * offsets are then resolved, so every event published from here on reaches us) and has fetched
 * or heartbeaten within `staleAfterMs`. Anything else (cold start, rebalance, rejoin, crash,
 * stop, disconnect, silence) is distrust, and every loss of trust calls `onLost` once, so the
 * view can drop what it may have missed updates for.
 */
export class SubscriptionHealth {
  private phase: 'starting' | 'joined' | 'consuming' | 'down' = 'starting';
  private lastSeenAt = Number.NEGATIVE_INFINITY;
  private trusted = false;

  constructor(
    private readonly staleAfterMs: number,
    private readonly onLost: () => void,
  ) {}

  observe(status: SubscriberStatus, now: number): void {
    switch (status.type) {
      case 'joined':
        // A (re)join resolves offsets anew (latest, no commits): what came in between is unseen.
        this.phase = 'joined';
        break;
      case 'fetched':
        if (this.phase === 'joined' || this.phase === 'consuming') {
          this.phase = 'consuming';
          this.lastSeenAt = now;
        }
        break;
      case 'heartbeat':
        if (this.phase === 'consuming') this.lastSeenAt = now;
        break;
      case 'rebalancing':
        this.phase = 'starting';
        break;
      case 'crashed':
      case 'stopped':
      case 'disconnected':
        this.phase = 'down';
        break;
      default: {
        const unknown: never = status;
        throw new Error(`unhandled subscriber status ${String((unknown as { type: string }).type)}`);
      }
    }
    this.isHealthy(now);
  }

  /** True while the view may be trusted; notices a lapse (and reports it) when asked. */
  isHealthy(now: number): boolean {
    const healthy = this.phase === 'consuming' && now - this.lastSeenAt <= this.staleAfterMs;
    if (this.trusted && !healthy) {
      this.trusted = false;
      this.onLost();
    } else if (healthy) {
      this.trusted = true;
    }
    return healthy;
  }

  /** For health reporting: what the subscription is doing. */
  describe(now: number): { phase: string; last_fetch_ms_ago: number | null } {
    return { phase: this.phase, last_fetch_ms_ago: Number.isFinite(this.lastSeenAt) ? now - this.lastSeenAt : null };
  }
}
