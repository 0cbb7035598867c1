// Waits until the cluster's broker is registered at the name server, then creates or updates the topics of
// topics.txt with their message type and the consumer groups of groups.txt with their delivery attempts: one JVM
// instead of one `mqadmin updateTopic` / `updateSubGroup` (~2-3 s each) per line.
// Used by scripts/infra/rocketmq.sh:
//   java -cp '<lib>/*:<classes>' CreateTopicsAndGroups <namesrvAddr> <cluster> <topics.txt> <groups.txt> <waitSeconds> <queueNums>
// Exit codes: 0 ok, 2 broker not registered in time, 1 any other failure (exception on stderr).
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

public class CreateTopicsAndGroups {
    public static void main(String[] args) throws Exception {
        String namesrv = args[0], cluster = args[1];
        List<String> lines = Files.readAllLines(Path.of(args[2]));
        List<String> groups = Files.readAllLines(Path.of(args[3]));
        long deadline = System.currentTimeMillis() + Long.parseLong(args[4]) * 1000L;
        int queues = Integer.parseInt(args[5]);

        DefaultMQAdminExt admin = new DefaultMQAdminExt(5000);
        admin.setNamesrvAddr(namesrv);
        admin.setInstanceName("infra-create-topics-" + ProcessHandle.current().pid());
        admin.start();
        try {
            String broker = masterOf(admin, cluster, deadline);
            if (broker == null) {
                System.err.println("broker of cluster " + cluster + " did not register at " + namesrv + " in " + args[4] + " s");
                System.exit(2);
            }
            for (String raw : lines) {
                String line = raw.replaceAll("#.*", "").trim();
                if (line.isEmpty()) continue;
                String[] f = line.split("\\s+");
                String topic = f[0];
                TopicMessageType type = TopicMessageType.valueOf(f.length > 1 ? f[1].toUpperCase() : "NORMAL");
                TopicConfig existing = null;
                try {
                    existing = admin.examineTopicConfig(broker, topic);
                } catch (Exception notFound) {
                    // TOPIC_NOT_EXIST: create it below
                }
                if (existing != null && existing.getTopicMessageType() == type) {
                    System.out.println("topic " + topic + " " + type + " exists");
                    continue;
                }
                TopicConfig tc = new TopicConfig(topic, queues, queues, PermName.PERM_READ | PermName.PERM_WRITE);
                Map<String, String> attributes = new HashMap<>();
                attributes.put("+message.type", type.getValue());
                tc.setAttributes(attributes);
                admin.createAndUpdateTopicConfig(broker, tc);
                System.out.println("topic " + topic + " " + type + (existing == null ? " created" : " updated (was " + existing.getTopicMessageType() + ")"));
            }
            for (String raw : groups) {
                String line = raw.replaceAll("#.*", "").trim();
                if (line.isEmpty()) continue;
                String[] f = line.split("\\s+");
                createOrUpdateGroup(admin, broker, f[0], Integer.parseInt(f[1]));
            }
        } finally {
            admin.shutdown();
        }
        System.exit(0); // don't wait ~3 s for the client's netty threads to wind down
    }

    // A consumer group whose messages go to %DLQ%<group> after `attempts` failed deliveries. The proxy tells
    // clients maxDeliveryAttempts = retryMaxTimes + 1; groups the broker auto-creates get 16 retries.
    private static void createOrUpdateGroup(DefaultMQAdminExt admin, String broker, String group, int attempts) throws Exception {
        SubscriptionGroupConfig existing = null;
        try {
            existing = admin.examineSubscriptionGroupConfig(broker, group);
        } catch (Exception notFound) {
            // SUBSCRIPTION_GROUP_NOT_EXIST: create it below
        }
        if (existing != null && existing.getRetryMaxTimes() == attempts - 1) {
            System.out.println("group " + group + " max delivery attempts " + attempts + " exists");
            return;
        }
        SubscriptionGroupConfig config = existing != null ? existing : new SubscriptionGroupConfig();
        config.setGroupName(group);
        config.setRetryMaxTimes(attempts - 1);
        admin.createAndUpdateSubscriptionGroupConfig(broker, config);
        System.out.println("group " + group + " max delivery attempts " + attempts + (existing == null ? " created" : " updated"));
    }

    // Address of the master broker of `cluster` once the name server knows it and the broker answers.
    private static String masterOf(DefaultMQAdminExt admin, String cluster, long deadline) throws InterruptedException {
        while (true) {
            try {
                ClusterInfo info = admin.examineBrokerClusterInfo();
                if (info.getClusterAddrTable() != null && info.getClusterAddrTable().containsKey(cluster)) {
                    for (String name : info.getClusterAddrTable().get(cluster)) {
                        BrokerData data = info.getBrokerAddrTable().get(name);
                        String addr = data == null ? null : data.getBrokerAddrs().get(0L);
                        if (addr != null) {
                            admin.fetchBrokerRuntimeStats(addr); // answers once the broker serves requests
                            return addr;
                        }
                    }
                }
            } catch (Exception notYet) {
                // name server or broker still starting
            }
            if (System.currentTimeMillis() > deadline) return null;
            Thread.sleep(300);
        }
    }
}
