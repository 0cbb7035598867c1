import type { Endpoints } from 'rocketmq-client-nodejs';
import type definitionPb from 'rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb.js';
import { describe, expect, it } from 'vitest';
import { withSettingsReplay } from './settings-replay.js';

const endpoints = {} as Endpoints;
const settings = {} as definitionPb.Settings;

/**
 * The start-up flow of rocketmq-client-nodejs 1.0.8's BaseClient, reduced to its order of events: the route
 * fetch opens the telemetry stream, the proxy's settings may come back while it is still in flight, and only
 * then does startup() begin to wait for settings - which the proxy does not send again by itself.
 */
class ClientWithEarlySettings {
  private resolveStartup: (() => void) | undefined;
  private running = false;
  applied = 0;

  async startup(): Promise<void> {
    await Promise.resolve();
    this.onSettingsCommand(endpoints, settings); // arrives during the route fetch
    await Promise.resolve();
    await new Promise<void>((resolve) => (this.resolveStartup = resolve));
    this.running = true;
  }

  isRunning(): boolean {
    return this.running;
  }

  onSettingsCommand(_endpoints: Endpoints, _settings: definitionPb.Settings): void {
    this.applied += 1;
    this.resolveStartup?.();
  }
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise.then(() => 'started'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), ms))]);

describe('withSettingsReplay', () => {
  it('the reduced client alone waits forever when its settings came early', async () => {
    expect(await within(new ClientWithEarlySettings().startup(), 500)).toBe('still waiting');
  });

  it('hands the early settings to the waiting startup, and stops replaying once it returned', async () => {
    const client = new (withSettingsReplay(ClientWithEarlySettings))();
    expect(await within(client.startup(), 500)).toBe('started');
    const applied = client.applied;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.applied).toBe(applied);
  });
});
