import { afterEach, expect, it, vi } from 'vitest';
import { browserAvailable } from './browser.test-helper.js';

afterEach(() => {
  vi.restoreAllMocks();
});

it('skips the browser tests with a note when Chromium is missing outside CI', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  expect(browserAvailable('/nonexistent/chromium', {})).toBe(false);
  expect(warn).toHaveBeenCalledWith(
    'skipping the browser tests: /nonexistent/chromium is missing (apt-get install -y chromium)',
  );
});

it('fails with a clear message when Chromium is missing in CI', () => {
  expect(() => browserAvailable('/nonexistent/chromium', { CI: 'true' })).toThrow(
    '/nonexistent/chromium is missing: install the chromium package (apt-get install -y chromium)',
  );
});

it('runs them when the browser is there', () => {
  expect(browserAvailable(process.execPath, { CI: 'true' })).toBe(true);
});
