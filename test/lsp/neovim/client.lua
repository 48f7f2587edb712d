-- Layer 3 (see TESTING.md): Neovim 0.7's built-in LSP client drives dist/server.js, headless.
-- Run by test/lsp/neovim.test.ts as
--   nvim --headless --clean -n -c 'lua dofile(os.getenv("HAIRPIN_LUA"))'
-- Inputs (environment): HAIRPIN_NODE, HAIRPIN_SERVER, HAIRPIN_FILE (a copy of the example),
-- HAIRPIN_RESULT (JSON written here), HAIRPIN_TIMEOUT_MS (bound of each vim.wait).
-- 0.7 has no vim.lsp.start: use vim.lsp.start_client plus vim.lsp.buf_attach_client.

local result = { publishes = {}, steps = {} }
-- The latest publish as the server sent it (with ranges and data), for the code-action request.
local last_raw = nil

local function env(name)
  local v = os.getenv(name)
  if v == nil or v == '' then error('environment variable ' .. name .. ' is not set') end
  return v
end

local function write_result()
  local f = assert(io.open(env('HAIRPIN_RESULT'), 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

local function has_code(publish, code)
  for _, d in ipairs(publish.diagnostics) do
    if d.code == code then return true end
  end
  return false
end

local function main()
  local node = env('HAIRPIN_NODE')
  local server = env('HAIRPIN_SERVER')
  local file = env('HAIRPIN_FILE')
  local timeout = tonumber(os.getenv('HAIRPIN_TIMEOUT_MS') or '20000')
  local uri = vim.uri_from_fname(file)
  result.uri = uri

  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(_, params, _)
    if params.uri ~= uri then return end
    last_raw = params.diagnostics
    local entry = { version = params.version or vim.NIL, diagnostics = {} }
    local codes = {}
    for _, d in ipairs(params.diagnostics) do
      table.insert(entry.diagnostics, {
        code = d.code or vim.NIL,
        severity = d.severity or vim.NIL,
        source = d.source or vim.NIL,
        line = d.range.start.line,
        character = d.range.start.character,
        message = d.message,
      })
      table.insert(codes, tostring(d.code))
    end
    table.insert(result.publishes, entry)
    io.stdout:write('publishDiagnostics ' .. uri .. ' v' .. tostring(params.version) .. ': ' .. table.concat(codes, ',') .. '\n')
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'yaml'

  local exited = false
  local client_id = vim.lsp.start_client({
    name = 'hairpin',
    cmd = { node, server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    on_exit = function(code, signal)
      result.server_exit = { code = code, signal = signal }
      exited = true
    end,
  })
  if not client_id then error('vim.lsp.start_client returned nil') end
  if not vim.lsp.buf_attach_client(bufnr, client_id) then error('vim.lsp.buf_attach_client failed') end

  -- 1. Diagnostics for the opened file.
  local function latest() return result.publishes[#result.publishes] end
  result.steps.open = vim.wait(timeout, function()
    local p = latest()
    return p ~= nil and has_code(p, 'HP101') and has_code(p, 'HP103')
  end, 10)
  if not result.steps.open then return end
  local opened = #result.publishes

  -- 2. Hover over the target-type annotation key (line 10, zero-based).
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = { uri = uri },
    position = { line = 10, character = 8 },
  }, timeout)
  local response = responses and responses[client_id]
  if response and response.result and response.result.contents then
    result.hover = response.result.contents.value or vim.NIL
  end

  -- 3. Ask for the quick fixes of HP101 and apply the preferred one (Neovim sends an incremental didChange),
  --    then save it (didSave): preservation goes off, so HP101 and HP103 both go.
  local hp101 = nil
  for _, d in ipairs(last_raw or {}) do
    if d.code == 'HP101' then hp101 = d end
  end
  local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = hp101.range,
    context = { diagnostics = { hp101 } },
  }, timeout)
  local list = (actions and actions[client_id] and actions[client_id].result) or {}
  result.actions = {}
  local preferred = nil
  for _, a in ipairs(list) do
    table.insert(result.actions, a.title)
    if a.isPreferred then preferred = a end
  end
  if preferred == nil then return end
  result.applied = preferred.title
  vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')
  vim.cmd('write')
  result.lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  result.steps.change = vim.wait(timeout, function()
    local p = latest()
    return #result.publishes > opened and not has_code(p, 'HP101') and not has_code(p, 'HP103')
  end, 10)

  -- 4. Shutdown and exit through the client.
  vim.lsp.stop_client(client_id)
  result.steps.stop = vim.wait(timeout, function() return exited end, 10)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then result.error = err end
local wrote, werr = pcall(write_result)
if not wrote then io.stderr:write('could not write the result: ' .. tostring(werr) .. '\n') end
if ok and wrote then
  vim.cmd('qa!')
else
  if not ok then io.stderr:write(tostring(err) .. '\n') end
  vim.cmd('cquit 3')
end
