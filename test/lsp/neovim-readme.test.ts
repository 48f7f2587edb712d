/**
 * The README's Neovim configuration, exactly as written there (only the server path filled in), run in a
 * headless Neovim on a copy of the example: the buffer gets HP101 and HP103. Skipped when `nvim` is not
 * on PATH, except under CI=true, where that fails (as test/lsp/neovim.test.ts). Run `npm run build` first.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, constants, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, SERVER_JS } from './helpers/lsp-client';

const WAIT_MS = 20_000;
const PLACEHOLDER = '/path/to/hairpin/dist/server.js';

const nvim = (process.env.PATH ?? '')
  .split(delimiter)
  .filter(Boolean)
  .map((dir) => join(dir, 'nvim'))
  .find((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
const inCi = process.env.CI === 'true';

/** The README's `lua` block that starts the Hairpin client. */
function readmeConfig(): string {
  const readme = readFileSync(resolve(REPO_ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/^```lua\n([\s\S]*?)^```$/gm)].map((m) => m[1]!).find((b) => b.includes('vim.lsp.start_client'));
  assert.ok(block, 'the README has a Neovim configuration');
  assert.ok(block.includes(PLACEHOLDER), `the README's configuration names the server as ${PLACEHOLDER}`);
  return block.replace(PLACEHOLDER, SERVER_JS.split('\\').join('/'));
}

// Quits as soon as diagnostics arrive (DiagnosticChanged); the wait only bounds a server that never answers.
const CHECK = `
local file, out = os.getenv('HAIRPIN_FILE'), os.getenv('HAIRPIN_OUT')
local function finish()
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(codes, tostring(d.code)) end
  table.sort(codes)
  local attached = {}
  for _, c in pairs(vim.lsp.buf_get_clients(0)) do table.insert(attached, c.name) end
  local f = assert(io.open(out, 'w')); f:write(table.concat(attached, ',') .. ' ' .. table.concat(codes, ',')); f:close()
  vim.cmd('qa!')
end
vim.api.nvim_create_autocmd('DiagnosticChanged', { callback = function() if #vim.diagnostic.get(0) > 0 then finish() end end })
vim.cmd('edit ' .. vim.fn.fnameescape(file))
vim.wait(${WAIT_MS}, function() return false end)
finish()
`;

describe('the README Neovim configuration', () => {
  it(
    'attaches the buffer to the server and shows the example findings',
    { skip: nvim || inCi ? false : 'nvim is not on PATH', timeout: 3 * WAIT_MS },
    async () => {
      assert.ok(nvim, 'nvim is not on PATH and CI is set, so this is a failure, not a skip');
      const dir = mkdtempSync(join(tmpdir(), 'hairpin-nvim-readme-'));
      writeFileSync(join(dir, 'init.lua'), readmeConfig());
      writeFileSync(join(dir, 'check.lua'), CHECK);
      copyFileSync(resolve(REPO_ROOT, 'examples/istio-gateway/gateway-service.yaml'), join(dir, 'gateway-service.yaml'));
      const env = { ...process.env, HAIRPIN_FILE: join(dir, 'gateway-service.yaml'), HAIRPIN_OUT: join(dir, 'codes.txt') };
      const result = await new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = execFile(nvim!, ['--headless', '-n', '-u', join(dir, 'init.lua'), '-c', `luafile ${join(dir, 'check.lua')}`], { cwd: dir, env, timeout: 2 * WAIT_MS, killSignal: 'SIGKILL' }, (err, _stdout, stderr) =>
          done({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stderr }),
        );
        child.stdin?.end();
      });
      assert.equal(result.code, 0, result.stderr);
      // The buffer is attached (diagnostics alone could arrive unattached, from the server's workspace index).
      assert.equal(readFileSync(join(dir, 'codes.txt'), 'utf8'), 'hairpin HP101,HP103,HP105');
    },
  );
});
