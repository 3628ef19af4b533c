// The data files as the form reads and writes them: YAML that disclosure_site/read/yaml_file.py reads
// back to exactly the values the form holds. Decap's own YAML writer folds long texts over several lines
// and writes yes, no, on and off unquoted, which the loader reads as other values or refuses; this one
// writes each text on one line (a text with line breaks as a block), quotes every text PyYAML would read
// as something else, and writes no comment. A field the form leaves empty is not written, except a text
// the schema lets be empty (an item's measures_label: '' says "no label"); a list or group left empty
// is not written either, nor a yes/no left at no (the schemas' only yes/no is `problems: true`).
import YAML from './yaml/index.js';

// PyYAML's implicit types other than text (YAML 1.1 as PyYAML resolves it; dates stay text in the loader).
const NOT_TEXT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:~|null|Null|NULL|<<|=)$/,
];

// As the loader: dates are text, and there are no merge keys (it refuses anchors).
const AS_LOADER = ['tag:yaml.org,2002:timestamp', 'tag:yaml.org,2002:merge'];
const loaderTags = tags => tags.filter(tag => !AS_LOADER.includes(tag.tag));
const READ = { version: '1.1', customTags: loaderTags };
const WRITE = { ...READ, lineWidth: 0, minContentWidth: 0, indentSeq: false, singleQuote: true };

function keepsEmpty(field) {
  return Boolean(field) && (field.widget === 'string' || field.widget === 'text') && !field.pattern;
}

function subField(field, name) {
  return (field && field.fields || []).find(sub => sub.name === name);
}

// The value as it is to be written, or undefined when nothing is to be written.
export function clean(value, field) {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const entry = field && (field.field || (field.fields && { fields: field.fields }));
    const kept = value.map(item => clean(item, entry)).filter(item => item !== undefined);
    return kept.length ? kept : undefined;
  }
  if (typeof value === 'object') {
    const names = (field && field.fields || []).map(sub => sub.name);
    const keys = [...names.filter(name => name in value), ...Object.keys(value).filter(key => !names.includes(key))];
    const out = {};
    for (const key of keys) {
      const kept = clean(value[key], subField(field, key));
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (value === '') return keepsEmpty(field) ? '' : undefined;
  if (value === false && field && field.widget === 'boolean') return undefined;
  return value;
}

export function toYaml(data, fields) {
  const doc = new YAML.Document(clean(data, { fields }) || {}, WRITE);
  YAML.visit(doc, {
    Scalar(key, node) {
      if (typeof node.value === 'string' && NOT_TEXT.some(pattern => pattern.test(node.value))) {
        node.type = 'QUOTE_SINGLE';
      }
    },
  });
  return doc.toString(WRITE);
}

export function fromYaml(content) {
  return YAML.parse(content, READ) || {};
}

// A Decap custom format for files of one kind, given the form's fields for that kind.
export function formatFor(fields) {
  return { fromFile: fromYaml, toFile: data => toYaml(data, fields) };
}
