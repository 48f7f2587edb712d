import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globMatcher } from '../../server/src/lsp/glob';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../server/src/lsp/settings';

describe('hairpin.exclude globs', () => {
  const cases: [string[], string, boolean][] = [
    [['vendor'], 'vendor/a.yaml', true],
    [['vendor'], 'x/vendor/a.yaml', true],
    [['vendor'], 'vendors/a.yaml', false],
    [['*.tf'], 'infra/main.tf', true],
    [['*.tf'], 'infra/main.tfvars', false],
    [['b/**/gen/**'], 'b/gen/three.yaml', true],
    [['b/**/gen/**'], 'b/x/y/gen/z.yaml', true],
    [['b/**/gen/**'], 'c/gen/z.yaml', false],
    [['**/{dev,test}/*.yaml'], 'env/dev/a.yaml', true],
    [['**/{dev,test}/*.yaml'], 'env/prod/a.yaml', false],
    [['charts/?/values.yaml'], 'charts/a/values.yaml', true],
    [['charts/[ab]/values.yaml'], 'charts/c/values.yaml', false],
    [['a.b/*.yaml'], 'aXb/c.yaml', false],
    [[], 'anything.yaml', false],
  ];
  for (const [patterns, path, expected] of cases) {
    it(`${JSON.stringify(patterns)} ${expected ? 'matches' : 'does not match'} ${path}`, () => assert.equal(globMatcher(patterns)(path), expected));
  }
});

describe('settings from a client', () => {
  it('fills what is missing with defaults and ignores values of the wrong type', () => {
    assert.deepEqual(normalizeSettings(null), DEFAULT_SETTINGS);
    const s = normalizeSettings({ severity: { error: 0.5, warning: 'high' }, run: 'sometimes', debounceMs: -3, index: { maxFiles: 10 }, exclude: ['x', 3, ''] });
    assert.deepEqual(s, { ...DEFAULT_SETTINGS, severity: { error: 0.5, warning: DEFAULT_SETTINGS.severity.warning }, index: { maxFiles: 10 }, exclude: ['x'] });
  });

  it('a warning threshold above the error threshold is clamped to it', () => {
    assert.deepEqual(normalizeSettings({ severity: { error: 0.1, warning: 0.3 } }).severity, { error: 0.1, warning: 0.1 });
  });
});
