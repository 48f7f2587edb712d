/**
 * A small glob matcher for the `hairpin.exclude` setting (no dependency, and Node 20's
 * `path.matchesGlob` is experimental: it warns on stderr). Supports `**`, `*`, `?`, `{a,b}` and `[...]`,
 * matched against a path relative to the workspace folder with `/` separators. As with `files.exclude`,
 * a pattern that matches a folder excludes everything under it.
 */
export function globMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  const regexps = patterns.map(globToRegExp);
  if (regexps.length === 0) return () => false;
  return (relativePath) => {
    const parts = relativePath.split('/');
    // Try the path and each of its parent folders.
    for (let n = parts.length; n > 0; n--) {
      const candidate = parts.slice(0, n).join('/');
      if (regexps.some((r) => r.test(candidate))) return true;
    }
    return false;
  };
}

export function globToRegExp(glob: string): RegExp {
  let g = glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
  // A pattern without a folder part (`*.tf`, `vendor`) matches at any depth, as in .gitignore.
  if (!g.includes('/')) g = `**/${g}`;
  let re = '';
  let braces = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*' && g[i + 1] === '*') {
      const slash = g[i + 2] === '/';
      // `**/` matches zero or more whole folders; a trailing `**` matches anything.
      re += slash ? '(?:[^/]*/)*' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '[') {
      const end = g.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = g.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
