# Every task a user runs. `make help` lists them.
SHELL := /bin/bash
# Node.js 24 from scripts/node.sh (the machine's own Node may be older) comes first on PATH for every task.
NODE_BIN := $(CURDIR)/.run/node/bin
export PATH := $(NODE_BIN):$(PATH):/usr/local/go/bin:$(HOME)/go/bin
INFRA := scripts/infra/infra.sh
VITEST := npx vitest run
TEST_STAGE := config/test.yaml

.DEFAULT_GOAL := help
.PHONY: help setup infra-up infra-down infra-status migrate proto proto-check proto-breaking build lint format \
        test test-unit test-int test-deploy test-e2e dev rolling-restart bench check-invariants dlq demo clean \
        manifests terraform images restart-svc kiali jaeger minikube-tunnel minikube-start ingress kube-tools

# Kubernetes (minikube): the five service images, the namespace they run in, and the Terraform root.
# K8S_VERSION is what `make minikube-start` runs and what the manifest checks' kube-apiserver is built from
# (scripts/kube/apiserver/go.mod; a test keeps the two equal); Istio's version is in infrastructure/variables.tf.
K8S_VERSION := v1.35.4
SERVICES := customer product cart order payment
K8S_NAMESPACE := micro-ecommerce
TERRAFORM := terraform -chdir=infrastructure
# Created once by `make terraform`, git-ignored with the rest of .run/ (paths relative to infrastructure/).
K8S_TFVARS := .run/k8s.tfvars
# The cluster's own JWT key pair, made at deploy time: never the one `make dev` signs with (README "Security").
K8S_JWT_PRIVATE_KEY := .run/k8s/jwt-private.pem

help: ## list the tasks
	@grep -E '^[a-z0-9%-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{gsub(/%/, "<svc>", $$1); printf "  make %-17s %s\n", $$1, $$2}'

$(NODE_BIN)/node: scripts/node.sh
	@bash scripts/node.sh

node_modules/.install-stamp: $(NODE_BIN)/node package.json package-lock.json pkg/package.json $(wildcard service.*/package.json)
	npm ci --no-audit --no-fund
	@touch $@

# The Python virtualenv with schemathesis for the contract fuzzing step (e2e/contract-fuzz.test.ts).
VENV_STAMP := .run/venv/.install-stamp
$(VENV_STAMP): scripts/fuzz/requirements.txt scripts/fuzz/venv.sh
	@bash scripts/fuzz/venv.sh
	@touch $@

setup: node_modules/.install-stamp $(VENV_STAMP) ## install everything: Node.js 24, npm packages, PostgreSQL, Redis, FerretDB, RocketMQ, Jaeger, schemathesis
	@bash $(INFRA) install

infra-up: setup ## start PostgreSQL, Redis, the MongoDB-wire server, RocketMQ and Jaeger on loopback (idempotent)
	@bash $(INFRA) up

infra-down: ## stop every server infra-up started
	@bash $(INFRA) down

infra-status: ## one line per server
	@bash $(INFRA) status

kube-tools: ## build kube-apiserver and istioctl for the manifest checks (cached in ~/.cache/micro-ecommerce), install etcd
	@bash scripts/kube/tools.sh install

build: node_modules/.install-stamp ## compile every workspace (tsc -b)
	npx tsc -b

migrate: build ## apply the migrations of all four databases (STAGE, default config/local.yaml)
	npx tsx scripts/migrate.ts up

proto: node_modules/.install-stamp ## lint the protos and regenerate pkg/src/gen
	bash scripts/proto.sh generate

proto-check: node_modules/.install-stamp ## fail if regenerating the protos changes pkg/src/gen
	bash scripts/proto.sh check

proto-breaking: node_modules/.install-stamp ## fail on a breaking change against main's protos
	bash scripts/proto.sh breaking

lint: node_modules/.install-stamp ## eslint (incl. dependency direction), prettier check, full type check
	npx eslint .
	npx prettier --check .
	npx tsc -p tsconfig.typecheck.json

format: node_modules/.install-stamp ## rewrite files with prettier
	npx prettier --write .

