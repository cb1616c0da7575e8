// The app's configuration, written into the page by the server (spa/client-config.ts):
// texts, drifting labels, routes, API paths and settings.
const element = document.getElementById('sim-config');

export const config = JSON.parse(element ? element.textContent : '{}');
export const { texts, labels, routes, api } = config;

/** Fills `{name}` placeholders of a template text. */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}
