import type { ChannelOptions } from '@grpc/grpc-js';
import type { GrpcMessageLimits } from '../config/index.js';

/**
 * The channel options of the stage's message limit, for servers and clients alike: a larger message is refused
 * with RESOURCE_EXHAUSTED before it is decoded. None when absent. Metadata has no grpc-js option: Node's HTTP/2
 * bounds a header block at 64 KiB (maxHeaderListSize).
 */
export const messageLimitOptions = (limits: GrpcMessageLimits | undefined): ChannelOptions =>
  limits === undefined
    ? {}
    : {
        'grpc.max_receive_message_length': limits.max_message_bytes,
        'grpc.max_send_message_length': limits.max_message_bytes,
      };
