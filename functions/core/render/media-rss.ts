/** Media RSS (`media:content`) for an article's lead image, shared by the RSS and Atom feeds. */
import type { ArticleImage } from "../model.js";
import type { XmlElement } from "./xml.js";

export function mediaContent(image: ArticleImage | undefined): XmlElement | undefined {
  if (!image) return undefined;
  return {
    "@_url": image.url,
    "@_type": image.type,
    "@_medium": "image",
    "@_width": image.width,
    "@_height": image.height,
    "@_fileSize": image.length,
    "media:description": image.caption ?? image.alt,
    "media:credit": image.credit,
  };
}
