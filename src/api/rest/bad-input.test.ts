import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoApp, demoApp } from '../../../test/demo-app.js';

let demo: DemoApp;
let auditBefore: number;
beforeAll(async () => {
  demo = await demoApp();
  auditBefore = (await demo.store.listAudit({ limit: 1 }))[0]?.id ?? 0;
});
afterAll(async () => {
  await demo.close();
});

const json = { 'content-type': 'application/json' };
const cases: [string, InjectOptions, number, string][] = [
  [
    'malformed JSON',
    { method: 'POST', url: '/api/v1/services', payload: '{"id": "a",', headers: json },
    400,
    'malformed_json',
  ],
  [
    'an empty JSON body',
    { method: 'POST', url: '/api/v1/parties', payload: '', headers: json },
    400,
    'malformed_json',
  ],
  [
    'a JSON list',
    { method: 'POST', url: '/api/v1/services', payload: '[1]', headers: json },
    400,
    'invalid_input',
  ],
  [
    'text/plain',
    {
      method: 'POST',
      url: '/api/v1/services',
      payload: 'id=a',
      headers: { 'content-type': 'text/plain' },
    },
    415,
    'unsupported_media_type',
  ],
  [
    'a form',
    {
      method: 'POST',
      url: '/api/v1/dependencies',
      payload: 'from=a',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    415,
    'unsupported_media_type',
  ],
  [
    'YAML to an entity route',
    {
      method: 'POST',
      url: '/api/v1/services',
      payload: 'id: a',
      headers: { 'content-type': 'application/yaml' },
    },
    415,
    'unsupported_media_type',
  ],
  [
    'XML to the model',
    {
      method: 'POST',
      url: '/api/v1/model/plan',
      payload: '<a/>',
      headers: { 'content-type': 'application/xml' },
    },
    415,
    'unsupported_media_type',
  ],
  [
    'an oversized body',
    {
      method: 'POST',
      url: '/api/v1/services',
      payload: JSON.stringify({ id: 'big', description: 'x'.repeat(70_000) }),
      headers: json,
    },
    413,
    'payload_too_large',
  ],
  [
    'deep nesting',
    {
      method: 'POST',
      url: '/api/v1/services',
      payload: `{"labels":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      headers: json,
    },
    400,
    'nesting_too_deep',
  ],
  [
    '__proto__',
    {
      method: 'POST',
      url: '/api/v1/services',
      payload: '{"id":"p","__proto__":{"admin":true}}',
      headers: json,
    },
    400,
    'forbidden_key',
  ],
  [
    'nested __proto__',
    {
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: '{"party":"sales","service":"sap-erp","note":{"__proto__":1}}',
      headers: json,
    },
    400,
    'forbidden_key',
  ],
  [
    'constructor',
    {
      method: 'POST',
      url: '/api/v1/parties',
      payload: '{"id":"p","kind":"team","constructor":{"prototype":{}}}',
      headers: json,
    },
    400,
    'forbidden_key',
  ],
  [
    'a control character in a name',
    { method: 'POST', url: '/api/v1/services', payload: { id: 'c1', name: 'Bell\u0007' } },
    400,
    'invalid_input',
  ],
  [
    'a bidirectional override in a name',
    {
      method: 'POST',
      url: '/api/v1/parties',
      payload: { id: 'c2', kind: 'team', name: 'evil\u202Egpj.exe' },
    },
    400,
    'invalid_input',
  ],
  [
    'a lone surrogate',
    {
      method: 'POST',
      url: '/api/v1/services',
      payload: '{"id":"c3","name":"\\ud800x"}',
      headers: json,
    },
    400,
    'invalid_input',
  ],
  [
    'a look-alike id',
    { method: 'POST', url: '/api/v1/services', payload: { id: 'оrder-to-cash' } },
    400,
    'invalid_input',
  ],
  [
    'an upper-case id in the address',
    { method: 'PUT', url: '/api/v1/services/Order', payload: {}, headers: { 'if-match': '*' } },
    400,
    'invalid_input',
  ],
  [
    'a wrong type',
    { method: 'POST', url: '/api/v1/services', payload: { id: 'w', slo: 'high', tags: 'x' } },
    400,
    'invalid_input',
  ],
  [
    'an unknown field',
    {
      method: 'POST',
      url: '/api/v1/dependencies',
      payload: { from: 'order-to-cash', to: 'sap-erp', wieght: 2 },
    },
    400,
    'invalid_input',
  ],
  [
    'a bad impact',
    {
      method: 'POST',
      url: '/api/v1/dependencies',
      payload: { from: 'order-to-cash', to: 'sap-erp', impact: 'cap:awful' },
    },
    400,
    'invalid_input',
  ],
  [
    'a self dependency',
    { method: 'POST', url: '/api/v1/dependencies', payload: { from: 'sap-erp', to: 'sap-erp' } },
    422,
    'invalid_model',
  ],
  [
    'a dependency cycle',
    {
      method: 'POST',
      url: '/api/v1/dependencies',
      payload: { from: 'sap-erp', to: 'order-to-cash' },
    },
    422,
    'invalid_model',
  ],
  [
    'a parent cycle',
    {
      method: 'PATCH',
      url: '/api/v1/parties/acme',
      payload: { parent: 'sales' },
      headers: { 'if-match': '*' },
    },
    422,
    'invalid_model',
  ],
  [
    'a subscription to nothing',
    {
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: { party: 'sales', service: 'no-such' },
    },
    422,
    'invalid_model',
  ],
  [
    'a delete still referred to',
    { method: 'DELETE', url: '/api/v1/services/sap-erp', headers: { 'if-match': '*' } },
    409,
    'conflict',
  ],
  [
    'a garbage If-Match',
    { method: 'DELETE', url: '/api/v1/parties/sales', headers: { 'if-match': 'yes please' } },
    412,
    'precondition_failed',
  ],
  [
    'a YAML bomb',
    {
      method: 'POST',
      url: '/api/v1/model/plan',
      payload: `a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`,
      headers: { 'content-type': 'application/yaml' },
    },
    422,
    'invalid_model',
  ],
  [
    'model files of the wrong shape',
    { method: 'POST', url: '/api/v1/model/apply', payload: { files: [{ name: 'x' }] } },
    400,
    'invalid_input',
  ],
  [
    'a forged cursor',
    { method: 'GET', url: '/api/v1/parties?cursor=abc.def' },
    400,
    'invalid_cursor',
  ],
];

describe('bad input', () => {
  it.each(cases)('answers %s with a clear 4xx', async (_name, request, status, code) => {
    const response = await demo.app.inject(request);
    expect(response.statusCode).toBe(status);
    const body = response.json();
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(10);
  });

  it('changed nothing', async () => {
    const newest = (await demo.store.listAudit({ limit: 1 }))[0]?.id ?? 0;
    expect(newest).toBe(auditBefore);
    expect(Object.hasOwn(Object.prototype, 'admin')).toBe(false);
  });
});
