import { Injectable } from '@nestjs/common';

/** Whether the process is draining: readiness turns false first, so load balancers stop sending. */
@Injectable()
export class ShutdownState {
  private drainingSince: number | null = null;

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  startDraining(): void {
    this.drainingSince ??= Date.now();
  }
}
