// Starts the form editor (Decap CMS, loaded before this module by admin/index.html): the data formats
// that write YAML as the loader reads it, the preview in the site's own styles, then Decap with the
// config the build generated from the schemas (config.yml, read here once and handed to Decap).
import YAML from './yaml/index.js';
import { formatFor } from './data-format.js';
import { DisclosurePreview, ItemPreview } from './preview.js';

const CMS = window.CMS;
const config = YAML.parse(await (await fetch('config.yml', { cache: 'no-cache' })).text());

function fieldsOf(format) {
  for (const collection of config.collections) {
    if (collection.format !== format) continue;
    return collection.fields || collection.files[0].fields;
  }
  return null;
}

for (const kind of ['item', 'disclosure', 'site']) {
  const format = `disclosure-yaml-${kind}`;
  const fields = fieldsOf(format);
  if (fields) CMS.registerCustomFormat(format, 'yml', formatFor(fields));
}

// The site's own stylesheets, as its home page links them (their names carry the theme's fingerprint).
try {
  const home = new URL('../', location.href);
  const html = await (await fetch(home, { cache: 'no-cache' })).text();
  const links = new DOMParser().parseFromString(html, 'text/html').querySelectorAll('link[rel="stylesheet"]');
  for (const link of links) CMS.registerPreviewStyle(new URL(link.getAttribute('href'), home).href);
} catch (error) {
  console.warn('预览没有取到网站的样式', error);
}
CMS.registerPreviewStyle(new URL('editor.css', location.href).href);

for (const collection of config.collections) {
  if (collection.folder) CMS.registerPreviewTemplate(collection.name, ItemPreview);
  else if (collection.name === 'disclosures') {
    for (const file of collection.files) CMS.registerPreviewTemplate(file.name, DisclosurePreview);
  }
}

CMS.init({ config: { ...config, load_config_file: false } });
