// Lists the messages in the dead-letter topics (%DLQ%<group>) of the given consumer groups without consuming
// them: it pulls from each queue's first to last offset and never commits an offset. `make dlq` runs it through
// scripts/infra/rocketmq.sh:
//   java -cp '<lib>/*:<classes>' ListDeadLetters <namesrvAddr> <group>...
// Prints one JSON object per line: group, msg_id (the message id producers and consumers logged), topic (where it
// was first published), tag, keys, born_at (first published), dead_lettered_at, body (UTF-8, cut at 500 chars).
// Exit codes: 0 ok (also when there is nothing), 1 failure (exception on stderr).
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.admin.TopicOffset;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

// DefaultMQPullConsumer is deprecated in favour of consumers that store offsets; reading without storing any is
// exactly what a listing needs.
@SuppressWarnings("deprecation")
public class ListDeadLetters {
    public static void main(String[] args) throws Exception {
        String namesrv = args[0];
        DefaultMQAdminExt admin = new DefaultMQAdminExt(5000);
        admin.setNamesrvAddr(namesrv);
        admin.setInstanceName("infra-dlq-admin-" + ProcessHandle.current().pid());
        // A pull consumer reads at explicit offsets and stores none: listing leaves the dead letters in place.
        DefaultMQPullConsumer reader = new DefaultMQPullConsumer("tools-dead-letter-reader");
        reader.setNamesrvAddr(namesrv);
        reader.setInstanceName("infra-dlq-reader-" + ProcessHandle.current().pid());
        admin.start();
        reader.start();
        int total = 0;
        try {
            for (int i = 1; i < args.length; i++) total += list(admin, reader, args[i]);
        } finally {
            reader.shutdown();
            admin.shutdown();
        }
        System.err.println(total + " dead-lettered message(s) in " + (args.length - 1) + " group(s)");
        System.exit(0); // don't wait ~3 s for the client's netty threads to wind down
    }

    private static int list(DefaultMQAdminExt admin, DefaultMQPullConsumer reader, String group) throws Exception {
        String topic = MixAll.getDLQTopic(group);
        TopicStatsTable stats;
        try {
            stats = admin.examineTopicStats(topic);
        } catch (MQClientException e) {
            // The broker creates %DLQ%<group> with the group's first dead letter; any other error is a failure.
            if (e.getResponseCode() == ResponseCode.TOPIC_NOT_EXIST) return 0;
            throw e;
        }
        int count = 0;
        for (Map.Entry<MessageQueue, TopicOffset> queue : stats.getOffsetTable().entrySet()) {
            long offset = queue.getValue().getMinOffset(), end = queue.getValue().getMaxOffset();
            while (offset < end) {
                PullResult result = reader.pull(queue.getKey(), "*", offset, 32);
                if (result.getPullStatus() != PullStatus.FOUND) break;
                for (MessageExt message : result.getMsgFoundList()) {
                    System.out.println(json(group, message));
                    count++;
                }
                offset = result.getNextBeginOffset();
            }
        }
        return count;
    }

    private static String json(String group, MessageExt m) {
        String msgId = m.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        String body = new String(m.getBody(), StandardCharsets.UTF_8);
        if (body.length() > 500) body = body.substring(0, 500) + "...";
        return "{" + field("group", group) + "," + field("msg_id", msgId != null ? msgId : m.getMsgId()) + ","
            + field("topic", originTopic(group, m)) + "," + field("tag", m.getTags()) + "," + field("keys", m.getKeys()) + ","
            + field("born_at", Instant.ofEpochMilli(m.getBornTimestamp()).toString()) + ","
            + field("dead_lettered_at", Instant.ofEpochMilli(m.getStoreTimestamp()).toString()) + "," + field("body", body) + "}";
    }

    // Retries travel through the group's retry topic, %RETRY%<group>_<topic> (5.x pop consumers) or
    // %RETRY%<group>; the message remembers it in RETRY_TOPIC.
    private static String originTopic(String group, MessageExt m) {
        String retryTopic = m.getProperty(MessageConst.PROPERTY_RETRY_TOPIC);
        if (retryTopic == null) return m.getTopic();
        String prefix = MixAll.getRetryTopic(group) + "_";
        return retryTopic.startsWith(prefix) ? retryTopic.substring(prefix.length()) : retryTopic;
    }

    private static String field(String name, String value) {
        if (value == null) return "\"" + name + "\":null";
        StringBuilder out = new StringBuilder("\"" + name + "\":\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }
}
