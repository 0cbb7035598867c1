# Loopback ports of the local infrastructure. config/local.yaml and config/test.yaml use the same values.
PG_PORT=5432
REDIS_PORT=6379
MONGO_PORT=27017
RMQ_NAMESRV_PORT=9876
RMQ_PROXY_GRPC_PORT=8081       # rocketmq-client-nodejs endpoint
RMQ_PROXY_REMOTING_PORT=8090   # moved off 8080, which is the gateway's
RMQ_BROKER_PORT=10911          # broker listen port (10909 fast/vip channel, 10912 HA are derived)
