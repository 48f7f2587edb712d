/** A few ANSI styles for the text output; no library (the engines range includes Node 20 before util.styleText). */
export type Style = 'bold' | 'dim' | 'underline' | 'red' | 'yellow' | 'cyan' | 'green';

const CODES: Record<Style, readonly [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  underline: [4, 24],
  red: [31, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  green: [32, 39],
};

export type Paint = (style: Style, text: string) => string;

export const plain: Paint = (_style, text) => text;

export const ansi: Paint = (style, text) => (text === '' ? text : `\x1b[${CODES[style][0]}m${text}\x1b[${CODES[style][1]}m`);

/**
 * Whether to colour: `--color` / `--no-color` first (no-color.org: a command-line flag overrides
 * NO_COLOR), then a non-empty NO_COLOR turns it off, FORCE_COLOR turns it on (off for "0" or "false"),
 * and otherwise only a terminal that is not "dumb" gets colour.
 */
export function wantColour(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return isTTY && env.TERM !== 'dumb';
}
