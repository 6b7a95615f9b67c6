import type { Logger } from '@poverty/messaging';
import type { CaseApplication } from './case-application';

const TIMER_BATCH = 20;

/**
 * Polls for due timers. Every replica runs one; `FOR UPDATE SKIP LOCKED` makes each timer
 * fire exactly once, and because timers are rows they survive restarts.
 */
export class TimerScheduler {
  private handle: NodeJS.Timeout | null = null;
  private busy: Promise<void> | null = null;

  constructor(
    private readonly cases: CaseApplication,
    private readonly logger: Logger,
    private readonly intervalMs = Number(process.env['TIMER_POLL_MS'] ?? 500),
  ) {}

  start(): void {
    this.handle = setInterval(() => void this.tick(), this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.handle) clearInterval(this.handle);
    this.handle = null;
    await this.busy;
  }

  tick(): Promise<void> {
    if (this.busy) return this.busy;
    this.busy = (async () => {
      try {
        // A full batch may leave more due; a short one means the next poll will do.
        while ((await this.cases.fireDueTimers(TIMER_BATCH)) === TIMER_BATCH) {
          // keep draining
        }
      } catch (error) {
        this.logger.error('timer scheduler tick failed', { error: (error as Error).message });
      } finally {
        this.busy = null;
      }
    })();
    return this.busy;
  }
}
