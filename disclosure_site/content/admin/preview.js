// The form's preview pane: the item (or the disclosure) as readers will see its page, with the site's own
// stylesheets (editor.js registers them) and the classes of overrides/content/item.html and
// disclosure.html, so that the preview changes with the site. Every text is given to React as text,
// never as HTML: what an editor types is shown as typed, whatever it holds.
const h = window.h;

const text = value => (value === undefined || value === null ? '' : String(value));
const list = value => (Array.isArray(value) ? value : []);
const paragraphs = items => list(items).filter(Boolean).map((item, i) => h('p', { key: i }, text(item)));
const measures = items => h('ul', { className: 'dp-measures' }, list(items).map((item, i) => h('li', { key: i }, text(item))));

function page(children) {
  return h('article', { className: 'md-content__inner md-typeset dp-admin-preview' }, children);
}

function note(data) {
  return h('aside', { className: 'dp-admin-preview__note', key: 'note' },
    h('strong', null, '本次修改的更新说明:'),
    data.change_note ? text(data.change_note) : '(未填写:更新记录将显示提交说明)');
}

function ledger(data) {
  const status = data.status
    ? text(data.status) + (data.status_text && data.status_text !== data.status ? `(原文:“${text(data.status_text)}”)` : '')
    : '原文未载明';
  const units = list(data.responsible_units).length ? list(data.responsible_units).map(text).join('、') : '原文未载明';
  return h('dl', { className: 'dp-ledger', key: 'ledger' },
    h('dt', null, '整改状态'), h('dd', null, status),
    h('dt', null, '整改时限'), h('dd', null, data.deadline ? text(data.deadline) : '原文未载明'),
    h('dt', null, '责任单位'), h('dd', null, units));
}

function figures(items) {
  if (!list(items).length) return null;
  const rows = list(items).map((f, i) => h('tr', { key: i },
    h('td', null, text(f.label)),
    h('td', null, (f.previous && f.previous.value !== undefined ? `${text(f.previous.value)}${text(f.unit)} → ` : '') + text(f.value) + text(f.unit)),
    h('td', null, f.period ? text(f.period) : '—'),
    h('td', null, text(f.clause))));
  return [h('h2', { key: 'h' }, '数据'),
    h('table', { key: 't' },
      h('thead', null, h('tr', null, ['指标', '数值', '时期', '原句'].map(label => h('th', { key: label, scope: 'col' }, label)))),
      h('tbody', null, rows))];
}

function citations(items) {
  if (!list(items).length) return null;
  return [h('h2', { key: 'h' }, '引用文件'), h('ul', { className: 'dp-citations', key: 'l' }, list(items).map((c, i) => h('li', { key: i },
    `《${text(c.title)}》` + (c.number ? `(${text(c.number)})` : '')
      + (c.short_title && c.short_title !== c.title ? `,简称《${text(c.short_title)}》` : '')
      + (c.stated_in ? `(全称和文号见第${text(c.stated_in)}项)` : ''))))];
}

export function ItemPreview({ entry }) {
  const data = entry.get('data').toJS();
  const subproblems = list(data.subproblems).map((sub, i) => [
    h('h3', { key: `h${i}` }, text(sub.marker) + text(sub.heading)), h('div', { key: `m${i}` }, measures(sub.measures))]);
  const tags = list(data.tags).length
    ? h('p', { className: 'dp-tags-line' }, '主题:', list(data.tags).map((tag, i) => h('span', { className: 'md-tag', key: i }, text(tag))))
    : null;
  return page([
    note(data),
    h('p', { className: 'dp-kicker', key: 'k' }, `第 ${text(data.number)} 项` + (data.group ? ` · 第 ${text(data.group)} 组` : '')),
    h('h1', { key: 'title' }, text(data.heading)),
    ledger(data),
    h('h2', { key: 'measures' }, '整改情况'),
    list(data.measures).length ? h('div', { key: 'list' }, measures(data.measures)) : null,
    h('div', { key: 'subs' }, subproblems),
    h('div', { key: 'figures' }, figures(data.figures)),
    h('div', { key: 'citations' }, citations(data.citations)),
    tags,
  ]);
}

export function DisclosurePreview({ entry }) {
  const data = entry.get('data').toJS();
  const contact = data.contact || {};
  const contactLines = [['电话', contact.phone], ['电子邮箱', contact.email], ['邮编', contact.postcode], ['邮寄地址', contact.address]]
    .filter(([, value]) => value);
  return page([
    note(data),
    h('h1', { key: 'title' }, text(data.document_title || data.title)),
    h('p', { className: 'dp-kicker', key: 'body' }, text(data.body)),
    h('div', { key: 'opening' }, paragraphs(data.opening)),
    h('div', { key: 'parts' }, list(data.parts).map((part, i) => [
      part.heading || part.marker ? h('h2', { key: `h${i}` }, text(part.marker) + text(part.heading)) : null,
      h('div', { key: `p${i}` }, paragraphs(part.paragraphs)),
      part.problems ? h('p', { key: `x${i}`, className: 'dp-admin-preview__items' }, '(各项整改事项在这一部分逐项列出)') : null])),
    h('div', { key: 'closing' }, paragraphs(data.closing)),
    contactLines.length ? h('dl', { className: 'dp-contact-list', key: 'contact' },
      contactLines.map(([label, value]) => [h('dt', { key: `${label}t` }, label), h('dd', { key: `${label}d` }, text(value))])) : null,
    data.signature ? h('p', { className: 'dp-signature', key: 'sig' }, text(data.signature.name), h('br'), text(data.signature.date)) : null,
  ]);
}
