import { describe, expect, it } from 'vitest';
import { causeText } from './history-timeline.js';

describe('causeText', () => {
  it('says each cause the history records in words', () => {
    expect(causeText('signal:alertmanager/3f2a')).toEqual({ text: 'signal alertmanager/3f2a' });
    expect(causeText('signal:incident/17')).toEqual({ text: 'incident #17' });
    expect(causeText('dependency:sap-hana')).toEqual({
      text: 'its dependency',
      service: 'sap-hana',
    });
    expect(causeText('maintenance:7@1796162400000')).toEqual({
      text: 'maintenance window 7@1796162400000',
    });
    expect(causeText('override')).toEqual({ text: 'a manual override' });
    expect(causeText('acknowledge')).toEqual({ text: 'an acknowledgement' });
    expect(causeText('restart')).toEqual({ text: 'the server restarting' });
    expect(causeText('something:new')).toEqual({ text: 'something:new' });
  });
});
