-- Run by check-neovim.sh: Neovim headless, attached to `solvus --rpc` on a broken file, must
-- receive the diagnostics and a hover over `mix` with its documentation.
local file, here = vim.env.SOLVUS_CHECK_FILE, vim.env.SOLVUS_CHECK_DIR
vim.g.solvus_cmd = { vim.env.SOLVUS, '--rpc' }
dofile(here .. '/solvus.lua')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()

local function out(text) io.stdout:write(text .. '\n') end
local function fail(text)
  out('FAIL: ' .. text)
  vim.cmd('cquit 1')
end

-- Diagnostics of the broken line.
local ok = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
if not ok then fail('no diagnostics within 20 s') end
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  out(string.format('diagnostic %d:%d [%s] %s', d.lnum + 1, d.col + 1, d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?', d.message))
end
local d = vim.diagnostic.get(bufnr)[1]
if d.lnum ~= 3 or not d.message:find('cannot add a temperature', 1, true) then fail('unexpected diagnostic') end

-- Hover over `mix` (line 3, "m = mix(...)").
local line = vim.api.nvim_buf_get_lines(bufnr, 2, 3, false)[1]
local col = line:find('mix', 1, true)
local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = 2, character = col } }
local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 10000)
local text
for _, r in pairs(responses or {}) do
  if r.result and r.result.contents then text = r.result.contents.value end
end
if not text then fail('no hover') end
out('hover: ' .. (text:match('```solvus\n([^\n]*)') or text))
if not (text:find('mix(model, x:, T:)', 1, true) and text:find('Gibbs energy', 1, true)) then fail('hover lacks the documentation of mix') end

-- Completion of `mi` offers mix.
local items = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion',
  { textDocument = params.textDocument, position = { line = 2, character = col + 1 } }, 10000)
local found = false
for _, r in pairs(items or {}) do
  for _, item in ipairs((r.result and (r.result.items or r.result)) or {}) do
    if item.label == 'mix' then found = true end
  end
end
if not found then fail('completion does not offer mix') end
out('completion: mix offered')

-- solvus/evaluate on line 2 ("T = 900 K"), as :SolvusEvaluate sends it.
local evaluated = vim.lsp.buf_request_sync(bufnr, 'solvus/evaluate', {
  uri = params.textDocument.uri,
  range = { start = { line = 1, character = 0 }, ['end'] = { line = 1, character = 0 } },
}, 10000)
local value
for _, r in pairs(evaluated or {}) do
  if r.result and r.result.values[1] then value = r.result.values[1] end
end
if not (value and value.text == '900 K' and value.value.unit == 'K') then fail('solvus/evaluate did not give T = 900 K') end
out('evaluate: ' .. value.name .. ' = ' .. value.text)
out('OK')
vim.cmd('qall!')
