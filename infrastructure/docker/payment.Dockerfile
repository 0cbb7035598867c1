# The payment service. Build from the repository root:
#   minikube image build -t micro-ecommerce/payment:dev -f infrastructure/docker/payment.Dockerfile .
# The five Dockerfiles differ only in the service name and the migrations line.

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
# npm ci accepts the whole-repository lockfile with only the workspaces this image needs present.
COPY package.json package-lock.json tsconfig.base.json ./
COPY pkg/package.json pkg/
COPY service.payment/package.json service.payment/
# The root workspace brings typescript and @types/node.
RUN npm ci --workspace pkg --workspace service.payment --include-workspace-root --no-audit --no-fund
COPY pkg/tsconfig.json pkg/
COPY pkg/src pkg/src
COPY service.payment/tsconfig.json service.payment/
COPY service.payment/src service.payment/src
RUN npx tsc -b service.payment

FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production STAGE=config/k8s.yaml
WORKDIR /app
COPY package.json package-lock.json ./
COPY pkg/package.json pkg/
COPY service.payment/package.json service.payment/
# Production dependencies of pkg and the service only; node_modules/@micro-ecommerce/pkg links to /app/pkg.
RUN npm ci --omit=dev --workspace pkg --workspace service.payment --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/pkg/dist pkg/dist
COPY --from=build /app/service.payment/dist service.payment/dist
# The migrate init container runs node pkg/dist/postgres/migrate-main.js payment from /app.
COPY migrations/payment migrations/payment
# config/k8s.yaml is mounted from the ConfigMap micro-ecommerce-config at run time.
# The image's node user, by uid so that a pod's runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 8080 9090
CMD ["node", "service.payment/dist/main.js"]
