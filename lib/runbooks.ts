/**
 * Where alerts and alarms link to: docs/runbooks.md of this repository (package.json
 * `repository`), one section per alert (GitHub anchors: the heading in lower case).
 */
export const RUNBOOKS_URL = 'https://github.com/million-rps/cdktf-million-rps/blob/main/docs/runbooks.md';

/** `<base>#<anchor>`, the anchor GitHub gives a heading: lower case, spaces to hyphens, punctuation dropped. */
export function runbookLink(heading: string, base: string = RUNBOOKS_URL): string {
  return `${base}#${headingAnchor(heading)}`;
}

export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}
