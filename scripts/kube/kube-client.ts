// The few Kubernetes API calls the deploy checks need, over plain HTTPS: discovery (kind -> resource path) and
// server-side apply, which is how Terraform's kubernetes_manifest writes objects too.
import https from 'node:https';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [field: string]: unknown };
  [field: string]: unknown;
}

export interface KubeResponse {
  status: number;
  body: any;
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

/** A client of one API server, authenticated with a bearer token, trusting exactly `ca`. */
export class KubeClient {
  private readonly resources = new Map<string, ApiResource[]>();

  constructor(
    private readonly server: string,
    private readonly token: string,
    private readonly ca: Buffer,
  ) {}

  request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<KubeResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(
        new URL(path, this.server),
        {
          method,
          ca: this.ca,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: 'application/json',
            ...(payload === undefined ? {} : { 'content-type': contentType }),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // /readyz and friends answer plain text.
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** The REST path of an object's collection, from discovery (asked again when a kind is new, e.g. after a CRD). */
  async collectionPath(apiVersion: string, kind: string, namespace?: string): Promise<string> {
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    let resource = this.resources.get(apiVersion)?.find((r) => r.kind === kind && !r.name.includes('/'));
    if (resource === undefined) {
      const { status, body } = await this.request('GET', base);
      if (status !== 200) throw new Error(`discovery of ${apiVersion} answered ${status}: ${JSON.stringify(body)}`);
      this.resources.set(apiVersion, body.resources);
      resource = (body.resources as ApiResource[]).find((r) => r.kind === kind && !r.name.includes('/'));
    }
    if (resource === undefined) throw new Error(`the API server serves no kind ${kind} in ${apiVersion}`);
    if (!resource.namespaced) return `${base}/${resource.name}`;
    if (namespace === undefined) throw new Error(`${kind} is namespaced but the object names no namespace`);
    return `${base}/namespaces/${namespace}/${resource.name}`;
  }

  /**
   * Server-side apply with strict field validation (unknown or duplicate fields are errors, not warnings).
   * With `dryRun` the server runs every validation and admission step but stores nothing.
   */
  async apply(object: KubeObject, options: { dryRun?: boolean } = {}): Promise<KubeResponse> {
    const collection = await this.collectionPath(object.apiVersion, object.kind, object.metadata.namespace);
    const query = new URLSearchParams({ fieldManager: 'micro-ecommerce-checks', force: 'true', fieldValidation: 'Strict' });
    if (options.dryRun) query.set('dryRun', 'All');
    return this.request('PATCH', `${collection}/${object.metadata.name}?${query}`, object, 'application/apply-patch+yaml');
  }
}
