-- Pandoc filter for the local docs (tools/docs_html.py): what Quarto does for us on the real site.
--   * callouts: a div `::: {.callout-tip}` becomes a titled box; a heading at the top of the callout becomes its
--     title (as in Quarto), so it leaves the table of contents;
--   * folded code: a div `::: {.code-fold summary="..." open="true"}` (written by docs_html.py for `#| code-fold`)
--     becomes <details><summary>.
local titles = {note = 'Note', tip = 'Tip', warning = 'Warning', important = 'Important', caution = 'Caution'}

local function callout_kind(div)
  for _, c in ipairs(div.classes) do
    local kind = c:match('^callout%-(%a+)$')
    if kind and titles[kind] then return kind end
  end
end

local function callout(div, kind)
  local content = div.content
  local title = div.attributes['title']
  if not title and #content > 0 and content[1].t == 'Header' then
    title = pandoc.utils.stringify(content[1].content)
    local rest = pandoc.List()
    for i = 2, #content do rest:insert(content[i]) end
    content = rest
  end
  title = title or titles[kind]
  return pandoc.Div({
    pandoc.Div({pandoc.Plain({pandoc.Str(title)})}, pandoc.Attr('', {'callout-title'})),
    pandoc.Div(content, pandoc.Attr('', {'callout-body'})),
  }, pandoc.Attr(div.identifier, {'callout', 'callout-' .. kind}))
end

local function escape(s)
  return (s:gsub('&', '&amp;'):gsub('<', '&lt;'):gsub('>', '&gt;'))
end

function Div(div)
  local kind = callout_kind(div)
  if kind then return callout(div, kind) end
  if div.classes:includes('code-fold') then
    local open = div.attributes['open'] == 'true' and ' open' or ''
    local blocks = pandoc.List({pandoc.RawBlock('html', '<details class="code-fold"' .. open .. '><summary>' ..
                                                escape(div.attributes['summary'] or 'Code') .. '</summary>')})
    blocks:extend(div.content)
    blocks:insert(pandoc.RawBlock('html', '</details>'))
    return blocks
  end
end

-- nbdev links symbols in show_doc's Markdown line by line, code blocks included, so a signature's comments read
-- "# a [`ZSLDataset`](https://...)"; in code, keep the name only.
function CodeBlock(cb)
  local text = cb.text:gsub('%[(`[^`%]]+`)%]%([^)%s]+%)', '%1')
  if text ~= cb.text then cb.text = text; return cb end
end
