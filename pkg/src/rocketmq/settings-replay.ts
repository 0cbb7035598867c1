import type { Endpoints } from 'rocketmq-client-nodejs';
// definition_pb.js is CommonJS whose exports Node's ESM loader cannot detect by name: import the module object.
import type definitionPb from 'rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb.js';

/** What the mixin needs of a client: rocketmq-client-nodejs's Producer and PushConsumer both are one. */
interface StartableClient {
  startup(): Promise<void>;
  isRunning(): boolean;
  onSettingsCommand(endpoints: Endpoints, settings: definitionPb.Settings): void;
}

// A mixin's base must be constructible with any arguments (TypeScript's rule for mixin classes).
type ClientClass = new (...args: any[]) => StartableClient;

/** How often settings received too early are handed to the waiting startup again. */
const REPLAY_INTERVAL_MS = 100;

/**
 * rocketmq-client-nodejs 1.0.8 ends startup() by waiting for the proxy's first settings command, but it only
 * starts listening for it after the first route fetch - and that fetch opens the telemetry stream the settings
 * come back on. When they arrive first (1 start in 8 here), startup() waits for the next ones, which the client
 * asks for every 5 minutes: the service hangs before it serves. This replays the settings already received until
 * startup() has returned. Applying the same settings twice changes nothing.
 */
export const withSettingsReplay = <Base extends ClientClass>(base: Base) =>
  class SettingsReplay extends base {
    #received: [Endpoints, definitionPb.Settings] | undefined;

    override onSettingsCommand(endpoints: Endpoints, settings: definitionPb.Settings): void {
      this.#received = [endpoints, settings];
      super.onSettingsCommand(endpoints, settings);
    }

    override async startup(): Promise<void> {
      const replay = setInterval(() => {
        if (this.#received !== undefined && !this.isRunning()) super.onSettingsCommand(...this.#received);
      }, REPLAY_INTERVAL_MS);
      try {
        await super.startup();
      } finally {
        clearInterval(replay);
      }
    }
  };
