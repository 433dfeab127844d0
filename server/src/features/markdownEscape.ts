/**
 * Safe Markdown for hovers. Everything that comes from a sidecar, an article or the kept facts
 * is escaped, so that no one who writes a sidecar can inject HTML, images, links or command URIs
 * into the editor; only links the server builds itself (Wikidata, Wikipedia, OpenStreetMap,
 * Commons, the entity's own http/https links) are clickable, and the only image is the Commons
 * thumbnail the server builds when the setting `articleAnnotations.hover.images` asks for it.
 */

/** Link addresses longer than this are not made clickable (cutting one would change where it goes). */
const MAX_LINK_LENGTH = 2048;

/**
 * Escapes text for Markdown: every character with a meaning in Markdown or HTML. The colon is
 * escaped too, so that an address in the text (`https://…`) is not turned into a link by
 * renderers that link bare addresses, as VS Code's does.
 */
export function escapeMarkdown(text: string, maxLength = 500): string {
  const clipped = text.length > maxLength ? text.slice(0, maxLength - 1) + '…' : text;
  return clipped
    .replace(/[\\`*_{}[\]()#+\-.!|~>:]/gu, (c) => `\\${c}`)
    .replace(/&/gu, '&amp;')
    .replace(/</gu, '&lt;')
    .replace(/\r\n|\r|\n/gu, ' ');
}

/**
 * A link, only when the address is an http or https URL; otherwise the label as plain text.
 * The address is written in angle-bracket-free form with characters that could end the link
 * percent-encoded.
 */
export function safeLink(label: string, address: string, allowFiles = false): string {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return escapeMarkdown(label);
  }
  // A file link only where the server built the address itself (an article of the workspace).
  const allowed = url.protocol === 'https:' || url.protocol === 'http:' || (allowFiles && url.protocol === 'file:');
  if (!allowed) return escapeMarkdown(label);
  if (url.href.length > MAX_LINK_LENGTH) return escapeMarkdown(label);
  return `[${escapeMarkdown(label, 200)}](${linkTarget(url)})`;
}

/** The form of an address inside a Markdown link: characters that could end the link percent-encoded. */
function linkTarget(url: URL): string {
  return url.href.replace(/[()<> "'\\]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * An image linked to a page, only when both addresses are https URLs the server built;
 * otherwise nothing. The editor loads the image when the card opens.
 */
export function safeImage(alt: string, source: string, page: string): string | undefined {
  let image: URL;
  let target: URL;
  try {
    image = new URL(source);
    target = new URL(page);
  } catch {
    return undefined;
  }
  if (image.protocol !== 'https:' || target.protocol !== 'https:') return undefined;
  if (image.href.length > MAX_LINK_LENGTH || target.href.length > MAX_LINK_LENGTH) return undefined;
  return `[![${escapeMarkdown(alt, 200)}](${linkTarget(image)})](${linkTarget(target)})`;
}