test: infra-up kube-tools build lint proto-check ## everything: unit, integration and e2e tests against the real servers
	@mkdir -p .run
	@STAGE=$(TEST_STAGE) $(VITEST) --reporter=default --reporter=json --outputFile.json=.run/test-results.json; \
	  rc=$$?; node scripts/test/summary.mjs .run/test-results.json; \
	  STAGE=$(TEST_STAGE) npx tsx scripts/check-invariants.ts || rc=1; exit $$rc

test-unit: node_modules/.install-stamp ## unit tests only (no servers)
	$(VITEST) --project unit

test-int: infra-up ## integration tests against the real servers
	STAGE=$(TEST_STAGE) $(VITEST) --project integration

test-deploy: kube-tools ## the deploy manifests against a real kube-apiserver and istioctl analyze (no local servers needed)
	$(VITEST) --project deploy

test-e2e: infra-up build ## end-to-end tests through the gateway
	STAGE=$(TEST_STAGE) $(VITEST) --project e2e

dev: infra-up migrate ## run the whole system on this machine (REPLICAS=order=2,cart=2 for more instances; Ctrl-C stops the services)
	@bash scripts/dev.sh

rolling-restart: ## replace one service's instances of a running make dev one by one, no request failing: make rolling-restart svc=order
	@case " $(SERVICES) " in *" $(svc) "*) ;; *) echo "usage: make rolling-restart svc=<one of: $(SERVICES)> [settle_ms=N]"; exit 2 ;; esac
	@npx tsx scripts/rolling-restart/main.ts $(svc) $(settle_ms)

check-invariants: build ## check the stock and money invariants across the databases (exit 1 on violation)
	npx tsx scripts/check-invariants.ts

bench: infra-up build ## load benchmarks on loopback (bench/, ~3 min): checkout (TCC vs one transaction) with span breakdown, CPU and RSS; cart GET
	STAGE=$(TEST_STAGE) npx tsx bench/main.ts

dlq: ## list dead-lettered messages (JSON lines) of every consumer group, or of one: make dlq group=cart-service
	@bash $(INFRA) dlq $(group)

demo: node_modules/.install-stamp ## list the pattern demos (make demo-<name>: bounded, on the test stage, prints its evidence)
	@npx tsx scripts/demo/main.ts

# One target per demo: the test stage's ports are shared with make test and make bench, hence the lock.
demo-%: infra-up build
	@flock /tmp/micro-ecommerce-test-ports.lock env STAGE=$(TEST_STAGE) npx tsx scripts/demo/main.ts $* $(step)

clean: infra-down ## stop the servers and delete build output and all local data (.run/)
	rm -rf .run dist */dist node_modules/.install-stamp

manifests: build ## render infrastructure/manifests/services and istio (commit the result)
	npx tsx scripts/deploy/render-manifests.ts

# The JWT key pair (PKCS#8 private, SPKI public) the customer service signs with in the cluster, made once by the
# first `make terraform` and mounted from the Secret jwt-keys; the local stages make their own under .run/keys*/.
$(K8S_JWT_PRIVATE_KEY):
	@mkdir -p $(dir $@)
	@umask 077; openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out $@
	openssl pkey -in $@ -pubout -out $(dir $@)jwt-public.pem

# Secret Terraform variables for minikube, generated once: a random PostgreSQL password, one admin and one staff
# account, and the (commented-out) SMTP relay settings of the customer service.
$(K8S_TFVARS):
	@mkdir -p .run
	@pw=$$(openssl rand -hex 16); admin=$$(openssl rand -hex 12); staff=$$(openssl rand -hex 12); umask 077; \
	  { printf 'postgres_password = "%s"\n' "$$pw"; \
	    printf 'admin_accounts = <<-EOT\n  [{"email": "%s", "password": "%s"}]\nEOT\n' admin@micro-ecommerce.local "$$admin"; \
	    printf 'staff_accounts = <<-EOT\n  [{"email": "%s", "password": "%s"}]\nEOT\n' staff@micro-ecommerce.local "$$staff"; \
	    printf '%s\n' '# Notification e-mails: with no smtp_host the customer pod writes them as .eml files to /tmp/mail.' \
	      '# smtp_host     = "smtp.example.com"' '# smtp_port     = 587' '# smtp_secure   = false' \
	      '# smtp_user     = "..."' '# smtp_password = "..."'; } > $@
	@echo "wrote $@ (the minikube admin and staff passwords are in it)"

