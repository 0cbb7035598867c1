# Loopback ports of the local infrastructure. config/local.yaml and config/test.yaml use the same values.
PG_PORT=5432
REDIS_PORT=6379
MONGO_PORT=27017
RMQ_NAMESRV_PORT=9876
RMQ_PROXY_GRPC_PORT=8081       # rocketmq-client-nodejs endpoint
RMQ_PROXY_REMOTING_PORT=8090   # moved off 8080, which is the gateway's
RMQ_BROKER_PORT=10911          # broker listen port (10909 fast/vip channel, 10912 HA are derived)
JAEGER_UI_PORT=16686           # Jaeger's HTTP query API (/api/traces) and UI page
JAEGER_QUERY_GRPC_PORT=16685   # Jaeger's query API over gRPC (unused here, bound to loopback all the same)
JAEGER_OTLP_GRPC_PORT=4317     # OTLP/gRPC receiver
JAEGER_OTLP_HTTP_PORT=4318     # OTLP/HTTP receiver: telemetry.otlp_endpoint of the local and test stages
