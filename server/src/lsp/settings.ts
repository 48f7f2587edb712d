import type { ClientCapabilities, Connection } from 'vscode-languageserver';
import { DEFAULT_LIMITS } from '../core/parse/guards';
import { DEFAULT_THRESHOLDS, type SeverityThresholds } from '../core/rules/severity';

/** The `hairpin.*` settings, as contributed in package.json and documented in the README. */
export interface HairpinSettings {
  readonly severity: SeverityThresholds;
  /** `onType`: analyse as you type (debounced); `onSave`: only when a document is saved (or opened). */
  readonly run: 'onType' | 'onSave';
  readonly debounceMs: number;
  readonly maxFileSize: number;
  readonly index: { readonly maxFiles: number };
  /** Globs, relative to the workspace folder, of files and folders the index does not read. */
  readonly exclude: readonly string[];
}

export const DEFAULT_SETTINGS: HairpinSettings = {
  severity: DEFAULT_THRESHOLDS,
  run: 'onType',
  debounceMs: 50,
  maxFileSize: DEFAULT_LIMITS.maxFileSize,
  index: { maxFiles: 5000 },
  exclude: [],
};

/** Whatever a client sends, made whole: unknown or ill-typed values fall back to the defaults. */
export function normalizeSettings(raw: unknown, base: HairpinSettings = DEFAULT_SETTINGS): HairpinSettings {
  const o = isObject(raw) ? raw : {};
  const severity = isObject(o.severity) ? o.severity : {};
  const index = isObject(o.index) ? o.index : {};
  const error = probability(severity.error) ?? base.severity.error;
  const warning = probability(severity.warning) ?? base.severity.warning;
  return {
    // A warning threshold above the error threshold would make warnings unreachable: clamp it.
    severity: { error, warning: Math.min(warning, error) },
    run: o.run === 'onSave' || o.run === 'onType' ? o.run : base.run,
    debounceMs: count(o.debounceMs, 0) ?? base.debounceMs,
    maxFileSize: count(o.maxFileSize, 1) ?? base.maxFileSize,
    index: { maxFiles: count(index.maxFiles, 1) ?? base.index.maxFiles },
    exclude: Array.isArray(o.exclude) ? o.exclude.filter((g): g is string => typeof g === 'string' && g.length > 0) : base.exclude,
  };
}

/**
 * Where settings come from: pulled with `workspace/configuration` (section `hairpin`) when the client
 * can answer it, else from `initializationOptions` (Neovim and other clients without the capability),
 * and from the settings a `workspace/didChangeConfiguration` pushes.
 */
export class SettingsSource {
  private current: HairpinSettings = DEFAULT_SETTINGS;
  private pull = false;
  private initial: HairpinSettings = DEFAULT_SETTINGS;

  init(capabilities: ClientCapabilities, initializationOptions: unknown): void {
    this.pull = capabilities.workspace?.configuration === true;
    this.initial = normalizeSettings(isObject(initializationOptions) ? (initializationOptions.hairpin ?? initializationOptions) : undefined);
    this.current = this.initial;
  }

  get value(): HairpinSettings {
    return this.current;
  }

  /** Reads the settings again: pulled from the client when it can answer, else from what was pushed. */
  async refresh(connection: Connection, pushed?: unknown): Promise<HairpinSettings> {
    if (this.pull) {
      try {
        const raw: unknown = await connection.workspace.getConfiguration({ section: 'hairpin' });
        // A client that has no value for the section answers null: the initialization options stand.
        this.current = normalizeSettings(raw, this.initial);
      } catch {
        this.current = this.initial;
      }
    } else if (isObject(pushed) && isObject(pushed.hairpin)) {
      this.current = normalizeSettings(pushed.hairpin, this.initial);
    }
    return this.current;
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function probability(x: unknown): number | undefined {
  return typeof x === 'number' && x >= 0 && x <= 1 ? x : undefined;
}

function count(x: unknown, min: number): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) && x >= min ? Math.floor(x) : undefined;
}
