// The broker grants the rocketmq-topics Job creates (its ConfigMap's acls) against the services' code: each
// service may publish to exactly the topics its EventProducer is made for, and consume exactly the topics its
// EventConsumers subscribe to, under their groups. A service that starts publishing elsewhere, or a grant nobody
// needs, fails here; scripts/infra/rocketmq-acl.int.test.ts shows a broker enforcing these lines.
import { SERVICE_NAMES } from '@micro-ecommerce/pkg/config';
import { TOPICS } from '@micro-ecommerce/pkg/rocketmq';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { codeOf } from './service-code.js';

const configMap = parseAllDocuments(readFileSync('infrastructure/manifests/platform/rocketmq-topics.yaml', 'utf8'))
  .map((document) => document.toJS())
  .find((doc) => doc.kind === 'ConfigMap' && doc.metadata.name === 'rocketmq-topics');

/** "user action" -> its resources, sorted. */
const granted = new Map<string, string[]>();
for (const line of (configMap.data.acls as string).split('\n').filter((l) => l.trim() !== '')) {
  const [user, action, resources] = line.trim().split(/\s+/);
  granted.set(`${user} ${action}`, resources!.split(',').sort());
}

const topicsIn = (text: string): string[] =>
  [...text.matchAll(/TOPICS\.(\w+)/g)].map(([, key]) => `Topic:${TOPICS[key as keyof typeof TOPICS]}`);

/** What the code of one service needs from the broker: "Pub" and "Sub" resources as the acls lines name them. */
const neededBy = (service: string): Map<string, string[]> => {
  const code = codeOf(service);
  const groupValues = new Map([...code.matchAll(/export const (\w+_GROUP) = '([^']+)'/g)].map(([, name, value]) => [name!, value!]));
  const pub = [...code.matchAll(/new EventProducer\(\{[^}]*?topics: \[([^\]]*)\]/g)].flatMap(([, list]) => topicsIn(list!));
  const sub = [...code.matchAll(/group: (\w+),\s*subscriptions: \{([^}]*)\}/g)].flatMap(([, group, subscriptions]) => [
    `Group:${groupValues.get(group!) ?? group}`,
    ...topicsIn(subscriptions!),
  ]);
  const needs = new Map<string, string[]>();
  if (pub.length > 0) needs.set('Pub', [...new Set(pub)].sort());
  if (sub.length > 0) needs.set('Sub', [...new Set(sub)].sort());
  return needs;
};

describe.each(SERVICE_NAMES)('the broker grants of %s', (service) => {
  it('are what its producers and consumers use, and nothing else', () => {
    const needs = neededBy(service);
    expect(needs.size, 'a service that uses the broker').toBeGreaterThan(0);
    for (const action of ['Pub', 'Sub']) expect(granted.get(`${service} ${action}`), action).toEqual(needs.get(action));
  });
});

it('grants nothing to a user that is not a service', () => {
  expect([...new Set([...granted.keys()].map((key) => key.split(' ')[0]))].sort()).toEqual([...SERVICE_NAMES].sort());
});
