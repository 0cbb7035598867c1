import { PushConsumer, type Endpoints } from 'rocketmq-client-nodejs';
// definition_pb.js is CommonJS whose exports Node's ESM loader cannot detect by name: import the module object.
import type definitionPb from 'rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb.js';
import { withSettingsReplay } from './settings-replay.js';

/**
 * A PushConsumer that remembers how many delivery attempts the broker gives its group. The broker sends them in
 * the settings of every client (groups.txt's MAX_DELIVERY_ATTEMPTS), but rocketmq-client-nodejs 1.0.8 keeps the
 * retry policy only when its backoff is exponential, and the proxy describes a non-FIFO group's backoff as a
 * customized list of delays: getRetryPolicy() stays undefined and the count would be lost.
 */
export class PushConsumerWithMaxAttempts extends withSettingsReplay(PushConsumer) {
  /** The group's max delivery attempts; undefined until the broker sent its settings. */
  maxAttempts: number | undefined;

  override onSettingsCommand(endpoints: Endpoints, settings: definitionPb.Settings): void {
    const maxAttempts = settings.getBackoffPolicy()?.getMaxAttempts();
    if (maxAttempts !== undefined && maxAttempts > 0) this.maxAttempts = maxAttempts;
    super.onSettingsCommand(endpoints, settings);
  }
}
