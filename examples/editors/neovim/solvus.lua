-- Solvus in Neovim: diagnostics, hover (K), completion (<C-x><C-o>), signature help,
-- document symbols, inlay hints (0.10+) and :SolvusEvaluate, from `solvus --rpc`.
--
-- Works with Debian's Neovim 0.7 (vim.lsp.start_client + vim.lsp.buf_attach_client) and with
-- vim.lsp.start on 0.8 and later. Put this file in ~/.config/nvim/lua/ and `require('solvus')`
-- from init.lua, or `:luafile` it. `solvus` must be on PATH, or set vim.g.solvus_cmd first:
--   vim.g.solvus_cmd = { '/path/to/solvus', '--rpc' }

local M = {}

-- Budgets for each evaluation (see docs/rpc.md); all optional.
M.init_options = { timeLimit = 2, maxElements = 10000000, inlayHintLength = 60 }

local client_id -- Neovim 0.7: one client shared by every Solvus buffer

-- The folder holding .git above the file, else the file's own folder: scripts may read
-- files (use, load) only inside it.
local function root_dir(bufnr)
  local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':p:h')
  local git = vim.fn.finddir('.git', dir .. ';')
  return git ~= '' and vim.fn.fnamemodify(git, ':p:h:h') or dir
end

local function on_attach(_, bufnr)
  vim.api.nvim_buf_set_option(bufnr, 'omnifunc', 'v:lua.vim.lsp.omnifunc')
  local opts = { buffer = bufnr }
  vim.keymap.set('n', 'K', vim.lsp.buf.hover, opts)
  vim.keymap.set('i', '<C-k>', vim.lsp.buf.signature_help, opts)
  vim.keymap.set('n', 'gO', vim.lsp.buf.document_symbol, opts)
  if vim.lsp.inlay_hint and vim.lsp.inlay_hint.enable then
    pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr }) -- the live values, 0.10+
  end
end

function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local config = {
    name = 'solvus',
    cmd = vim.g.solvus_cmd or { 'solvus', '--rpc' },
    root_dir = root_dir(bufnr),
    init_options = M.init_options,
    on_attach = on_attach,
  }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = bufnr })
  else
    if client_id == nil or vim.lsp.get_client_by_id(client_id) == nil then
      client_id = vim.lsp.start_client(config)
    end
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
end

-- :SolvusEvaluate (a line or a visual range): the values of those statements, as JSON, with
-- what they printed.
function M.evaluate(first, last)
  local params = {
    uri = vim.uri_from_bufnr(0),
    range = { start = { line = first - 1, character = 0 }, ['end'] = { line = last - 1, character = 0 } },
  }
  vim.lsp.buf_request(0, 'solvus/evaluate', params, function(err, result)
    if err then
      vim.notify(err.message, vim.log.levels.ERROR)
      return
    end
    local lines = {}
    for _, v in ipairs(result.values) do
      table.insert(lines, (v.name and (v.name .. ' = ') or '') .. v.text)
    end
    if result.output ~= '' then table.insert(lines, result.output) end
    for _, d in ipairs(result.diagnostics) do table.insert(lines, 'error[' .. d.code .. ']: ' .. d.message) end
    vim.notify(table.concat(lines, '\n'))
  end)
end

vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  pattern = '*.solvus',
  callback = function() vim.bo.filetype = 'solvus' end,
})
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'solvus',
  callback = function(args)
    vim.bo[args.buf].commentstring = '# %s'
    M.start(args.buf)
  end,
})
vim.api.nvim_create_user_command('SolvusEvaluate', function(args) M.evaluate(args.line1, args.line2) end, { range = true })

return M
