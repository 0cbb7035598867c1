# The cart service. Build from the repository root:
#   minikube image build -t micro-ecommerce/cart:dev -f infrastructure/docker/cart.Dockerfile .
# The five Dockerfiles differ only in the service name and the migrations line.

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
# npm ci accepts the whole-repository lockfile with only the workspaces this image needs present.
COPY package.json package-lock.json tsconfig.base.json ./
COPY pkg/package.json pkg/
COPY service.cart/package.json service.cart/
# The root workspace brings typescript and @types/node.
RUN npm ci --workspace pkg --workspace service.cart --include-workspace-root --no-audit --no-fund
COPY pkg/tsconfig.json pkg/
COPY pkg/src pkg/src
COPY service.cart/tsconfig.json service.cart/
COPY service.cart/src service.cart/src
RUN npx tsc -b service.cart

FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production STAGE=config/k8s.yaml
WORKDIR /app
COPY package.json package-lock.json ./
COPY pkg/package.json pkg/
COPY service.cart/package.json service.cart/
# Production dependencies of pkg and the service only; node_modules/@micro-ecommerce/pkg links to /app/pkg.
RUN npm ci --omit=dev --workspace pkg --workspace service.cart --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/pkg/dist pkg/dist
COPY --from=build /app/service.cart/dist service.cart/dist
# cart keeps its data in Redis: no migrations.
# config/k8s.yaml is mounted from the ConfigMap micro-ecommerce-config at run time.
# The image's node user, by uid so that a pod's runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 8080 9090
CMD ["node", "service.cart/dist/main.js"]
