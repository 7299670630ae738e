import { Injectable } from '@nestjs/common';

/** The URL this process listens on, known only after listen(); the built-in simulator and its webhooks use it. */
@Injectable()
export class SelfUrl {
  private value: string | undefined;

  set(url: string) {
    this.value = url.replace(/\/+$/, '');
  }

  get(): string {
    if (this.value === undefined) throw new Error('SelfUrl read before the server listens');
    return this.value;
  }
}
