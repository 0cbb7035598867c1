# The customer service. Build from the repository root:
#   minikube image build -t micro-ecommerce/customer:dev -f infrastructure/docker/customer.Dockerfile .
# The five Dockerfiles differ only in the service name and the migrations line.

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
# npm ci accepts the whole-repository lockfile with only the workspaces this image needs present.
COPY package.json package-lock.json tsconfig.base.json ./
COPY pkg/package.json pkg/
COPY service.customer/package.json service.customer/
# The root workspace brings typescript and @types/node.
RUN npm ci --workspace pkg --workspace service.customer --include-workspace-root --no-audit --no-fund
COPY pkg/tsconfig.json pkg/
COPY pkg/src pkg/src
COPY service.customer/tsconfig.json service.customer/
COPY service.customer/src service.customer/src
RUN npx tsc -b service.customer

FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production STAGE=config/k8s.yaml
WORKDIR /app
COPY package.json package-lock.json ./
COPY pkg/package.json pkg/
COPY service.customer/package.json service.customer/
# Production dependencies of pkg and the service only; node_modules/@micro-ecommerce/pkg links to /app/pkg.
RUN npm ci --omit=dev --workspace pkg --workspace service.customer --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/pkg/dist pkg/dist
COPY --from=build /app/service.customer/dist service.customer/dist
# The migrate init container runs node pkg/dist/postgres/migrate-main.js customer from /app.
COPY migrations/customer migrations/customer
# config/k8s.yaml is mounted from the ConfigMap micro-ecommerce-config at run time.
# The image's node user, by uid so that a pod's runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 8080 9090
CMD ["node", "service.customer/dist/main.js"]
