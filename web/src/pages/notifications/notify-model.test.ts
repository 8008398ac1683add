import { describe, expect, it } from 'vitest';
import { EMPTY_SUBSCRIBER, type Subscriber, scopeText, subscriberBody } from './notify-model.js';

describe('subscriberBody', () => {
  it('sends a webhook URL with the chosen services and events', () => {
    expect(
      subscriberBody({
        ...EMPTY_SUBSCRIBER,
        target: ' https://hooks.example.com/x ',
        services: ['shop'],
        events: ['status.changed'],
      }),
    ).toEqual({
      kind: 'webhook',
      url: 'https://hooks.example.com/x',
      services: ['shop'],
      events: ['status.changed'],
      internal: false,
    });
  });

  it('sends an email address and a page, with the name given', () => {
    expect(
      subscriberBody({
        ...EMPTY_SUBSCRIBER,
        kind: 'email',
        target: 'ops@example.com',
        name: 'Ops',
        scope: 'page',
        page: 'public',
        events: ['incident.created'],
      }),
    ).toEqual({
      kind: 'email',
      email: 'ops@example.com',
      name: 'Ops',
      page: 'public',
      events: ['incident.created'],
      internal: false,
    });
  });
});

describe('scopeText', () => {
  const base = { services: [], page: null } as unknown as Subscriber;
  it('names the page, the services, or says it has neither', () => {
    expect(scopeText({ ...base, page: 'acme' }, (id) => id)).toBe('the status page acme');
    expect(scopeText({ ...base, services: ['a', 'b'] }, (id) => id.toUpperCase())).toBe('A, B');
    expect(scopeText(base, (id) => id)).toBe('nothing yet');
  });
});