terraform: manifests $(K8S_JWT_PRIVATE_KEY) $(K8S_TFVARS) ## deploy to minikube: Istio and addons first, then everything else
	$(TERRAFORM) init -input=false
	@# kubernetes_manifest needs the Istio CRDs at plan time: apply the helm releases alone first.
	$(TERRAFORM) apply -input=false -auto-approve -var-file=../$(K8S_TFVARS) \
	  -target=helm_release.istio_base -target=helm_release.istiod -target=helm_release.istio_ingressgateway \
	  -target=helm_release.prometheus -target=helm_release.kiali
	$(TERRAFORM) apply -input=false -auto-approve -var-file=../$(K8S_TFVARS)

images: $(addprefix build-,$(SERVICES)) ## build all five service images into minikube

build-%: ## build the image micro-ecommerce/<svc>:dev into minikube (build-customer, build-cart, ...)
	@case " $(SERVICES) " in *" $* "*) ;; *) echo "unknown service '$*' (one of: $(SERVICES))"; exit 2 ;; esac
	minikube image build -t micro-ecommerce/$*:dev -f infrastructure/docker/Dockerfile --build-opt=build-arg=SERVICE=$* .

deploy-%: build-% ## rebuild the image of <svc> and restart its pods (deploy-order, ...)
	kubectl -n $(K8S_NAMESPACE) rollout restart deployment/$*
	kubectl -n $(K8S_NAMESPACE) rollout status deployment/$* --timeout=180s

restart-svc: ## restart the pods of one service without rebuilding: make restart-svc svc=cart
	@case " $(SERVICES) " in *" $(svc) "*) ;; *) echo "usage: make restart-svc svc=<one of: $(SERVICES)>"; exit 2 ;; esac
	kubectl -n $(K8S_NAMESPACE) rollout restart deployment/$(svc)
	kubectl -n $(K8S_NAMESPACE) rollout status deployment/$(svc) --timeout=180s

kiali: ## open Kiali (service graph, mTLS) on http://localhost:20001 (Ctrl-C stops)
	@echo "Kiali: http://localhost:20001/kiali"
	kubectl -n istio-system port-forward svc/kiali 20001:20001

jaeger: ## open the Jaeger UI (traces) on http://localhost:16686/jaeger (Ctrl-C stops)
	@echo "Jaeger: http://localhost:16686/jaeger"
	kubectl -n istio-system port-forward svc/tracing 16686:16686

minikube-start: ## start minikube with the Kubernetes version the deploy is checked against, sized for the whole system
	minikube start --kubernetes-version=$(K8S_VERSION) --cpus=4 --memory=12g --disk-size=30g

# Port 80 is privileged on Linux unless net.ipv4.ip_unprivileged_port_start allows it: then kubectl runs under
# sudo, with the user's kubeconfig. macOS lets any user bind 127.0.0.1:80.
ingress: ## serve the ingress gateway on http://127.0.0.1:80 by port-forward, on any OS and driver (keeps running)
	@sudo=""; if [ "$$(uname)" = Linux ] && [ "$$(id -u)" != 0 ] && \
	  [ "$$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start 2>/dev/null || echo 1024)" -gt 80 ]; then sudo="sudo"; fi; \
	  echo "ingress: http://127.0.0.1/api/v1/product (Ctrl-C stops)"; \
	  $$sudo kubectl --kubeconfig "$${KUBECONFIG:-$$HOME/.kube/config}" -n istio-system \
	    port-forward --address 127.0.0.1 service/istio-ingressgateway 80:80

minikube-tunnel: ## macOS/Windows alternative to make ingress: the LoadBalancer on 127.0.0.1:80 (keeps running; asks for sudo)
	minikube tunnel
